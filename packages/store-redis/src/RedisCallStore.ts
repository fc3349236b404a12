import type { Redis } from 'ioredis';
import {
  MEMORY_STORE_DEFAULTS,
  type CallRecord,
  type CallStore,
  type CallStoreChange,
  type CallStoreUpdate,
} from '@graph-calling/notifications';
import { redisCall, RedisStoreError } from './RedisStoreError';

/** Options of {@link RedisCallStore}. */
export interface RedisCallStoreOptions {
  /** A connected client (see `connectRedis`); the store does not close it. */
  readonly redis: Redis;
  /** Prefix of every key (default `graph-calling:`); instances sharing calls use the same one. */
  readonly prefix?: string;
  /** A terminated call's record is kept this long after its last change (default: the memory store's, 10 minutes). */
  readonly terminatedTtlMs?: number;
  /**
   * A live call's record not changed for this long is dropped (default 30 hours, past Teams' longest
   * call). The memory store's `maxRecords` cap has no counterpart: size Redis with `maxmemory` and a
   * `volatile-ttl` policy, so the records nearest their expiry (ended calls) go first.
   */
  readonly idleTtlMs?: number;
  /** Attempts of one update when other writers keep getting in first (default 64). */
  readonly maxAttempts?: number;
  readonly now?: () => number;
}

// Compare-and-set on the record's version: written only when nobody wrote since it was read.
// KEYS: record hash, index; ARGV: version read, record JSON, ttl ms, call id, expiry score.
const WRITE_IF_VERSION = `
local current = redis.call('HGET', KEYS[1], 'version')
if (current or '0') ~= ARGV[1] then return 0 end
local version = tonumber(ARGV[1]) + 1
redis.call('HSET', KEYS[1], 'version', version, 'record', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[5], ARGV[4])
return version`;

type WriteIfVersion = (
  record: string,
  index: string,
  version: string,
  json: string,
  ttl: number,
  callId: string,
  expires: number,
) => Promise<number>;

/**
 * Call records in Redis, shared by every bot instance using the same prefix. Each record is a
 * hash `{prefix}call:{callId}` holding its JSON and a version; `{prefix}calls` indexes them by
 * expiry. `update` reads, runs the (pure) change, and writes with a Lua compare-and-set on the
 * version — when another instance wrote in between, it reads again and re-runs the change, so no
 * update is lost and only the run that was stored is returned: the caller emits its events once.
 */
export class RedisCallStore implements CallStore {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly terminatedTtlMs: number;
  private readonly idleTtlMs: number;
  private readonly maxAttempts: number;
  private readonly now: () => number;
  private readonly writeIfVersion: WriteIfVersion;
  /** Per call: the end of this instance's last queued update. */
  private readonly queues = new Map<string, Promise<void>>();
  /** Updates that had to re-read because another writer got in first (for soak and bench reports). */
  conflicts = 0;

  constructor(options: RedisCallStoreOptions) {
    this.redis = options.redis;
    this.prefix = options.prefix ?? 'graph-calling:';
    this.terminatedTtlMs = options.terminatedTtlMs ?? MEMORY_STORE_DEFAULTS.terminatedTtlMs;
    this.idleTtlMs = options.idleTtlMs ?? 30 * 3_600_000;
    this.maxAttempts = options.maxAttempts ?? 64;
    this.now = options.now ?? Date.now;
    const name = 'graphCallingWriteIfVersion';
    if (!(name in this.redis)) this.redis.defineCommand(name, { lua: WRITE_IF_VERSION, numberOfKeys: 2 });
    const command = (this.redis as unknown as Record<string, WriteIfVersion>)[name] as WriteIfVersion;
    this.writeIfVersion = command.bind(this.redis);
  }

  /** The hash a call's record lives in. */
  key(callId: string): string {
    return `${this.prefix}call:${callId}`;
  }

  private get index(): string {
    return `${this.prefix}calls`;
  }

