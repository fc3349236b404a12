import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { performance } from 'node:perf_hooks';
import { createCallingApp, type CallingApp, type CallingAppOptions } from '@graph-calling/app';
import type { TokenVerifier, VerifiedCaller } from '@graph-calling/notifications';
import { connectRedis, RedisCallLeases, RedisCallStore, RedisEventFeed } from '@graph-calling/store-redis';
import { createCallsClient, staticToken } from '@graph-calling/transport';
import { closeAll, startRedis } from '@graph-calling/test-support/redisServer';
import { alternatingRounds, type Comparison } from './measure';
import { median, middleHalf, round1, round3 } from './stats';

/**
 * Cost that grows with the calls an instance holds, measured on `createCallingApp` as a bot uses it
 * (receiver, store, ownership with leases, one keep-alive scheduler, reconciler, event feed): one
 * instance on the memory store and three sharing Redis, each holding `LIVE_CALLS` live calls it
 * claimed (as `app.place` does) and built from real notifications (establishing → established, a
 * roster of three). Measured: memory per live call, a full ownership sweep, a reconciler scan, CPU
 * at idle with the app's own timers at their defaults, and callback throughput against an app
 * holding 100 calls (same run, alternating rounds, every callback awaited).
 */

const LIVE_CALLS = Number(process.env['BENCH_SCALE_CALLS'] ?? 10_000);
/** The small app of the throughput comparison. */
const FEW_CALLS = Number(process.env['BENCH_SCALE_FEW'] ?? 100);
const REDIS_INSTANCES = 3;
/** Long enough for three ownership sweeps (every lease/3 = 10 s) and two reconciler scans (15 s) at the defaults. */
const IDLE_MS = Number(process.env['BENCH_SCALE_IDLE_MS'] ?? 30_000);
/** Callbacks per throughput round, and rounds (alternating the two apps). */
const BATCH = Number(process.env['BENCH_SCALE_BATCH'] ?? 2000);
const ROUNDS = Number(process.env['BENCH_SCALE_ROUNDS'] ?? 9);

const CALLER: VerifiedCaller = Object.freeze({
  tenantId: 'aa67bd4c-8475-432d-bd41-39f255720e0a',
  appId: 'bench',
  issuer: 'bench',
  claims: {},
});
/** Verification is measured by the notifications suite; here every callback is already verified. */
const verifier: TokenVerifier = { verify: () => Promise.resolve(CALLER) };
// Never called: no keep-alive is due within the bench (15 min) and no call falls silent (see `appOptions`).
const client = createCallsClient({ baseUrl: 'https://127.0.0.1:9', auth: staticToken('unused') });

/**
 * The app's options: defaults everywhere (lease 30 s, sweep every 10 s, keep-alive every 15 min,
 * a reconciler scan every 15 s) except the silence after which a call is reconciled — an hour, so
 * no call here asks Graph (there is none behind these calls); the scans still read every owned record.
 */
const appOptions: Pick<CallingAppOptions, 'client' | 'verifier' | 'reconcile' | 'onShutdown'> = {
  client,
  verifier,
  reconcile: { silenceMs: 3_600_000, scanEveryMs: 15_000 },
  onShutdown: 'handover',
};

const callId = (instance: number, i: number) =>
  `${instance.toString(16).padStart(8, '0')}-5c4b-4e0a-9d1c-${i.toString(16).padStart(12, '0')}`;

/** The notifications of one call's life so far: establishing, established, a roster of three. */
function lifeOf(id: string): string[] {
  const url = `/communications/calls/${id}`;
  const call = (state: string) =>
    JSON.stringify({
      '@odata.type': '#microsoft.graph.commsNotifications',
      value: [
        {
          '@odata.type': '#microsoft.graph.commsNotification',
          changeType: 'updated',
          resourceUrl: url,
          resourceData: {
            '@odata.type': '#microsoft.graph.call',
            state,
            direction: 'outgoing',
            callbackUri: 'https://bot.example/callback',
            mediaState: { audio: 'active' },
            chatInfo: { threadId: '19:meeting_Win6Ydo4wsMijFjZS00ZGVjLTk5MGUtOTRjNWY2NmNkYTFm@thread.v2', messageId: '0' },
            id,
          },
        },
      ],
    });
  return [call('establishing'), call('established'), roster(id, false)];
}

