/**
 * `pnpm bench -- app`: (1) events per second through a calling app — receiver, ordered per-call
 * dispatch, waits' mailboxes, operation tracker and the event feed — against the bare receiver with
 * one handler, same notifications, alternating rounds; (2) cross-instance event latency over Redis on
 * loopback: from one instance's receiver applying a notification to another instance's call handle
 * seeing the event, against the same instance's own handle seeing it.
 */
import { performance } from 'node:perf_hooks';
import { createCallingApp, type CallingApp } from '@graph-calling/app';
import {
  createCallbackReceiver,
  MemoryCallStore,
  type CallbackReceiver,
  type TokenVerifier,
  type VerifiedCaller,
} from '@graph-calling/notifications';
import { connectRedis, RedisCallLeases, RedisCallStore, RedisEventFeed } from '@graph-calling/store-redis';
import { createCallsClient, staticToken } from '@graph-calling/transport';
import { closeAll, startRedis } from '@graph-calling/test-support/redisServer';
import { alternatingRounds, type Comparison } from './measure';
import { median, middleHalf, round3 } from './stats';

const CALLS = 200;
const BATCH = Number(process.env['BENCH_APP_BATCH'] ?? 2000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 15);
const LATENCY_SAMPLES = Number(process.env['BENCH_LATENCY_SAMPLES'] ?? 500);

const caller: VerifiedCaller = { tenantId: 't', appId: 'a', issuer: 'bench', claims: {} };
const verifier: TokenVerifier = { verify: () => Promise.resolve(caller) };
// Never called: no action is sent in these benchmarks (the reconciler is off, keep-alives are 45 min away).
const client = createCallsClient({ baseUrl: 'https://127.0.0.1:9', auth: staticToken('unused') });

/** A key press on call `n % CALLS` with a fresh sequence id: every notification yields a new event. */
function keyPress(n: number): unknown {
  const id = `bench-call-${n % CALLS}`;
  return {
    value: [
      {
        changeType: 'updated',
        resourceUrl: `/communications/calls/${id}`,
        resourceData: { '@odata.type': '#microsoft.graph.call', id, state: 'established', toneInfo: { sequenceId: n, tone: 'tone1' } },
      },
    ],
  };
}

async function feedBatch(receiver: CallbackReceiver, from: number, settle: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await Promise.all(Array.from({ length: BATCH }, (_, i) => receiver.parse(caller, keyPress(from + i)).process()));
  await settle();
  return performance.now() - started;
}

async function throughput(): Promise<Comparison> {
  const bare = createCallbackReceiver({ verifier, store: new MemoryCallStore() });
  let bareSeen = 0;
  bare.on('*', () => void (bareSeen += 1));
  const app = await createCallingApp({ client, verifier, reconcile: false });
  let appSeen = 0;
  app.on('*', () => void (appSeen += 1));
  let n = 0;
  /** The first key-press number of the next batch (every batch sends new ones). */
  const nextBatch = () => (n += BATCH) - BATCH;
  // The first two rounds warm up.
  const rounds = (
    await alternatingRounds(ROUNDS + 2, {
      bare: () => feedBatch(bare, nextBatch(), () => Promise.resolve()),
      app: () => feedBatch(app.receiver, nextBatch(), () => app.idle()),
    })
  ).slice(2);
  const bareMs = rounds.map((r) => r.bare);
  const appMs = rounds.map((r) => r.app);
  await app.close({ graceMs: 1000 });
  if (appSeen === 0 || bareSeen === 0) throw new Error('the handlers saw no event');
  const ratios = rounds.map((r) => r.bare / r.app);
  const perSecond = (list: number[]) => Math.round((BATCH * 1000) / median(list));
  return {
    ratio: round3(median(ratios)),
    spread: middleHalf(ratios),
    baseline: { name: 'bare createCallbackReceiver, one handler', opsPerSecond: perSecond(bareMs) },
    subject: { name: 'createCallingApp: ordered per-call dispatch, mailboxes, tracker, memory event feed', opsPerSecond: perSecond(appMs) },
    samples: ratios.length,
    target: 0.85,
  };
}

async function crossInstance(): Promise<Comparison> {
  const redis = await startRedis();
  const connections: Array<Awaited<ReturnType<typeof connectRedis>>> = [];
  const parts = async () => {
    const connection = await connectRedis(redis.url);
    connections.push(connection);
    return {
      store: new RedisCallStore({ redis: connection }),
      leases: new RedisCallLeases({ redis: connection }),
      feed: new RedisEventFeed({ redis: connection }),
    };
  };
  const apps: CallingApp[] = [];
  try {
    const a = await createCallingApp({ client, verifier, reconcile: false, ...(await parts()) });
    const b = await createCallingApp({ client, verifier, reconcile: false, ...(await parts()) });
    apps.push(a, b);
    const local: number[] = [];
    const remote: number[] = [];
    for (let i = 0; i < LATENCY_SAMPLES + 20; i += 1) {
      const callId = `bench-call-${i % CALLS}`;
      const started = performance.now();
      const seenHere = a
        .call(callId)
        .next('tone.received', { timeoutMs: 5000 })
        .then(() => performance.now() - started);
      const seenThere = b
        .call(callId)
        .next('tone.received', { timeoutMs: 5000 })
        .then(() => performance.now() - started);
      await a.receiver.parse(caller, keyPress(1_000_000 + i)).process();
      const [here, there] = await Promise.all([seenHere, seenThere]);
      if (i >= 20) {
        local.push(here);
        remote.push(there);
      }
    }
    const p = (list: number[], q: number) =>
      round3([...list].sort((x, y) => x - y)[Math.min(list.length - 1, Math.floor(list.length * q))] ?? 0);
    return {
      ratio: round3(median(local) / median(remote)),
      baseline: { name: 'the same instance’s call handle (store write + local dispatch)', opsPerSecond: Math.round(1000 / median(local)) },
      subject: {
        name: 'another instance’s call handle, through Redis Pub/Sub on loopback',
        opsPerSecond: Math.round(1000 / median(remote)),
      },
      samples: remote.length,
      latency: { p50: p(remote, 0.5), p99: p(remote, 0.99), baselineP50: p(local, 0.5), baselineP99: p(local, 0.99), p99Target: 50 },
    };
  } finally {
    await Promise.all(apps.map((app) => app.close({ graceMs: 1000 })));
    await closeAll(connections);
    await redis.close();
  }
}

export async function run(): Promise<Record<string, Comparison>> {
  return {
    'app.events-per-second': await throughput(),
    'app.cross-instance-latency': await crossInstance(),
  };
}
