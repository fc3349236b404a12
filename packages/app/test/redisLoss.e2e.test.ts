import type { Redis } from 'ioredis';
import { createCallingApp, type AppLogger, type CallingApp } from '@graph-calling/app';
import { peerToPeerCall, serviceHosted, user } from '@graph-calling/builders';
import { createSimulator, type Simulator } from '@graph-calling/simulator';
import { eventually } from '@graph-calling/test-support/eventually';
import { closeAll, startRedis, type TestRedis } from '@graph-calling/test-support/redisServer';
import { redisParts } from '../examples/bot';
import { requestLog, simulatorSettings } from './simulatorSettings';

const john = user('112f7296-5fa4-42ca-bae8-6a692b15d4b8', 'John');
/** Graph ends a call after this long without a keep-alive (shortened from 45 minutes). */
const KEEP_ALIVE_WINDOW_MS = 5000;
/** The app's keep-alive interval: ten per window, so a loaded machine's delays cannot end a call. */
const KEEP_ALIVE_MS = 500;

let simulator: Simulator;
const connections: Redis[] = [];

beforeAll(async () => {
  simulator = await createSimulator({ timing: { stepMs: 5, autoAnswerMs: 5, keepAliveWindowMs: KEEP_ALIVE_WINDOW_MS } });
});
afterAll(async () => {
  await closeAll(connections);
  await simulator.close();
});

function recordingLogger(): AppLogger & { readonly errors: Array<{ fields: Record<string, unknown>; message: string }> } {
  const errors: Array<{ fields: Record<string, unknown>; message: string }> = [];
  return { errors, info: () => undefined, warn: () => undefined, error: (fields, message) => void errors.push({ fields, message }) };
}

async function appOn(redis: TestRedis, leaseMs: number, logger?: AppLogger) {
  const log = requestLog();
  const { redis: connection, ...parts } = await redisParts(redis.url, leaseMs);
  connections.push(connection);
  const app: CallingApp = await createCallingApp({
    ...simulatorSettings(simulator, [log.middleware]),
    ...parts,
    keepAliveMs: KEEP_ALIVE_MS,
    waitTimeoutMs: 10_000,
    ...(logger !== undefined ? { logger } : {}),
  });
  await app.listen();
  const place = async (count: number) =>
    Promise.all(
      Array.from({ length: count }, () =>
        app.place((callbackUri) => peerToPeerCall({ callbackUri, to: john, media: serviceHosted() }), { until: 'established' }),
      ),
    );
  return { app, log, place, parts };
}

describe('Redis restarted empty while calls are up', () => {
  it('the owner claims its calls again, rebuilds their records from Graph and keeps them alive: none ends', async () => {
    const redis = await startRedis();
    const { app, log, place, parts } = await appOn(redis, 3000);
    try {
      const calls = await place(4);
      const ids = calls.map((c) => c.id);
      // The calls have been up for a sweep: the owner has seen their records (a record never seen may simply not be written yet).
      await app.ownership.sweep();
      await redis.pause();
      await redis.start();
      const restartedAt = log.lines.length;
      const keepAlivesSince = (id: string) => log.lines.slice(restartedAt).filter((line) => line.endsWith(`/calls/${id}/keepAlive`)).length;
      // Records come back from Graph, leases are held again, and health says what happened.
      await eventually(async () => {
        for (const id of ids) expect((await parts.store.get(id))?.state).toBe('established');
        for (const id of ids) expect(app.ownership.owns(id)).toBe(true);
      }, 20_000);
      expect(app.ownership.degraded).toMatch(/lost the leases or records of live calls/);
      // Keep-alives go on for longer than Graph's window: a call without them would have ended by then.
      await eventually(() => ids.every((id) => keepAlivesSince(id) >= KEEP_ALIVE_WINDOW_MS / KEEP_ALIVE_MS + 2), 20_000);
      for (const id of ids) expect(simulator.control.call(id)?.state).toBe('established');
      await app.close({ onShutdown: 'hangup', graceMs: 5000 });
      for (const id of ids) expect(simulator.control.call(id)?.state).toBe('terminated');
    } finally {
      await app.close({ graceMs: 2000 }).catch(() => undefined);
      await redis.close();
    }
  });
});

describe('the last instance stopped while Redis is down', () => {
  it('hangs up every call whose lease it proved recently (its local deadline), without Redis', async () => {
    const redis = await startRedis();
    const { app, place } = await appOn(redis, 30_000);
    try {
      const ids = (await place(3)).map((c) => c.id);
      await redis.pause();
      const report = await app.close({ graceMs: 10_000 });
      expect(report.mode).toBe('hangup');
      expect([...report.hungUp].sort()).toEqual([...ids].sort());
      expect(report.leftUp).toEqual([]);
      // Graph accepted each hang-up (the DELETE), and ends the call a step later: the app, without Redis, cannot
      // record the `terminated` notification, so it does not wait for it.
      await eventually(() => {
        for (const id of ids) expect(simulator.control.call(id)?.state).toBe('terminated');
      });
    } finally {
      await app.close({ graceMs: 2000 }).catch(() => undefined);
      await redis.close();
    }
  });

  it('names each call it may no longer act on in an error line, and reports it left up', async () => {
    const redis = await startRedis();
    const logger = recordingLogger();
    const { app, place } = await appOn(redis, 1000, logger);
    try {
      const ids = (await place(2)).map((c) => c.id);
      await redis.pause();
      // Past the lease's local deadline, nothing proves the lease any more.
      await eventually(() => ids.every((id) => !app.ownership.owns(id)), 10_000);
      const report = await app.close({ graceMs: 5000 });
      expect([...report.leftUp].sort()).toEqual([...ids].sort());
      const lines = logger.errors.filter((e) => e.message.startsWith('call left up on close'));
      expect(lines.map((e) => e.fields['callId']).sort()).toEqual([...ids].sort());
      for (const id of ids) {
        expect(simulator.control.call(id)?.state).toBe('established');
        simulator.control.hangup(id);
      }
    } finally {
      await app.close({ graceMs: 2000 }).catch(() => undefined);
      await redis.close();
    }
  });
});