/** A roster of three participants; `muted` toggles the first one's mute (a change on every other callback). */
function roster(id: string, muted: boolean): string {
  const participant = (n: number, isMuted: boolean) => ({
    '@odata.type': '#microsoft.graph.participant',
    info: {
      '@odata.type': '#microsoft.graph.participantInfo',
      identity: {
        '@odata.type': '#microsoft.graph.identitySet',
        user: { '@odata.type': '#microsoft.graph.identity', displayName: `Participant ${n}`, id: '112f7296-5fa4-42ca-bae8-6a692b15d4b8' },
      },
      languageId: 'en-US',
    },
    mediaStreams: [
      { '@odata.type': '#microsoft.graph.mediaStream', mediaType: 'audio', sourceId: `${n}`, direction: 'sendReceive', serverMuted: false },
    ],
    isMuted,
    isInLobby: false,
    id: `0d7664b6-6432-43ed-8d27-${String(n).padStart(12, '0')}`,
  });
  return JSON.stringify({
    '@odata.type': '#microsoft.graph.commsNotifications',
    value: [
      {
        '@odata.type': '#microsoft.graph.commsNotification',
        changeType: 'updated',
        resourceUrl: `/communications/calls/${id}/participants`,
        resourceData: [participant(1, muted), participant(2, false), participant(3, true)],
      },
    ],
  });
}

async function deliver(app: CallingApp, text: string): Promise<void> {
  const committed = await app.receiver.parse(CALLER, JSON.parse(text)).commit();
  if (!committed.complete) throw new Error(`benchmark callback not stored: ${String(committed.failure)}`);
  await committed.dispatch();
}

/** Gives an app `count` live calls: each claimed (as `place` does), then its notifications delivered; `parallel` calls at a time. */
async function populate(app: CallingApp, instance: number, count: number, parallel: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const id = callId(instance, i);
      if (!(await app.ownership.claim(id))) throw new Error(`benchmark call ${id} claimed by another instance`);
      for (const text of lifeOf(id)) await deliver(app, text);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  await app.idle();
}

const gc: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/**
 * CPU used by this process (all threads) over `ms` of doing nothing but its timers, as a fraction of one core.
 * The garbage the measurements before it left (forced sweeps and scans, thousands of calls set up) is collected
 * first: its collection is their cost, not the idle app's.
 */
async function idleCpu(ms: number): Promise<number> {
  gc();
  const start = process.cpuUsage();
  const t = performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / (performance.now() - t);
}

/** Median wall time of `runs` runs, and the median CPU time of this process they took (less sensitive to a loaded machine). */
async function medianMs(runs: number, fn: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const cpu = process.cpuUsage();
    const t = performance.now();
    await fn();
    walls.push(performance.now() - t);
    const used = process.cpuUsage(cpu);
    cpus.push((used.user + used.system) / 1000);
  }
  return { wall: median(walls), cpu: median(cpus) };
}

/**
 * Callback throughput of `subject` against `baseline` (same notifications: mute toggles on the calls
 * each holds), in alternating rounds of {@link BATCH} callbacks, `parallel` in flight, every one
 * awaited to its dispatch — the ratio is the median of the paired rounds' ratios.
 */
async function throughput(
  names: { baseline: string; subject: string },
  baseline: { app: CallingApp; instance: number; count: number },
  subject: { app: CallingApp; instance: number; count: number },
  parallel: number,
): Promise<Comparison> {
  const counters = new Map<CallingApp, number>();
  const round = async (side: typeof baseline) => {
    let n = counters.get(side.app) ?? 0;
    const end = n + BATCH;
    const t = performance.now();
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        for (let i = n++; i < end; i = n++)
          await deliver(side.app, roster(callId(side.instance, i % side.count), Math.floor(i / side.count) % 2 === 0));
      }),
    );
    await side.app.idle();
    counters.set(side.app, end);
    return performance.now() - t;
  };
  // The first round warms up.
  const rounds = (await alternatingRounds(ROUNDS + 1, { baseline: () => round(baseline), subject: () => round(subject) })).slice(1);
  const a = rounds.map((r) => r.baseline);
  const b = rounds.map((r) => r.subject);
  const perSecond = (xs: number[]) => Math.round((BATCH * 1000) / median(xs));
  const ratios = rounds.map((r) => r.baseline / r.subject);
  return {
    ratio: round3(median(ratios)),
    spread: middleHalf(ratios),
    baseline: { name: names.baseline, opsPerSecond: perSecond(a) },
    subject: { name: names.subject, opsPerSecond: perSecond(b) },
    samples: a.length,
    target: 0.9,
  };
}

