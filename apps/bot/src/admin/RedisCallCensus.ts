import { MEMORY_STORE_DEFAULTS, type CallRecord } from '@graph-calling/notifications';
import type { connectRedis } from '@graph-calling/store-redis';
import { decodeCursor, pageOf, type CallCensus, type CallCounts, type CallIdPage, type CensusExpiry } from './CallCensus';

type Redis = Awaited<ReturnType<typeof connectRedis>>;

// KEYS: live, ended, expiry; ARGV: call id, '1' when live, expiry score.
// An ended call stays ended: a late "live" note from a slower instance changes nothing.
const NOTE = `
if ARGV[2] == '1' then
  if redis.call('ZSCORE', KEYS[2], ARGV[1]) then return 0 end
  redis.call('ZADD', KEYS[1], 0, ARGV[1])
else
  redis.call('ZREM', KEYS[1], ARGV[1])
  redis.call('ZADD', KEYS[2], 0, ARGV[1])
end
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
return 1`;

// KEYS: live, ended, expiry; ARGV: now, most ids pruned per call. Drops what the store has expired,
// a bounded number at a time (the rest goes on the next calls), then answers both counts.
const PRUNE_AND_COUNT = `
local gone = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
for _, id in ipairs(gone) do
  redis.call('ZREM', KEYS[1], id)
  redis.call('ZREM', KEYS[2], id)
  redis.call('ZREM', KEYS[3], id)
end
return { redis.call('ZCARD', KEYS[1]), redis.call('ZCARD', KEYS[2]) }`;

type Note = (live: string, ended: string, expiry: string, callId: string, isLive: string, expires: number) => Promise<number>;
type PruneAndCount = (live: string, ended: string, expiry: string, now: number, max: number) => Promise<[number, number]>;

/** Options of {@link RedisCallCensus}. */
export interface RedisCallCensusOptions extends CensusExpiry {
  readonly redis: Redis;
  /** The store's key prefix (default `graph-calling:`): every instance of a fleet shares one census. */
  readonly prefix?: string;
}

/**
 * The census of a Redis store, shared by every instance: three sorted sets beside the records —
 * live ids and ended ids (score 0, so pages come in id order by `ZRANGE … BYLEX`) and every id by
 * expiry. Counting is `ZCARD` (O(1)) after pruning at most 1,000 expired ids; a page is
 * O(log n + limit). Set operations, not increments: an update noted twice (a retry) counts once.
 */
export class RedisCallCensus implements CallCensus {
  private readonly redis: Redis;
  private readonly keys: readonly [string, string, string];
  private readonly terminatedTtlMs: number;
  private readonly idleTtlMs: number;
  private readonly now: () => number;
  private readonly noteCommand: Note;
  private readonly pruneCommand: PruneAndCount;

  constructor(options: RedisCallCensusOptions) {
    this.redis = options.redis;
    const prefix = options.prefix ?? 'graph-calling:';
    this.keys = [`${prefix}census:live`, `${prefix}census:ended`, `${prefix}census:expiry`];
    this.terminatedTtlMs = options.terminatedTtlMs ?? MEMORY_STORE_DEFAULTS.terminatedTtlMs;
    this.idleTtlMs = options.idleTtlMs ?? 30 * 3_600_000;
    this.now = options.now ?? Date.now;
    const commands = this.redis as unknown as Record<string, unknown>;
    if (!('graphCallingCensusNote' in commands)) this.redis.defineCommand('graphCallingCensusNote', { lua: NOTE, numberOfKeys: 3 });
    if (!('graphCallingCensusCount' in commands))
      this.redis.defineCommand('graphCallingCensusCount', { lua: PRUNE_AND_COUNT, numberOfKeys: 3 });
    this.noteCommand = (commands['graphCallingCensusNote'] as Note).bind(this.redis);
    this.pruneCommand = (commands['graphCallingCensusCount'] as PruneAndCount).bind(this.redis);
  }

  async note(record: CallRecord): Promise<void> {
    const ended = record.state === 'terminated' || record.terminatedAt !== undefined;
    const expires = this.now() + (ended ? this.terminatedTtlMs : this.idleTtlMs);
    await this.noteCommand(...this.keys, record.callId, ended ? '0' : '1', expires);
  }

  async forget(callId: string): Promise<void> {
    const [live, ended, expiry] = this.keys;
    await this.redis.multi().zrem(live, callId).zrem(ended, callId).zrem(expiry, callId).exec();
  }

  async counts(): Promise<CallCounts> {
    const [live, terminated] = await this.pruneCommand(...this.keys, this.now(), 1000);
    return { live, terminated };
  }

  async page(cursor: string | undefined, limit: number): Promise<CallIdPage> {
    const from = decodeCursor(cursor);
    await this.pruneCommand(...this.keys, this.now(), 1000);
    const [liveKey, endedKey] = this.keys;
    // `(id` starts after that id; `-` from the first one.
    const range = (key: string, after: string | undefined, count: number) =>
      this.redis.zrangebylex(key, after === undefined ? '-' : `(${after}`, '+', 'LIMIT', 0, count);
    const live = from?.list === 'ended' ? [] : await range(liveKey, from?.after, limit);
    const ended = live.length >= limit ? [] : await range(endedKey, from?.list === 'ended' ? from.after : undefined, limit - live.length);
    return pageOf(live, ended, limit);
  }

  /**
   * Once per prefix (the first instance to start with a census): notes the records already in the
   * store, so a fleet upgraded to this version counts its calls from the start.
   */
  async seed(list: () => Promise<readonly CallRecord[]>): Promise<void> {
    const marker = `${this.keys[0].slice(0, -'live'.length)}seeded`;
    if ((await this.redis.set(marker, String(this.now()), 'NX')) !== 'OK') return;
    for (const record of await list()) await this.note(record);
  }
}
