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

/** How a suite's `bot serve` processes and the simulator are set up. */
export interface RedisFleetOptions {
  /** Prefix of the suite's temp dir (the simulator's CA is written there). */
  readonly name: string;
  /** Graph ends a call after this long without a keep-alive (shortened from 45 minutes). */
  readonly keepAliveWindowMs: number;
  /** `BOT_LEASE_MS` of every bot. */
  readonly leaseMs: number;
  /** `BOT_KEEP_ALIVE_MS` of every bot. */
  readonly keepAliveMs: number;
  /** Also put a TCP proxy in front of Redis ({@link RedisFleet.proxy}), for partition tests. */
  readonly proxy?: boolean;
}

/** What a suite of `bot serve` processes on one redis-server works with; its members are valid inside tests. */
export interface RedisFleet {
  readonly redis: TestRedis;
  readonly simulator: Simulator;
  /** The test's own connection to Redis (to read leases and records). */
  readonly inspect: Redis;
  /** Who owns each call, as Redis says. */
  readonly leases: RedisCallLeases;
  /** A Graph client of the simulator's default app (to place calls as a bot would). */
  readonly client: CallsClient;
  /** The proxy in front of Redis (with `proxy: true`; `redis://…` through it is `proxy.url`). */
  readonly proxy: TcpProxy;
  /** Starts a `bot serve` on Redis at `redisUrl` (default: directly), with `extra` environment; killed after the suite. */
  startBot(extra?: Record<string, string>, redisUrl?: string): Promise<BotProcess>;
  /** Routes every notification (and retry) to one of `bots`, as a load balancer would. */
  balance(seed: number, bots: readonly BotProcess[]): void;
  /** Places `count` peer-to-peer calls with `bot`'s callback, to users numbered from `firstUser`; resolves with their ids. */
  placeCalls(bot: BotProcess, count: number, firstUser: number): Promise<string[]>;
  /** The owner of each call (undefined where none holds a lease). */
  owners(ids: readonly string[]): Promise<Array<string | undefined>>;
  /** Waits until `bot` owns every call and Graph has established each. */
  ownedAndEstablished(bot: BotProcess, ids: readonly string[], timeoutMs: number): Promise<void>;
}

/** Graph keep-alives a `bot serve` has sent (its own metrics: every answer status). */
export async function keepAlivesSent(bot: BotProcess): Promise<number> {
  const text = await (await fetch(`${bot.adminUrl}/metrics`)).text();
  return [...text.matchAll(/^graph_calling_graph_request_duration_count\{[^}]*graph_action="keepAlive"[^}]*\} (\d+)/gm)].reduce(
    (sum, match) => sum + Number(match[1]),
    0,
  );
}

/**
 * The fleet of a `describe`: a real redis-server and the simulator started before its tests, bots started by
 * them, and all of it (bots killed, connections closed, temp dir removed) stopped after them.
 */
export function redisFleet(options: RedisFleetOptions): RedisFleet {
  let parts:
    | (Pick<RedisFleet, 'redis' | 'simulator' | 'inspect' | 'leases' | 'client'> & {
        readonly proxy: TcpProxy | undefined;
        readonly dir: ReturnType<typeof tempDir>;
      })
    | undefined;
  const bots: BotProcess[] = [];
  const running = () => {
    if (parts === undefined) throw new Error('expected the fleet to be started (use it inside tests), found it not started');
    return parts;
  };

  beforeAll(async () => {
    const [redis, simulator] = await Promise.all([
      startRedis(),
      createSimulator({
        timing: { stepMs: 5, autoAnswerMs: 5, keepAliveWindowMs: options.keepAliveWindowMs },
        callbackRetryDelayMs: 20,
      }),
    ]);
    const proxy = options.proxy === true ? await startTcpProxy({ port: redis.port }) : undefined;
    const inspect = await connectRedis(redis.url);
    parts = {
      redis,
      simulator,
      proxy,
      inspect,
      leases: new RedisCallLeases({ redis: inspect, instanceId: 'test-observer' }),
      client: simulatorClient(simulator),
      dir: tempDir(`graph-calling-${options.name}-`),
    };
  }, 30_000);
  afterAll(async () => {
    for (const bot of bots) await bot.kill();
    if (parts === undefined) return;
    parts.inspect.disconnect();
    await parts.proxy?.close();
    await parts.simulator.close();
    await parts.redis.close();
    parts.dir.remove();
  });

  const fleet: RedisFleet = {
    get redis() {
      return running().redis;
    },
    get simulator() {
      return running().simulator;
    },
    get inspect() {
      return running().inspect;
    },
    get leases() {
      return running().leases;
    },
    get client() {
      return running().client;
    },
    get proxy() {
      const { proxy } = running();
      if (proxy === undefined) throw new Error('expected a fleet started with `proxy: true`, found one without a proxy');
      return proxy;
    },
    async startBot(extra = {}, redisUrl) {
      const { simulator, redis, dir } = running();
      const bot = await startBotProcess({
        ...botEnvironment(simulator, DEFAULT_APP, dir.path),
        BOT_REDIS_URL: redisUrl ?? redis.url,
        BOT_LEASE_MS: String(options.leaseMs),
        BOT_KEEP_ALIVE_MS: String(options.keepAliveMs),
        ...extra,
      });
      bots.push(bot);
      return bot;
    },
    balance(seed, to) {
      running().simulator.control.setFaults({ seed, loadBalance: { callbackTargets: to.map((bot) => `${bot.url}/callback`) } });
    },
    async placeCalls(bot, count, firstUser) {
      const ids: string[] = [];
      for (let i = 0; i < count; i += 1) {
        const created = await running().client.calls.create(
          peerToPeerCall({
            callbackUri: `${bot.url}/callback`,
            to: user(`00000000-0000-4000-8000-${String(firstUser + i).padStart(12, '0')}`, `Target ${i}`),
            media: serviceHosted(),
          }),
        );
        ids.push(created.id);
      }
      return ids;
    },
    owners(ids) {
      const { leases } = running();
      return Promise.all(ids.map((id) => leases.owner(id)));
    },
    async ownedAndEstablished(bot, ids, timeoutMs) {
      await eventually(async () => expect(await fleet.owners(ids)).toEqual(ids.map(() => bot.instance)), timeoutMs);
      const { simulator } = running();
      await eventually(() => ids.every((id) => simulator.control.call(id)?.state === 'established'), timeoutMs);
    },
  };
  return fleet;
}