/** An absolute figure reported as a Comparison: `ratio` is the figure against its budget (≤ 1 meets it). */
function budget(name: string, value: number, unit: string, limit: number): Comparison {
  return {
    ratio: round3(value / limit),
    baseline: { name: `budget ${limit} ${unit}`, opsPerSecond: limit },
    subject: { name: `${name}: ${round1(value)} ${unit}`, opsPerSecond: round1(value) },
    samples: 1,
    target: 1,
    lowerIsBetter: true,
  };
}

async function memoryInstance(): Promise<Record<string, Comparison>> {
  const few = await createCallingApp(appOptions);
  const many = await createCallingApp(appOptions);
  try {
    await populate(few, 2, FEW_CALLS, 8);
    const before = heapUsed();
    await populate(many, 1, LIVE_CALLS, 8);
    const perCall = (heapUsed() - before) / LIVE_CALLS;
    const sweep = await medianMs(5, () => many.ownership.sweep());
    if (many.ownership.ownedCount !== LIVE_CALLS || many.keepAlive.size !== LIVE_CALLS)
      throw new Error(`expected ${LIVE_CALLS} owned and kept-alive calls, found ${many.ownership.ownedCount} and ${many.keepAlive.size}`);
    const scan = await medianMs(5, async () => many.receiver.reconciler?.scan());
    const idle = await idleCpu(IDLE_MS);
    const rate = await throughput(
      { baseline: `callbacks with ${FEW_CALLS} live calls held`, subject: `callbacks with ${LIVE_CALLS} live calls held` },
      { app: few, instance: 2, count: FEW_CALLS },
      { app: many, instance: 1, count: LIVE_CALLS },
      1,
    );
    return {
      'scale.memory.heap-per-live-call': budget(
        `heap per live call (${LIVE_CALLS} calls, createCallingApp, memory store)`,
        perCall / 1024,
        'KB',
        5,
      ),
      'scale.memory.sweep': budget(`one ownership sweep of ${LIVE_CALLS} owned calls (CPU ${round1(sweep.cpu)} ms)`, sweep.wall, 'ms', 50),
      'scale.memory.reconciler-scan': budget(
        `reconciler scan of ${LIVE_CALLS} live calls (CPU ${round1(scan.cpu)} ms)`,
        scan.wall,
        'ms',
        50,
      ),
      'scale.memory.idle-cpu': budget(
        `idle CPU holding ${LIVE_CALLS} calls (app defaults, over ${IDLE_MS} ms)`,
        idle * 100,
        '% of a core',
        2,
      ),
      'scale.memory.callback-throughput': rate,
    };
  } finally {
    await Promise.all([few.close(), many.close()]);
  }
}

