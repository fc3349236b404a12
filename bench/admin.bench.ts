import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { emptyRecord } from '@graph-calling/notifications';
import { Bot, createLogger, loadConfig } from '@graph-calling/bot';
import { startRedis } from '@graph-calling/test-support/redisServer';
import type { Comparison } from './measure';
import { mainThreadCpuUs } from './threadCpu';
import { APP_ID, signer, TENANT } from './storeRedis.bench';
import { median, quantile, round1, round2, round3 } from './stats';

const RECORDS = Number(process.env['BENCH_ADMIN_RECORDS'] ?? 20_000);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const CALLBACK_SAMPLES = Number(process.env['BENCH_CALLBACK_SAMPLES'] ?? 400);
/** Rounds of callbacks alone then under the status clients, interleaved (so drift and other load hit both alike). */
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
/** The nice value of the status clients' process (default 0: as any process; 19 plays dashboards on other machines). */
const PRESSURE_NICE = Number(process.env['BENCH_PRESSURE_NICE'] ?? 0);
/** Criterion: the status load adds at most this much CPU time to the bot's thread (ms per second: 20 = 2% of a core)… */
const MAIN_CPU_BUDGET_MS_PER_S = 20;
/** …and at most this much to its event-loop delay p99 (ms). */
const LOOP_DELAY_BUDGET_MS = 1;

const percentile = (xs: readonly number[], p: number) => round2(quantile(xs, p));

function load(url: string, connections: number): Promise<autocannon.Result> {
  return autocannon({ url, connections, duration: SECONDS });
}

