import { LocalCallLeases } from '@graph-calling/app';
import { MemoryCallStore, type CallLeases, type CallRecord, type CallStore, type EvictionReason } from '@graph-calling/notifications';
import { connectRedis, redactUrl, RedisCallLeases, RedisCallStore, RedisStoreError } from '@graph-calling/store-redis';
import { ConfigError, type BotConfig } from './config';

/** Where the bot keeps call records and who owns which call. */
export interface CallState {
  readonly store: CallStore;
  readonly leases: CallLeases;
  /** `redis://…` (password hidden) or `memory`, for health and logs. */
  readonly where: string;
  close(): Promise<void>;
}

/**
 * The memory store (one instance, nothing to run; `onEvict` hears of records it dropped) unless a
 * Redis URL is configured; then records and ownership leases live in Redis, shared by every
 * instance pointed at it (Redis expires them).
 */
export async function openCallState(
  config: BotConfig,
  onEvict: (record: CallRecord, reason: EvictionReason) => void = () => undefined,
): Promise<CallState> {
  const leaseMs = config.leaseMs ?? 30_000;
  if (config.redisUrl === undefined) {
    return {
      store: new MemoryCallStore({ onEvict }),
      leases: new LocalCallLeases({ leaseMs }),
      where: 'memory',
      close: () => Promise.resolve(),
    };
  }
  const redis = await connectRedis(config.redisUrl).catch((error: unknown) => {
    // Credentials Redis refuses are the configuration's to fix: one line, exit code 2. Unreachable or
    // paused Redis stays an ordinary failure (exit 1), its cause named by the error.
    if (error instanceof RedisStoreError && error.code === 'auth-failed')
      throw new ConfigError(`BOT_REDIS_URL / --redis: ${error.message}`, { cause: error });
    throw error;
  });
  return {
    store: new RedisCallStore({ redis }),
    leases: new RedisCallLeases({ redis, leaseMs }),
    where: redactUrl(config.redisUrl),
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