async function redisInstances(): Promise<Record<string, Comparison>> {
  const server = await startRedis();
  const connections: Array<Awaited<ReturnType<typeof connectRedis>>> = [];
  const apps: CallingApp[] = [];
  const appOn = async (prefix?: string) => {
    const redis = await connectRedis(server.url, { commandTimeout: 30_000 });
    connections.push(redis);
    const app = await createCallingApp({
      ...appOptions,
      store: new RedisCallStore({ redis, ...(prefix !== undefined ? { prefix } : {}) }),
      leases: new RedisCallLeases({ redis, ...(prefix !== undefined ? { prefix } : {}) }),
      feed: new RedisEventFeed({ redis, ...(prefix !== undefined ? { prefix } : {}) }),
    });
    apps.push(app);
    return app;
  };
  try {
    const admin = await connectRedis(server.url);
    connections.push(admin);
    const info = async (section: string, field: string) =>
      Number(new RegExp(`${field}:([\\d.]+)`).exec(await admin.info(section))?.[1] ?? NaN);
    // The baseline has peers too (idle, on its own prefix): each callback's events reach two other
    // apps in this process through the feed on both sides, so only the calls held differ.
    const [few] = await Promise.all(Array.from({ length: REDIS_INSTANCES }, () => appOn('graph-calling-few:')));
    if (few === undefined) throw new Error('no baseline app');
    await populate(few, 20, FEW_CALLS, 8);
    const instances = await Promise.all(Array.from({ length: REDIS_INSTANCES }, () => appOn()));
    const emptyRedis = await info('memory', 'used_memory');
    const emptyHeap = heapUsed();
    await Promise.all(instances.map((app, i) => populate(app, 10 + i, LIVE_CALLS, 8)));
    const perCallRedis = ((await info('memory', 'used_memory')) - emptyRedis) / (LIVE_CALLS * REDIS_INSTANCES);
    const perCallHeap = (heapUsed() - emptyHeap) / (LIVE_CALLS * REDIS_INSTANCES);
    const first = instances[0] as CallingApp;
    const sweep = await medianMs(3, () => first.ownership.sweep());
    for (const app of instances)
      if (app.ownership.ownedCount !== LIVE_CALLS)
        throw new Error(`expected ${LIVE_CALLS} owned calls per instance, found ${app.ownership.ownedCount}`);
    const scan = await medianMs(3, async () => first.receiver.reconciler?.scan());
    const redisCpuBefore = (await info('cpu', 'used_cpu_user')) + (await info('cpu', 'used_cpu_sys'));
    const idle = await idleCpu(IDLE_MS);
    const redisCpu = ((await info('cpu', 'used_cpu_user')) + (await info('cpu', 'used_cpu_sys')) - redisCpuBefore) / (IDLE_MS / 1000);
    const rate = await throughput(
      {
        baseline: `callbacks on Redis, an instance holding ${FEW_CALLS} calls`,
        subject: `callbacks on Redis, an instance holding ${LIVE_CALLS} calls (${LIVE_CALLS * REDIS_INSTANCES} in Redis)`,
      },
      { app: few, instance: 20, count: FEW_CALLS },
      { app: first, instance: 10, count: LIVE_CALLS },
      32,
    );
    return {
      'scale.redis.memory-per-live-call': budget(
        `Redis used_memory per live call (${REDIS_INSTANCES} instances × ${LIVE_CALLS})`,
        perCallRedis / 1024,
        'KB',
        5,
      ),
      'scale.redis.heap-per-live-call': budget(
        `heap per live call of the ${REDIS_INSTANCES} apps in this process (each also hears the others' calls' events)`,
        perCallHeap / 1024,
        'KB',
        5,
      ),
      'scale.redis.sweep': budget(
        `one instance's ownership sweep (${LIVE_CALLS} owned, ${REDIS_INSTANCES * LIVE_CALLS} in Redis; CPU ${round1(sweep.cpu)} ms)`,
        sweep.wall,
        'ms',
        50,
      ),
      'scale.redis.reconciler-scan': budget(
        `one instance's reconciler scan (${LIVE_CALLS} owned, ${REDIS_INSTANCES * LIVE_CALLS} in Redis; CPU ${round1(scan.cpu)} ms)`,
        scan.wall,
        'ms',
        50,
      ),
      'scale.redis.idle-cpu': budget(
        `idle CPU per instance, ${REDIS_INSTANCES} in one process beside the baseline's ${REDIS_INSTANCES} apps of ${FEW_CALLS} calls (app defaults, over ${IDLE_MS} ms; redis-server used ${round1(redisCpu * 100)}% of a core)`,
        (idle * 100) / REDIS_INSTANCES,
        '% of a core per instance',
        2,
      ),
      'scale.redis.callback-throughput': rate,
    };
  } finally {
    await Promise.all(apps.map((app) => app.close()));
    await closeAll(connections);
    await server.close();
  }
}

/** One instance on the memory store. */
export function run(): Promise<Record<string, Comparison>> {
  return memoryInstance();
}

/** Three instances sharing Redis (a suite of its own: its figures print even when the memory ones are all that is wanted). */
export function runRedis(): Promise<Record<string, Comparison>> {
  return redisInstances();
}
