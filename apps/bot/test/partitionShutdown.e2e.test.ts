import { peerToPeerCall, serviceHosted, user } from '@graph-calling/builders';
import { createSimulator, DEFAULT_APP, type Simulator } from '@graph-calling/simulator';
import { connectRedis, RedisCallLeases } from '@graph-calling/store-redis';
import { botEnvironment, startBotProcess, tempDir, type BotProcess } from '@graph-calling/test-support/botProcess';
import { eventually } from '@graph-calling/test-support/eventually';
import { startRedis, type TestRedis } from '@graph-calling/test-support/redisServer';
import { startTcpProxy, type TcpProxy } from '@graph-calling/test-support/tcpProxy';
import type { CallsClient } from '@graph-calling/transport';
import { simulatorClient } from './simulatorClient';
import type { Redis } from 'ioredis';

const LEASE_MS = 1000;
const KEEP_ALIVE_MS = 200;
/** Graph ends a call after this long without a keep-alive (shortened from 45 minutes). */
const KEEP_ALIVE_WINDOW_MS = 10_000;
const CALLS = 4;

/** Graph keep-alives a `bot serve` has sent (its own metrics: every answer status). */
async function keepAlivesSent(p: BotProcess): Promise<number> {
  const text = await (await fetch(`${p.adminUrl}/metrics`)).text();
  return [...text.matchAll(/^graph_calling_graph_request_duration_count\{[^}]*graph_action="keepAlive"[^}]*\} (\d+)/gm)].reduce(
    (sum, match) => sum + Number(match[1]),
    0,
  );
}

// Issue 25, item 3: an owner cut off from Redis kept sending keep-alives for calls another instance had
// taken over, and on SIGTERM (hangup) after the partition healed hung up 12 of 12 calls a live instance owned.
describe('an owner partitioned from Redis, then stopped with BOT_ON_SHUTDOWN=hangup', () => {
  let redis: TestRedis;
  let proxy: TcpProxy;
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
    proxy = await startTcpProxy({ port: redis.port });
    inspect = await connectRedis(redis.url);
    leases = new RedisCallLeases({ redis: inspect, instanceId: 'test-observer' });
    dir = tempDir('graph-calling-partition-');
    client = simulatorClient(simulator);
  }, 30_000);
  afterAll(async () => {
    for (const p of processes) await p.kill();
    await inspect.quit();
    await proxy.close();
    await simulator.close();
    await redis.close();
    dir.remove();
  });

  const environment = (redisUrl: string) => ({
    ...botEnvironment(simulator, DEFAULT_APP, dir.path),
    BOT_REDIS_URL: redisUrl,
    BOT_LEASE_MS: String(LEASE_MS),
    BOT_KEEP_ALIVE_MS: String(KEEP_ALIVE_MS),
    BOT_ON_SHUTDOWN: 'hangup',
  });
  const owners = (ids: readonly string[]) => Promise.all(ids.map((id) => leases.owner(id)));

  it('stops acting when its lease lapses: 0 keep-alives without a lease, 0 calls hung up that B owns', async () => {
    // A reaches Redis through the proxy and is alone when the calls are placed: it adopts them all.
    const a = await startBotProcess(environment(proxy.url));
    processes.push(a);
    simulator.control.setFaults({ seed: 25, loadBalance: { callbackTargets: [`${a.url}/callback`] } });
    const ids: string[] = [];
    for (let i = 0; i < CALLS; i += 1) {
      const created = await client.calls.create(
        peerToPeerCall({
          callbackUri: `${a.url}/callback`,
          to: user(`00000000-0000-4000-8000-00000000002${i}`, `Target ${i}`),
          media: serviceHosted(),
        }),
      );
      ids.push(created.id);
    }
    await eventually(async () => expect(await owners(ids)).toEqual(ids.map(() => a.instance)), 15_000);
    await eventually(() => ids.every((id) => simulator.control.call(id)?.state === 'established'), 10_000);
    // A keeps them alive while it holds them.
    await eventually(async () => expect(await keepAlivesSent(a)).toBeGreaterThanOrEqual(CALLS), 10_000);

    const b = await startBotProcess(environment(redis.url));
    processes.push(b);
    simulator.control.setFaults({ seed: 25, loadBalance: { callbackTargets: [a, b].map((p) => `${p.url}/callback`) } });

    // The partition: A's Redis connection goes silent. Its last renewal was before this moment, so by
    // LEASE_MS from now A holds no lease: whatever it sends after that is without one.
    proxy.pause();
    await new Promise((resolve) => setTimeout(resolve, LEASE_MS));
    const atLeaseEnd = await keepAlivesSent(a);
    await eventually(async () => expect(await owners(ids)).toEqual(ids.map(() => b.instance)), LEASE_MS * 10);
    // Several of A's keep-alive intervals pass with the partition on, then it heals.
    await new Promise((resolve) => setTimeout(resolve, KEEP_ALIVE_MS * 8));
    proxy.resume();
    await eventually(async () => expect(await (await fetch(`${a.adminUrl}/health`)).json()).toMatchObject({ owned: 0 }), 10_000);
    await new Promise((resolve) => setTimeout(resolve, KEEP_ALIVE_MS * 4));
    const withoutLease = (await keepAlivesSent(a)) - atLeaseEnd;

    // SIGTERM with hangup: A holds nothing, so it hangs nothing up.
    const exit = await a.stop();
    const hungUpByA = ids.filter((id) => simulator.control.call(id)?.state !== 'established');
    expect({ withoutLease, hungUpByA, exit }).toEqual({ withoutLease: 0, hungUpByA: [], exit: 0 });
    expect(await owners(ids)).toEqual(ids.map(() => b.instance));
    // Reported by the measurement lines of the final message.
    process.stdout.write(
      `partition: keep-alives by A without a lease ${withoutLease}; calls hung up by A ${hungUpByA.length} of ${CALLS}\n`,
    );
  }, 90_000);
});
