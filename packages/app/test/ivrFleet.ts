import type { Redis } from 'ioredis';
import { createSimulator, type Simulator } from '@graph-calling/simulator';
import { closeAll, startRedis, type TestRedis } from '@graph-calling/test-support/redisServer';
import { redisParts } from '../examples/bot';

/** What app instances of one suite share: a redis-server, a simulator timed for the IVR, and their connections. */
export interface IvrFleet {
  readonly redis: TestRedis;
  readonly simulator: Simulator;
  /** The Redis parts of one more instance (store, leases, feed), its connection closed after the suite. */
  parts(leaseMs?: number): ReturnType<typeof redisParts>;
}

/**
 * Starts, for the suite that calls it, one redis-server and one simulator whose prompts and recordings
 * are short enough for many IVR calls (registered as `beforeAll`/`afterAll`, before the suite's own).
 */
export function ivrFleet(): IvrFleet {
  let redis: TestRedis | undefined;
  let simulator: Simulator | undefined;
  const connections: Redis[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    simulator = await createSimulator({ timing: { stepMs: 5, autoAnswerMs: 5, promptMs: 20, recordMs: 3000 } });
  });
  afterAll(async () => {
    await closeAll(connections);
    await simulator?.close();
    await redis?.close();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`ivrFleet: the ${what} is not started (used outside the suite's hooks and tests)`);
    return value;
  };
  return {
    get redis() {
      return started(redis, 'redis-server');
    },
    get simulator() {
      return started(simulator, 'simulator');
    },
    async parts(leaseMs) {
      const parts = await redisParts(started(redis, 'redis-server').url, leaseMs);
      connections.push(parts.redis);
      return parts;
    },
  };
}
