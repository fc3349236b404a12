import { peerToPeerCall, serviceHosted, user } from '@graph-calling/builders';
import { createSimulator, DEFAULT_APP, END_REASONS, type Simulator } from '@graph-calling/simulator';
import { connectRedis, RedisCallLeases } from '@graph-calling/store-redis';
import { botEnvironment, startBotProcess, tempDir, type BotProcess } from '@graph-calling/test-support/botProcess';
import { eventually } from '@graph-calling/test-support/eventually';
import { startRedis, type TestRedis } from '@graph-calling/test-support/redisServer';
import type { CallsClient } from '@graph-calling/transport';
import { simulatorClient } from './simulatorClient';
import type { Redis } from 'ioredis';

// Longer than anything between Redis going down and the stop, however loaded the machine: the bot still owns
// its calls when it stops (a lapsed lease would rightly leave them to another instance).
const LEASE_MS = 20_000;
const KEEP_ALIVE_MS = 500;
/** Graph ends a call after this long without a keep-alive (shortened from 45 minutes). */
const KEEP_ALIVE_WINDOW_MS = 10_000;
const CALLS = 4;

// Issue 25, item 5: the last instance, stopped while Redis is down, exited 0 with a stack trace and left
// every call up in Graph, with no "hung up" and no "left up" line.
describe('the last `bot serve` stopped while Redis is down', () => {
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
    dir = tempDir('graph-calling-redis-down-');
    client = simulatorClient(simulator);
  }, 30_000);
  afterAll(async () => {
    for (const p of processes) await p.kill();
    inspect.disconnect();
    await simulator.close();
    await redis.close();
    dir.remove();
  });

  it('hangs up every call it owns from its own list, or names each one left up and exits non-zero', async () => {
    const a = await startBotProcess({
      ...botEnvironment(simulator, DEFAULT_APP, dir.path),
      BOT_REDIS_URL: redis.url,
      BOT_LEASE_MS: String(LEASE_MS),
      BOT_KEEP_ALIVE_MS: String(KEEP_ALIVE_MS),
    });
    processes.push(a);
    simulator.control.setFaults({ seed: 26, loadBalance: { callbackTargets: [`${a.url}/callback`] } });
    const ids: string[] = [];
    for (let i = 0; i < CALLS; i += 1) {
      const created = await client.calls.create(
        peerToPeerCall({
          callbackUri: `${a.url}/callback`,
          to: user(`00000000-0000-4000-8000-00000000003${i}`, `Target ${i}`),
          media: serviceHosted(),
        }),
      );
      ids.push(created.id);
    }
    await eventually(async () => expect(await Promise.all(ids.map((id) => leases.owner(id)))).toEqual(ids.map(() => a.instance)), 15_000);
    await eventually(() => ids.every((id) => simulator.control.call(id)?.state === 'established'), 10_000);

    inspect.disconnect();
    await redis.pause();
    // A has noticed: its health says so.
    await eventually(async () => expect(await (await fetch(`${a.adminUrl}/health`)).json()).toMatchObject({ status: 'degraded' }), 15_000);
    const exit = await a.stop();

    const leftUp = ids.filter((id) => simulator.control.call(id)?.state !== 'terminated');
    const errorLines = a
      .log()
      .split('\n')
      .filter((line) => line.includes('"level":50'));
    const named = leftUp.filter((id) => errorLines.some((line) => line.includes(id)));
    process.stdout.write(
      `redis down: ${CALLS - leftUp.length} of ${CALLS} hung up; ${leftUp.length} left up, ${named.length} named; exit ${exit}\n`,
    );
    // Hung up by the bot (not ended by Graph for want of keep-alive).
    if (leftUp.length === 0)
      expect(ids.map((id) => simulator.control.call(id)?.resultInfo?.subcode)).toEqual(ids.map(() => END_REASONS.endedByBot.subcode));
    else expect({ named, exitNonZero: exit !== 0 }).toEqual({ named: leftUp, exitNonZero: true });
  }, 90_000);
});