/** A child process that answers one JSON line per line written to its stdin. */
function lineChild(file: string, env: Record<string, string>, nice = 0) {
  const node = [process.execPath, join(import.meta.dirname, file)];
  const [command, ...args] = nice === 0 ? node : ['nice', '-n', String(nice), ...node];
  const child = spawn(command as string, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = once(child, 'exit');
  return {
    async next(): Promise<string> {
      const line = await lines.next();
      if (line.done === true) throw new Error(`admin: ${file} ended (${String(child.exitCode)}) without answering`);
      return line.value;
    },
    send: (message: unknown) => child.stdin.write(`${JSON.stringify(message)}\n`),
    end: async () => {
      child.stdin.end();
      await exited;
    },
  };
}

/** CPU time (ms) of the bot's thread — this process's main thread — so far; undefined off Linux. */
function mainThreadCpuMs(): number | undefined {
  const us = mainThreadCpuUs();
  return us === undefined ? undefined : us / 1000;
}

/**
 * CPU time and wall time spent in the phases of one kind, and the event-loop delay of the bot's
 * thread meanwhile (a monitor per phase: one re-enabled would count the time it was off as delay).
 */
class Phase {
  private readonly p99s: number[] = [];
  private max = 0;
  private wallMs = 0;
  private mainMs = 0;
  private processMs = 0;

  async time<T>(run: () => Promise<T>): Promise<T> {
    const delay = monitorEventLoopDelay({ resolution: 1 });
    const wall = performance.now();
    const main = mainThreadCpuMs() ?? 0;
    const cpu = process.cpuUsage();
    delay.enable();
    try {
      return await run();
    } finally {
      delay.disable();
      const used = process.cpuUsage(cpu);
      this.mainMs += (mainThreadCpuMs() ?? 0) - main;
      this.processMs += (used.user + used.system) / 1000;
      this.wallMs += performance.now() - wall;
      this.p99s.push(delay.percentile(99) / 1e6);
      this.max = Math.max(this.max, delay.max / 1e6);
    }
  }

  /** CPU ms per second of the bot's thread, and of the process's other threads (the admin worker, GC, libuv). */
  rates(): { main: number; others: number } {
    const perS = (ms: number) => round1((ms / this.wallMs) * 1000);
    return { main: perS(this.mainMs), others: perS(this.processMs - this.mainMs) };
  }

  /** The event-loop delay's p99 (the median of the phases') and max, ms. */
  loop(): { p99: number; max: number } {
    return { p99: round2(median(this.p99s)), max: round2(this.max) };
  }
}

/** How long each round's quiet phases last (nothing running; the status clients alone), ms. */
const QUIET_MS = Number(process.env['BENCH_QUIET_MS'] ?? 2000);

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * What 20 clients reading `/status` nonstop cost the bot's thread and its callbacks, in ROUNDS
 * interleaved rounds of six phases: nothing; callbacks alone; 20 clients of `/livez` (the admin
 * listener's constant-cost route: HTTP load that asks the bot's thread nothing); callbacks under
 * them; 20 clients of `/status`; callbacks under those. Callbacks and clients each run in a process of
 * their own, so this process's main thread runs only the bot (the admin worker has its own thread).
 * The criterion is the bot's thread: the CPU time the status clients add to it (against nothing),
 * and the event-loop delay p99 they add beyond what the `/livez` clients add (on a machine of few
 * cores, any load delays the thread by taking its core; this isolates the status reads' own share).
 * Callback latency (alone, under the `/livez` clients, under the status clients) is reported too:
 * it also counts the machine's other processes, the clients' among them, and on two cores cannot be
 * free of them — the `/livez` figure shows how much of it any such load costs.
 */
async function callbacksUnderStatusLoad(callbackUri: string, token: string, adminUrl: string): Promise<Comparison> {
  const callbacks = lineChild('callbackClient.mjs', { BENCH_CALLBACK_URL: callbackUri, BENCH_CALLBACK_TOKEN: token });
  const batch = async (n: number, tag: string): Promise<number[]> => {
    callbacks.send({ n, tag });
    const answer = JSON.parse(await callbacks.next()) as { ms?: number[]; error?: string };
    if (answer.ms === undefined) throw new Error(`admin: ${answer.error ?? 'the callback client answered nothing'}`);
    return answer.ms;
  };
  const clientsOf = async (path: string) => {
    const clients = lineChild('statusClients.mjs', { BENCH_STATUS_URL: `${adminUrl}${path}`, BENCH_STATUS_CLIENTS: '20' }, PRESSURE_NICE);
    if ((await clients.next()) !== 'ready') throw new Error(`admin: expected the ${path} clients ready`);
    return async () => {
      const done = clients.next();
      await clients.end();
      const result = JSON.parse(await done) as { answers: number; failures: number; seconds: number; p99: number };
      if (result.failures > 0) throw new Error(`admin: ${result.failures} ${path} requests failed under load`);
      return result;
    };
  };
  const idle = new Phase();
  const control = new Phase();
  const loaded = new Phase();
  const alone: number[] = [];
  const underLivez: number[] = [];
  const busy: number[] = [];
  const status = { answers: 0, failures: 0, seconds: 0, p99: 0 };
  try {
    await batch(50, 'warm');
    const perRound = Math.ceil(CALLBACK_SAMPLES / ROUNDS);
    for (let round = 0; round < ROUNDS; round += 1) {
      await idle.time(() => pause(QUIET_MS));
      alone.push(...(await batch(perRound, `alone-${round}`)));
      const stopControl = await clientsOf('/livez');
      await control.time(() => pause(QUIET_MS));
      underLivez.push(...(await batch(perRound, `livez-${round}`)));
      await stopControl();
      const stopStatus = await clientsOf('/status');
      await loaded.time(() => pause(QUIET_MS));
      busy.push(...(await batch(perRound, `busy-${round}`)));
      const result = await stopStatus();
      status.answers += result.answers;
      status.seconds += result.seconds;
      status.p99 = Math.max(status.p99, result.p99);
    }
  } finally {
    await callbacks.end();
  }
  const aloneP50 = percentile(alone, 0.5);
  const busyP50 = percentile(busy, 0.5);
  const [rateIdle, rateControl, rateLoaded] = [idle.rates(), control.rates(), loaded.rates()];
  const [loopIdle, loopControl, loopLoaded] = [idle.loop(), control.loop(), loaded.loop()];
  const addedMainCpu = round1(rateLoaded.main - rateIdle.main);
  // The delay the status reads add beyond what the same clients of a constant-cost route add (the
  // machine's cores shared with the clients' process and the admin worker).
  const addedDelay = round2(loopLoaded.p99 - loopControl.p99);
  console.log(
    `admin: ${status.answers} /status answers in ${ROUNDS} rounds (${Math.round(status.answers / status.seconds)}/s, worst round p99 ${status.p99} ms; clients at nice ${PRESSURE_NICE})`,
  );
  console.log(
    `admin: callbacks alone / under 20 /livez clients / under 20 /status clients: p50 ${aloneP50} / ${percentile(underLivez, 0.5)} / ${busyP50} ms, p99 ${percentile(alone, 0.99)} / ${percentile(underLivez, 0.99)} / ${percentile(busy, 0.99)} ms`,
  );
  console.log(
    `admin: bot's thread, nothing running / 20 /livez clients / 20 /status clients: CPU ${rateIdle.main} / ${rateControl.main} / ${rateLoaded.main} ms per s, event-loop delay p99 ${loopIdle.p99} / ${loopControl.p99} / ${loopLoaded.p99} ms (max ${loopIdle.max} / ${loopControl.max} / ${loopLoaded.max}); the process's other threads (admin worker, GC) ${rateIdle.others} / ${rateControl.others} / ${rateLoaded.others} ms per s`,
  );
  return {
    ratio: round3(aloneP50 / busyP50),
    baseline: { name: 'callback latency, nothing else running', opsPerSecond: Math.round(1000 / aloneP50) },
    subject: { name: 'callback latency while 20 clients read /status', opsPerSecond: Math.round(1000 / busyP50) },
    samples: busy.length,
    latency: { p50: busyP50, p99: percentile(busy, 0.99), baselineP50: aloneP50, baselineP99: percentile(alone, 0.99) },
    mainThread: {
      cpuMsPerS: rateLoaded.main,
      baselineCpuMsPerS: rateIdle.main,
      loopDelayP99: loopLoaded.p99,
      baselineLoopDelayP99: loopControl.p99,
      addedCpuMsPerS: addedMainCpu,
      addedLoopDelayP99: addedDelay,
      cpuBudgetMsPerS: MAIN_CPU_BUDGET_MS_PER_S,
      loopDelayBudgetMs: LOOP_DELAY_BUDGET_MS,
    },
  };
}

/**
 * The admin routes of `bot serve` with RECORDS (20,000) call records in Redis: `/health` and a
 * `/status` page against `/livez` on the same listener (targets: p99 < 5 ms and < 100 ms), and
 * callbacks alone against callbacks while 20 clients keep asking for `/status`
 * ({@link callbacksUnderStatusLoad}: the criterion is what the load adds to the bot's own thread).
 */
export async function run(): Promise<Record<string, Comparison>> {
  const redis = await startRedis();
  const keys = await signer();
  const env = {
    GRAPH_TENANT_ID: TENANT,
    GRAPH_APP_ID: APP_ID,
    GRAPH_CLIENT_SECRET: 'not-used',
    // Never called: the bench only posts callbacks and reads the admin routes.
    GRAPH_BASE_URL: 'http://127.0.0.1:9',
    OPENID_CONFIGURATION_URL: keys.openIdConfigurationUrl,
    BOT_REDIS_URL: redis.url,
    BOT_PORT: '0',
    // The seeded calls belong to no live instance: a lease sweep would adopt (and keep alive) all 15,000
    // live ones. Ownership and the reconciler's scan list the store (O(n), not the admin routes' cost):
    // their periods are stretched so the figures are those of the admin routes.
    BOT_LEASE_MS: '3600000',
    BOT_RECONCILE_SILENCE_MS: '86400000',
  };
  const bot = await Bot.start({ ...loadConfig(env), port: 0 }, { logger: createLogger({ level: 'silent' }) });
  try {
    const seeded = performance.now();
    for (let from = 0; from < RECORDS; from += 500)
      await Promise.all(
        Array.from({ length: Math.min(500, RECORDS - from) }, async (_, k) => {
          const i = from + k;
          const id = `seed-${String(i).padStart(6, '0')}`;
          await bot.app.store.update(id, () => ({
            record: {
              ...emptyRecord(id, Date.now()),
              state: i % 4 === 0 ? 'terminated' : 'established',
              ...(i % 4 === 0 ? { terminatedAt: Date.now() } : {}),
              call: { id, direction: i % 2 === 0 ? 'incoming' : 'outgoing' },
            },
            result: undefined,
          }));
        }),
      );
    console.log(`admin: ${RECORDS} records written to Redis in ${Math.round(performance.now() - seeded)} ms`);
    const admin = bot.adminUrl as string;
    const health = (await (await fetch(`${admin}/health`)).json()) as { calls: number };
    if (health.calls < RECORDS) throw new Error(`admin: expected /health to count ${RECORDS} calls, found ${health.calls}`);
    const pageAnswer = await fetch(`${admin}/status`);
    const page = await pageAnswer.text();
    if (pageAnswer.status !== 200) throw new Error(`admin: /status answered ${pageAnswer.status}: ${page}`);
    const bigPage = await (await fetch(`${admin}/status?limit=500`)).text();
    console.log(`admin: /status page of 50 calls is ${page.length} bytes, of 500 calls ${bigPage.length} bytes`);

    await load(`${admin}/livez`, 1);
    const livez = await load(`${admin}/livez`, 1);
    const healthRun = await load(`${admin}/health`, 1);
    const statusRun = await load(`${admin}/status`, 1);
    const status20 = await load(`${admin}/status`, 20);
    const failures = (r: autocannon.Result) => r.non2xx + r.errors + r.timeouts;
    for (const [name, r] of [
      ['livez', livez],
      ['health', healthRun],
      ['status', statusRun],
      ['status x20', status20],
    ] as const)
      if (failures(r) > 0)
        throw new Error(
          `admin: ${failures(r)} failed ${name} requests (non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts}; ${JSON.stringify(r.statusCodeStats)})`,
        );

    const effect = await callbacksUnderStatusLoad(bot.callbackUri, keys.token, admin);
    const per = (r: autocannon.Result) => Math.round(r.requests.average);
    const vsLivez = (r: autocannon.Result, name: string, p99Target: number): Comparison => ({
      ratio: round3(r.requests.average / livez.requests.average),
      baseline: { name: '/livez on the admin listener (constant cost)', opsPerSecond: per(livez) },
      subject: { name, opsPerSecond: per(r) },
      samples: r.requests.total,
      latency: { p50: r.latency.p50, p99: r.latency.p99, baselineP50: livez.latency.p50, baselineP99: livez.latency.p99, p99Target },
    });
    return {
      'admin.health': vsLivez(healthRun, `/health with ${RECORDS} records in Redis`, 5),
      'admin.status': vsLivez(statusRun, `/status (page of 50) with ${RECORDS} records in Redis`, 100),
      'admin.status-20-concurrent': vsLivez(status20, `/status, 20 concurrent clients, ${RECORDS} records`, 100),
      'admin.callback-under-status-load': effect,
    };
  } finally {
    await bot.close();
    await keys.close();
    await redis.close();
  }
}
