import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { emptyRecord } from '@graph-calling/notifications';
import { Bot, createLogger, loadConfig } from '@graph-calling/bot';
import { startRedis } from '@graph-calling/test-support/redisServer';
import type { Comparison } from './measure';
import { APP_ID, signer, TENANT } from './storeRedis.bench';

const RECORDS = Number(process.env['BENCH_ADMIN_RECORDS'] ?? 20_000);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const CALLBACK_SAMPLES = Number(process.env['BENCH_CALLBACK_SAMPLES'] ?? 400);
/** How long the 20 status clients run (the busy callbacks must fit inside). */
const PRESSURE_SECONDS = Number(process.env['BENCH_PRESSURE_SECONDS'] ?? 25);

const notification = (callId: string) =>
  JSON.stringify({
    '@odata.type': '#microsoft.graph.commsNotifications',
    value: [
      {
        '@odata.type': '#microsoft.graph.commsNotification',
        changeType: 'updated',
        resourceUrl: `/communications/calls/${callId}`,
        resourceData: { '@odata.type': '#microsoft.graph.call', state: 'established', id: callId },
      },
    ],
  });

function load(url: string, connections: number): Promise<autocannon.Result> {
  return autocannon({ url, connections, duration: SECONDS });
}

/** ms of each of `n` sequential callbacks (fresh call ids), answered 202 once stored in Redis. */
async function callbackLatencies(callbackUri: string, token: string, n: number, tag: string): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const started = performance.now();
    const answer = await fetch(callbackUri, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: notification(`bench-${tag}-${i}`),
    });
    const text = await answer.text();
    if (answer.status !== 202) throw new Error(`callback: expected 202, found ${answer.status} ${text}`);
    out.push(performance.now() - started);
  }
  return out;
}

const percentile = (xs: readonly number[], p: number) =>
  Math.round(([...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)] ?? 0) * 100) / 100;

/**
 * The admin routes of `bot serve` with RECORDS (20,000) call records in Redis: `/health` and a
 * `/status` page against `/livez` on the same listener (targets: p99 < 5 ms and < 100 ms), and
 * callback latency alone against callback latency while 20 clients keep asking for `/status`.
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

    await callbackLatencies(bot.callbackUri, keys.token, 50, 'warm');
    const alone = await callbackLatencies(bot.callbackUri, keys.token, CALLBACK_SAMPLES, 'alone');
    // 20 clients keep reading /status (each request answered before its next) while the callbacks are
    // timed; they run in their own process, so that only the server's work competes with the callbacks
    // (the admin listener's own worker thread, and the reads it asks of the bot's thread).
    const pressure = spawn(
      join(__dirname, '../node_modules/.bin/autocannon'),
      ['-c', '20', '-d', String(PRESSURE_SECONDS), '-j', `${admin}/status`],
      {
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    let pressureOut = '';
    pressure.stdout.on('data', (chunk: Buffer) => (pressureOut += chunk.toString('utf8')));
    const pressureEnded = once(pressure, 'exit');
    // Until the clients are up (their first answers), then the busy callbacks.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const busyStarted = performance.now();
    const busy = await callbackLatencies(bot.callbackUri, keys.token, CALLBACK_SAMPLES, 'busy');
    const busySeconds = (performance.now() - busyStarted) / 1000;
    if (busySeconds > PRESSURE_SECONDS - 2)
      console.log(`admin: the busy callbacks outlasted the status clients (${busySeconds.toFixed(1)} s)`);
    await pressureEnded;
    const statusDuring = JSON.parse(pressureOut) as autocannon.Result;
    if (failures(statusDuring) > 0) throw new Error(`admin: ${failures(statusDuring)} status requests failed under load`);
    console.log(`admin: ${statusDuring.requests.total} /status answers during the busy callbacks, p99 ${statusDuring.latency.p99} ms`);
    const per = (r: autocannon.Result) => Math.round(r.requests.average);
    const vsLivez = (r: autocannon.Result, name: string, p99Target: number): Comparison => ({
      ratio: Math.round((r.requests.average / livez.requests.average) * 1000) / 1000,
      baseline: { name: '/livez on the admin listener (constant cost)', opsPerSecond: per(livez) },
      subject: { name, opsPerSecond: per(r) },
      samples: r.requests.total,
      latency: { p50: r.latency.p50, p99: r.latency.p99, baselineP50: livez.latency.p50, baselineP99: livez.latency.p99, p99Target },
    });
    const aloneP50 = percentile(alone, 0.5);
    const busyP50 = percentile(busy, 0.5);
    return {
      'admin.health': vsLivez(healthRun, `/health with ${RECORDS} records in Redis`, 5),
      'admin.status': vsLivez(statusRun, `/status (page of 50) with ${RECORDS} records in Redis`, 100),
      'admin.status-20-concurrent': vsLivez(status20, `/status, 20 concurrent clients, ${RECORDS} records`, 100),
      'admin.callback-under-status-load': {
        ratio: Math.round((aloneP50 / busyP50) * 1000) / 1000,
        baseline: { name: 'callback latency, nothing else running', opsPerSecond: Math.round(1000 / aloneP50) },
        subject: { name: 'callback latency while 20 clients read /status', opsPerSecond: Math.round(1000 / busyP50) },
        samples: busy.length,
        latency: { p50: busyP50, p99: percentile(busy, 0.99), baselineP50: aloneP50, baselineP99: percentile(alone, 0.99) },
      },
    };
  } finally {
    await bot.close();
    await keys.close();
    await redis.close();
  }
}