  async get(callId: string): Promise<CallRecord | undefined> {
    const json = await redisCall(`HGET ${this.key(callId)}`, () => this.redis.hget(this.key(callId), 'record'));
    return json === null ? undefined : this.decode(callId, json);
  }

  /**
   * Updates one call. Updates of one call from this instance run one after another (they would only
   * collide with each other); the compare-and-set settles collisions with other instances.
   */
  update<T>(callId: string, change: (before: CallRecord | undefined) => CallStoreChange<T>): Promise<CallStoreUpdate<T>> {
    const previous = this.queues.get(callId);
    const run = (previous ?? Promise.resolve()).then(() => this.compareAndSet(callId, change));
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(callId, tail);
    // `tail` never rejects (both outcomes are mapped to undefined above); the clean-up runs either way.
    tail
      .finally(() => {
        if (this.queues.get(callId) === tail) this.queues.delete(callId);
      })
      .catch(() => undefined);
    return run;
  }

  private async compareAndSet<T>(
    callId: string,
    change: (before: CallRecord | undefined) => CallStoreChange<T>,
  ): Promise<CallStoreUpdate<T>> {
    const key = this.key(callId);
    for (let attempt = 1; attempt <= this.maxAttempts; attempt += 1) {
      const [version, json] = await redisCall(`HMGET ${key}`, () => this.redis.hmget(key, 'version', 'record'));
      const before = json == null ? undefined : this.decode(callId, json);
      const { record, result } = change(before);
      if (record === before) return { record, result, changed: false };
      const ttl = record.state === 'terminated' ? this.terminatedTtlMs : this.idleTtlMs;
      const written = await redisCall(`the compare-and-set of ${key}`, () =>
        this.writeIfVersion(key, this.index, json == null ? '0' : (version ?? '0'), JSON.stringify(record), ttl, callId, this.now() + ttl),
      );
      if (written !== 0) return { record, result, changed: true };
      this.conflicts += 1;
      // Another instance got in first: back off (randomised and growing, so writers stop colliding in step).
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2 ** attempt, 50)));
    }
    throw new RedisStoreError(
      'conflict',
      `expected to update ${key} within ${this.maxAttempts} attempts, found another writer first every time`,
    );
  }

  async delete(callId: string): Promise<boolean> {
    const key = this.key(callId);
    const [deleted] = await redisCall(`DEL ${key}`, () => Promise.all([this.redis.del(key), this.redis.zrem(this.index, callId)]));
    return deleted > 0;
  }

  /** Every stored record, oldest first (expired ones are pruned from the index on the way). */
  async list(): Promise<CallRecord[]> {
    const ids = await redisCall(`ZRANGE ${this.index}`, async () => {
      await this.redis.zremrangebyscore(this.index, '-inf', String(this.now()));
      return this.redis.zrange(this.index, '0', '-1');
    });
    if (ids.length === 0) return [];
    const values = await redisCall(`HGET of ${ids.length} records`, () => {
      const pipeline = this.redis.pipeline();
      for (const id of ids) pipeline.hget(this.key(id), 'record');
      return pipeline.exec();
    });
    const records: CallRecord[] = [];
    ids.forEach((id, i) => {
      const [error, json] = values?.[i] ?? [null, null];
      if (error) throw error;
      if (typeof json === 'string') records.push(this.decode(id, json));
    });
    return records.sort((a, b) => a.createdAt - b.createdAt);
  }

  private decode(callId: string, json: string): CallRecord {
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new RedisStoreError('corrupt', `expected JSON at ${this.key(callId)} record, found ${preview(json)}`, { cause: error });
    }
    const record = value as Partial<CallRecord> | null;
    if (typeof record !== 'object' || record === null || record.callId !== callId || typeof record.createdAt !== 'number')
      throw new RedisStoreError(
        'corrupt',
        `expected a call record with callId ${JSON.stringify(callId)} and a numeric createdAt at ${this.key(callId)} record, found ${preview(json)}`,
      );
    return record as CallRecord;
  }
}

function preview(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}
