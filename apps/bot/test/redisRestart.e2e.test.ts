import { peerToPeerCall, serviceHosted, user } from '@graph-calling/builders';
import { createSimulator, DEFAULT_APP, type Simulator } from '@graph-calling/simulator';
import { connectRedis, RedisCallLeases } from '@graph-calling/store-redis';
import { botEnvironment, startBotProcess, tempDir, type BotProcess } from '@graph-calling/test-support/botProcess';
import { eventually } from '@graph-calling/test-support/eventually';
import { startRedis, type TestRedis } from '@graph-calling/test-support/redisServer';
import type { CallsClient } from '@graph-calling/transport';
import { simulatorClient } from './simulatorClient';
import type { Redis } from 'ioredis';

const LEASE_MS = 1000;
const KEEP_ALIVE_MS = 500;
/** Graph ends a call after this long without a keep-alive (shortened from 45 minutes). */
const KEEP_ALIVE_WINDOW_MS = 5000;
const CALLS = 12;

/** Graph keep-alives a `bot serve` has sent (its own metrics: every answer status). */
async function keepAlivesSent(p: BotProcess): Promise<number> {
  const text = await (await fetch(`${p.adminUrl}/metrics`)).text();
  return [...text.matchAll(/^graph_calling_graph_request_duration_count\{[^}]*graph_action="keepAlive"[^}]*\} (\d+)/gm)].reduce(
    (sum, match) => sum + Number(match[1]),
    0,
  );
}

// Issue 25, item 4: Redis restarted without persistence forgot every lease and record; 10 of 12 live calls
// got no further keep-alive and Graph ended them, while /health said "ok".
describe('Redis restarted empty under a `bot serve` with live calls', () => {
  let redis: TestRedis;
  let simulator: Simulator;
  let inspect: Redis;
  let leases: RedisCallLeases;
  let client: CallsClient;
  let dir: ReturnType<typeof tempDir>;
  const processes: BotProcess[] = [];

  beforeAll(async () => {
    [redis, simulator] = await Promise.all([
      startRedis(),
      createSimulator({ timing: { stepMs: 5, autoAnswerMs: 5, keepAliveWindowMs: KEEP_ALIVE_WINDOW_MS }, callbackRetryDelayMs: 20 }),
    ]);
    inspect = await connectRedis(redis.url);
    leases = new RedisCallLeases({ redis: inspect, instanceId: 'test-observer' });
    dir = tempDir('graph-calling-redis-restart-');
    client = simulatorClient(simulator);
  }, 30_000);
  afterAll(async () => {
    for (const p of processes) await p.kill();
    inspect.disconnect();
    await simulator.close();
    await redis.close();
    dir.remove();
  });

  it('0 calls end for want of keep-alive: the owner claims them again and rebuilds their records', async () => {
    const a = await startBotProcess({
      ...botEnvironment(simulator, DEFAULT_APP, dir.path),
      BOT_REDIS_URL: redis.url,
      BOT_LEASE_MS: String(LEASE_MS),
      BOT_KEEP_ALIVE_MS: String(KEEP_ALIVE_MS),
    });
    processes.push(a);
    simulator.control.setFaults({ seed: 27, loadBalance: { callbackTargets: [`${a.url}/callback`] } });
    const ids: string[] = [];
    for (let i = 0; i < CALLS; i += 1) {
      const created = await client.calls.create(
        peerToPeerCall({
          callbackUri: `${a.url}/callback`,
          to: user(`00000000-0000-4000-8000-0000000004${String(i).padStart(2, '0')}`, `Target ${i}`),
          media: serviceHosted(),
        }),
      );
      ids.push(created.id);
    }
    const owners = () => Promise.all(ids.map((id) => leases.owner(id)));
    // A claims each call as its notifications arrive: on a loaded machine that takes a while for twelve.
    await eventually(async () => expect(await owners()).toEqual(ids.map(() => a.instance)), 40_000);
    await eventually(() => ids.every((id) => simulator.control.call(id)?.state === 'established'), 20_000);

    // Restarted empty: every lease and record is gone.
    await redis.pause();
    await redis.start();
    const restartedAt = Date.now();
    const sentAtRestart = await keepAlivesSent(a);
    // The owner claims its calls again and rebuilds their records from Graph.
    await eventually(async () => expect(await owners()).toEqual(ids.map(() => a.instance)), 20_000);
    await eventually(async () => {
      const records = await Promise.all(ids.map((id) => inspect.hget(`graph-calling:call:${id}`, 'record')));
      expect(records.map((json) => (json === null ? undefined : (JSON.parse(json) as { state?: string }).state))).toEqual(
        ids.map(() => 'established'),
      );
    }, 20_000);
    // Keep-alives go on for longer than Graph's window: a call without them would have ended by then.
    await eventually(() => Date.now() - restartedAt > KEEP_ALIVE_WINDOW_MS * 1.2, 30_000);
    await eventually(
      async () =>
        expect(await keepAlivesSent(a)).toBeGreaterThanOrEqual(sentAtRestart + CALLS * (KEEP_ALIVE_WINDOW_MS / KEEP_ALIVE_MS + 2)),
      30_000,
    );
    const ended = ids.filter((id) => simulator.control.call(id)?.state !== 'established');
    process.stdout.write(
      `redis restarted empty: ${ended.length} of ${CALLS} calls ended; ${(await keepAlivesSent(a)) - sentAtRestart} keep-alives since\n`,
    );
    expect(ended).toEqual([]);
    expect(await a.stop()).toBe(0);
  }, 150_000);
});
