import { LocalCallLeases } from '@graph-calling/app';
import {
  MemoryCallStore,
  MemoryEventFeed,
  type CallLeases,
  type CallRecord,
  type CallStore,
  type EventFeed,
  type EvictionReason,
} from '@graph-calling/notifications';
import {
  connectRedis,
  redactUrl,
  RedisCallLeases,
  RedisCallStore,
  RedisEventFeed,
  RedisStoreError,
  type QuarantinedRecord,
} from '@graph-calling/store-redis';
import { MemoryCallCensus, type CallCensus } from './admin/CallCensus';
import { CensusCallStore } from './admin/CensusCallStore';
import { RedisCallCensus } from './admin/RedisCallCensus';
import { ConfigError, type BotConfig } from './config';

/** Where the bot keeps call records, who owns which call, and how events reach the other instances. */
export interface BotStorage {
  readonly store: CallStore;
  readonly leases: CallLeases;
  readonly feed: EventFeed;
  /** Counts and pages of the calls held, kept as they change (health and status never list the store). */
  readonly census: CallCensus;
  /** Failed store operations by operation, for the metrics. */
  readonly storeErrors: ReadonlyMap<string, number>;
  /** Records the store moved aside because it cannot read them, kept for a person to look at (the fleet's, in Redis; 0 in memory). */
  quarantined(): Promise<number>;
  /** `redis://…` (password hidden) or `memory`, for health and logs. */
  readonly where: string;
  close(): Promise<void>;
}

/** What {@link openBotStorage} tells its caller about. */
export interface BotStorageHooks {
  /** The memory store dropped a record (expired, or evicted for room). */
  readonly onEvict?: (record: CallRecord, reason: EvictionReason) => void;
  /** The census could not be updated for a call. */
  readonly onCensusError?: (error: unknown, context: { readonly callId: string }) => void;
  /** The Redis store quarantined a record it cannot read (once per record, fleet-wide). */
  readonly onQuarantine?: (quarantine: QuarantinedRecord) => void;
}

/**
 * The memory store (one instance, nothing to run; `onEvict` hears of records it dropped) unless a
 * Redis URL is configured; then records, ownership leases and events are shared in Redis by every
 * instance pointed at it (Redis expires them).
 */
export async function openBotStorage(config: BotConfig, hooks: BotStorageHooks = {}): Promise<BotStorage> {
  const onEvict = hooks.onEvict ?? (() => undefined);
  const onCensusError = hooks.onCensusError ?? (() => undefined);
  const leaseMs = config.leaseMs ?? 30_000;
  if (config.redisUrl === undefined) {
    const census = new MemoryCallCensus();
    const store = new MemoryCallStore({
      onEvict: (record, reason) => {
        census.forget(record.callId).catch((error: unknown) => onCensusError(error, { callId: record.callId }));
        onEvict(record, reason);
      },
    });
    const counted = new CensusCallStore(store, census, onCensusError);
    return {
      store: counted,
      census,
      storeErrors: counted.errors,
      leases: new LocalCallLeases({ leaseMs }),
      feed: new MemoryEventFeed(),
      quarantined: () => Promise.resolve(0),
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
  const feed = new RedisEventFeed({ redis });
  const store = new RedisCallStore({ redis, ...(hooks.onQuarantine ? { onQuarantine: hooks.onQuarantine } : {}) });
  const census = new RedisCallCensus({ redis });
  await census.seed(() => store.list());
  const counted = new CensusCallStore(store, census, onCensusError);
  return {
    store: counted,
    census,
    storeErrors: counted.errors,
    leases: new RedisCallLeases({ redis, leaseMs }),
    feed,
    quarantined: () => store.quarantinedCount(),
    where: redactUrl(config.redisUrl),
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
