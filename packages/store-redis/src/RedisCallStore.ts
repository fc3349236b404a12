import type { Redis } from 'ioredis';
import {
  MEMORY_STORE_DEFAULTS,
  type CallbackEvent,
  type CallRecord,
  type CallStore,
  type CallStoreChange,
  type CallStoreUpdate,
  type CallSummary,
  type OrphanedOutboxEntry,
  type OutboxShare,
  type OutboxUpdate,
  type EventFeed,
  summaryOf,
} from '@graph-calling/notifications';
import { isRecord } from '@graph-calling/models';
import { randomUUID } from 'node:crypto';
import { changeFeedKeys, changesSince, FEED_LUA, READ_CHANGES, type ChangeFeedKeys, type ChangesSince } from './changeFeed';
import { isEventOf } from './framing';
import { leaseIndexKey } from './leaseIndex';
import { RedisEventFeed } from './RedisEventFeed';
import { redisCall, RedisStoreError } from './RedisStoreError';
import { SummaryCache, type SummaryRead } from './SummaryCache';

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
  /**
   * Told once about each record this store quarantined (a value it cannot read: not JSON, not a
   * call record, or under a key whose call id does not survive UTF-8). Log it with its key.
   */
  readonly onQuarantine?: (quarantine: QuarantinedRecord) => void;
  /**
   * `summaries` answers from a cache kept fresh by the change feed (`{prefix}changes`): a call reads
   * only the asked records that changed since the last call, or that the cache does not hold. This
   * is also the longest a cached summary is trusted without being read again (default 5 minutes):
   * two changes the feed cannot tell — a record that expired by its TTL (it answers as it was, not
   * `undefined`), and a record written by an older version of this package (it does not feed the
   * changes) — show at most this late. `0` turns the cache off: every call reads every record.
   */
  readonly summaryCacheMs?: number;
  /**
   * Most entries the change feed keeps (default 100,000; one per call changed, about 70 bytes each):
   * past it, writers trim the oldest. A cache that last looked before the entries trimmed (by any
   * instance) reads everything.
   */
  readonly changeFeedMaxEntries?: number;
}

/** A record moved out of the way because it cannot be read. */
export interface QuarantinedRecord {
  /** The key it was under (as UTF-8 text; bytes that are not UTF-8 show as U+FFFD). */
  readonly key: string;
  /** Where it is now: `{prefix}quarantine:…`, kept until the record's own expiry, for a person to look at. */
  readonly movedTo: string;
  /** Why it cannot be read. */
  readonly reason: string;
}

/** The outbox field of a notification's events in a record hash. */
const OUTBOX = 'outbox:';
/** The field stamping an outbox entry: `{version} {server time in ms}` of its first write. */
const STAMP = 'outbox-at:';

// Compare-and-set on the record's version: written only when nobody wrote since it was read. With an
// outbox field, the change's events are appended to it in the same write (a JSON array, so two arrays
// are joined by text), and a new entry is stamped (its stamp field: the record's version, which orders
// entries, and the server's time in ms, one clock for every instance) and counted in 'outboxes', so a
// sweep finds an entry nobody claimed with one HGET per record. A new live record is entered in the
// lease index as nobody's (scored now, by the server's clock, unless a lease was taken first), so
// instances find it without listing every record.
// The call enters the change feed (see changeFeed.ts) in the same script.
// KEYS: record hash, index, lease index, changes, changes state; ARGV: version read, record JSON,
// ttl ms, call id, expiry score, outbox field ('' for none), events JSON array ('' for none), '1' when
// the record is live, the record's summary JSON (what sweeps and scans read), the outbox entry's stamp
// field, the change feed's most entries.
const WRITE_IF_VERSION = `
${FEED_LUA}
local current = redis.call('HGET', KEYS[1], 'version')
if (current or '0') ~= ARGV[1] then return 0 end
local version = tonumber(ARGV[1]) + 1
redis.call('HSET', KEYS[1], 'version', version, 'record', ARGV[2], 'summary', ARGV[9])
if ARGV[6] ~= '' and ARGV[7] ~= '' then
  local pending = redis.call('HGET', KEYS[1], ARGV[6])
  if pending then
    redis.call('HSET', KEYS[1], ARGV[6], string.sub(pending, 1, -2) .. ',' .. string.sub(ARGV[7], 2))
  else
    redis.call('HSET', KEYS[1], ARGV[6], ARGV[7])
  end
  local clock = redis.call('TIME')
  local stamp = version .. ' ' .. clock[1] .. string.format('%03d', math.floor(tonumber(clock[2]) / 1000))
  if redis.call('HSETNX', KEYS[1], ARGV[10], stamp) == 1 then redis.call('HINCRBY', KEYS[1], 'outboxes', 1) end
end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[5], ARGV[4])
if ARGV[1] == '0' and ARGV[8] == '1' then
  local clock = redis.call('TIME')
  redis.call('ZADD', KEYS[3], 'NX', tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000), ARGV[4])
end
feed(KEYS[4], KEYS[5], ARGV[11], ARGV[4])
return version`;

// A summary as the sweeps read it: with the count of the record's unclaimed outbox entries added as
// "unclaimedOutboxes" when there are any (a summary is JSON.stringify of an object: it ends with '}'; one
// that does not is passed on as it is, and read as no summary). A count that does not read counts as 1.
const WITH_OUTBOXES = `
local function withOutboxes(summary, outboxes)
  if not outboxes or string.sub(summary, -1) ~= '}' or string.sub(summary, 1, 1) ~= '{' then return summary end
  local count = tonumber(outboxes) or 1
  if count <= 0 then return summary end
  local sep = ','
  if summary == '{}' then sep = '' end
  return string.sub(summary, 1, -2) .. sep .. '"unclaimedOutboxes":' .. string.format('%d', count) .. '}'
end`;

// The summaries of many records as ONE JSON array text (one reply to decode, not one per record):
// each element the summary as written (a JSON object), "" for a record whose summary is not one (written
// before summaries were kept, or by someone else: the record is read instead), null for none. KEYS: record hashes.
const SUMMARIES_JSON = `
${WITH_OUTBOXES}
local parts = {}
for i = 1, #KEYS do
  local fields = redis.call('HMGET', KEYS[i], 'summary', 'version', 'outboxes')
  if fields[1] and string.sub(fields[1], 1, 1) == '{' then parts[i] = withOutboxes(fields[1], fields[3])
  elseif fields[1] or fields[2] then parts[i] = '""'
  else parts[i] = 'null' end
end
return '[' .. table.concat(parts, ',') .. ']'`;

// The same, one reply per record: for a chunk whose summaries do not join into a JSON array (one
// was written by someone else). '' for a record written before summaries were kept, nil for none.
const SUMMARIES = `
${WITH_OUTBOXES}
local answers = {}
for i = 1, #KEYS do
  local fields = redis.call('HMGET', KEYS[i], 'summary', 'version', 'outboxes')
  if fields[1] then answers[i] = withOutboxes(fields[1], fields[3]) elseif fields[2] then answers[i] = '' else answers[i] = false end
end
return answers`;

// Takes an outbox entry: whoever gets it back dispatches it; everyone else gets nil. With a channel, the
// events taken are published there in the same step, as a feed message (ARGV[4] is its text up to the
// events). A claim that changes the record's count of unclaimed entries feeds the change feed.
// KEYS: record hash, changes, changes state; ARGV: field, its stamp field, channel ('' for none),
// message head, call id, the change feed's most entries.
// (Nothing is written to a hash that is gone: it would live without expiry.)
const CLAIM = `
${FEED_LUA}
local pending = redis.call('HGET', KEYS[1], ARGV[1])
if pending then
  redis.call('HDEL', KEYS[1], ARGV[1])
  if ARGV[3] ~= '' then redis.call('PUBLISH', ARGV[3], ARGV[4] .. pending .. '}') end
end
if redis.call('HDEL', KEYS[1], ARGV[2]) == 1 then
  if redis.call('HINCRBY', KEYS[1], 'outboxes', -1) <= 0 then redis.call('HDEL', KEYS[1], 'outboxes') end
  feed(KEYS[2], KEYS[3], ARGV[6], ARGV[5])
end
return pending`;

// Takes the outbox entries stamped at least ARGV[1] ms ago (by the server's clock) of the records KEYS,
// as CLAIM takes one: a record with none ('outboxes' absent, the common case) costs one HGET. Answers
// four strings per entry taken: the record's position in KEYS, the entry's version, its time, its
// key — then its events (false when the entry's events were already taken). A record whose count of
// unclaimed entries changed enters the change feed (its call id: its key after ARGV[4] bytes).
// KEYS: record hashes, then changes, changes state. ARGV: age, channel ('' for none: else each
// entry's events are published there as a feed message), the change feed's most entries, the length
// of the record keys' prefix, then each record's feed message head (`RedisEventFeed.messageHead`).
const CLAIM_ORPHANED = `
${FEED_LUA}
local records = #KEYS - 2
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local age = tonumber(ARGV[1])
local taken = {}
for i = 1, records do
  local count = redis.call('HGET', KEYS[i], 'outboxes')
  if count then
    local left = 0
    for _, field in ipairs(redis.call('HKEYS', KEYS[i])) do
      if string.sub(field, 1, ${STAMP.length}) == '${STAMP}' then
        local version, at = string.match(redis.call('HGET', KEYS[i], field), '^(%d+) (%d+)$')
        -- A stamp that does not read (written by someone else) counts as old: its entry is not left forever.
        if version == nil or now - tonumber(at) >= age then
          local key = string.sub(field, ${STAMP.length + 1})
          local pending = redis.call('HGET', KEYS[i], '${OUTBOX}' .. key)
          redis.call('HDEL', KEYS[i], field, '${OUTBOX}' .. key)
          if pending and ARGV[2] ~= '' then
            redis.call('PUBLISH', ARGV[2], ARGV[4 + i] .. pending .. '}')
          end
          table.insert(taken, tostring(i))
          table.insert(taken, version or '0')
          table.insert(taken, at or '0')
          table.insert(taken, key)
          table.insert(taken, pending or false)
        else
          left = left + 1
        end
      end
    end
    if left > 0 then redis.call('HSET', KEYS[i], 'outboxes', left) else redis.call('HDEL', KEYS[i], 'outboxes') end
    if count ~= tostring(left) then feed(KEYS[records + 1], KEYS[records + 2], ARGV[3], string.sub(KEYS[i], tonumber(ARGV[4]) + 1)) end
  end
end
return taken`;

// Moves an unreadable record aside — only if nobody rewrote it since it was read (same version) —
// and drops it from the index; the call enters the change feed. KEYS: record hash, index, quarantine
// index, quarantine key, changes, changes state; ARGV: version read ('' when the hash was not read),
// index member, now ms, the change feed's most entries.
const QUARANTINE = `
${FEED_LUA}
if ARGV[1] ~= '' and (redis.call('HGET', KEYS[1], 'version') or '') ~= ARGV[1] then return 0 end
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('RENAME', KEYS[1], KEYS[4]) end
redis.call('ZREM', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[3], KEYS[4])
feed(KEYS[5], KEYS[6], ARGV[4], ARGV[2])
return 1`;

// Deletes a record and its index entry; the call enters the change feed. KEYS: record hash, index,
// changes, changes state; ARGV: call id, the change feed's most entries. Answers how many keys DEL removed.
const DELETE = `
${FEED_LUA}
local deleted = redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
feed(KEYS[3], KEYS[4], ARGV[2], ARGV[1])
return deleted`;

type WriteIfVersion = (
  record: string,
  index: string,
  leaseIndex: string,
  changes: string,
  changesState: string,
  version: string,
  json: string,
  ttl: number,
  callId: string,
  expires: number,
  outboxField: string,
  events: string,
  live: '0' | '1',
  summary: string,
  stampField: string,
  maxEntries: number,
) => Promise<number>;
type Summaries = (numberOfKeys: number, ...keys: string[]) => Promise<Array<string | null>>;
type SummariesJson = (numberOfKeys: number, ...keys: string[]) => Promise<string>;
type Claim = (
  record: string,
  changes: string,
  changesState: string,
  field: string,
  stampField: string,
  channel: string,
  head: string,
  callId: string,
  maxEntries: number,
) => Promise<string | null>;
type ClaimOrphaned = (numberOfKeys: number, ...keysThenArguments: string[]) => Promise<Array<string | null>>;
type Quarantine = (
  record: string | Buffer,
  index: string,
  quarantineIndex: string,
  quarantineKey: string | Buffer,
  changes: string,
  changesState: string,
  version: string,
  member: string | Buffer,
  now: number,
  maxEntries: number,
) => Promise<number>;
type Delete = (record: string, index: string, changes: string, changesState: string, callId: string, maxEntries: number) => Promise<number>;
type ReadChanges = (epoch: string, changes: string, changesState: string, candidateEpoch: string, since: string) => Promise<string[]>;

/** A UTF-16 surrogate (paired or not): ids without one always survive UTF-8. */
const SURROGATE = /[\uD800-\uDFFF]/;
/** Records summarised by one script run: bounds how long one run keeps Redis busy. */
const SUMMARY_CHUNK = 500;
/** Tries of a claim while Redis does not answer: about 10 s in all. */
const CLAIM_ATTEMPTS = 8;
/** Defaults of the summary cache's refresh (server ms) and of the change feed's size. */
const SUMMARY_CACHE_MS = 5 * 60_000;
const CHANGE_FEED_MAX_ENTRIES = 100_000;

/**
 * Call records in Redis, shared by every bot instance using the same prefix. Each record is a
 * hash `{prefix}call:{callId}` holding its JSON and a version; `{prefix}calls` indexes them by
 * expiry; a new live record also enters the lease index (`{prefix}lease-ends`, see `RedisCallLeases`). `update` reads, runs the (pure) change, and writes with a Lua compare-and-set on the
 * version — when another instance wrote in between, it reads again and re-runs the change, so no
 * update is lost and only the run that was stored is returned: the caller emits its events once.
 *
 * A write that times out may still be applied later (a failover, `CLIENT PAUSE`): the callback was
 * answered 503 and is retried, and the retry finds nothing left to change. So the receiver writes
 * each notification's events into an outbox field of the record (`outbox:{notification key}`) in the
 * same compare-and-set, then claims them (HGET + HDEL in one script) to dispatch: a retry that finds
 * nothing to change claims what the lost write left, and a claim is had by one caller only. An
 * entry whose receiver died between answering and claiming is taken by the call's owner
 * (`claimOrphanedOutboxes`, on its sweeps) once it is older than a threshold by Redis' clock; one
 * nobody takes expires with the record. Given a `RedisEventFeed` on the same server (`OutboxShare`),
 * a claim publishes what it takes as a feed message in the same script: the other instances get the
 * events even when the claimer dies right after.
 *
 * Keys round-trip: a call id that UTF-8 cannot carry (a lone surrogate) is refused (`invalid-key`),
 * and ids read back from the index are handled as bytes. A record that cannot be read is
 * quarantined — moved to `{prefix}quarantine:…`, dropped from the index, counted and reported once
 * — so one bad record never fails `list()`, and with it every sweep, scan, status page and start.
 *
 * Every script that changes what a summary answers (a write, an outbox claim, a quarantine, a
 * delete) also enters the call in the change feed `{prefix}changes` in the same step (see
 * `changeFeed.ts`): `summaries` keeps a cache fresh from it, so sweeps and scans that ask about
 * thousands of quiet calls read only those that changed.
 */
export class RedisCallStore implements CallStore {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly terminatedTtlMs: number;
  private readonly idleTtlMs: number;
  private readonly maxAttempts: number;
  private readonly now: () => number;
  private readonly writeIfVersion: WriteIfVersion;
  private readonly claimScript: Claim;
  private readonly claimOrphanedScript: ClaimOrphaned;
  private readonly summariesScript: Summaries;
  private readonly summariesJsonScript: SummariesJson;
  private readonly quarantineScript: Quarantine;
  private readonly deleteScript: Delete;
  private readonly readChangesScript: ReadChanges;
  private readonly feedKeys: ChangeFeedKeys;
  private readonly maxEntries: number;
  /** `undefined` when the cache is off (`summaryCacheMs: 0`). */
  private readonly summaryCache: SummaryCache | undefined;
  private readonly onQuarantine: (quarantine: QuarantinedRecord) => void;
  /** Per call: the end of this instance's last queued update. */
  private readonly queues = new Map<string, Promise<void>>();
  /** Updates that had to re-read because another writer got in first (for soak and bench reports). */
  conflicts = 0;
  /** Records this store moved aside because it could not read them (for `/health` and metrics). */
  quarantined = 0;
  /** Outbox entries claimed by a caller whose change found nothing to do: events a lost write would have lost. */
  recovered = 0;
  /** Outbox entries taken by {@link claimOrphanedOutboxes}: events an instance that died before claiming would have lost. */
  orphansRecovered = 0;

  constructor(options: RedisCallStoreOptions) {
    this.redis = options.redis;
    this.prefix = options.prefix ?? 'graph-calling:';
    this.terminatedTtlMs = options.terminatedTtlMs ?? MEMORY_STORE_DEFAULTS.terminatedTtlMs;
    this.idleTtlMs = options.idleTtlMs ?? 30 * 3_600_000;
    this.maxAttempts = options.maxAttempts ?? 64;
    this.now = options.now ?? Date.now;
    this.onQuarantine = options.onQuarantine ?? (() => undefined);
    const refreshMs = options.summaryCacheMs ?? SUMMARY_CACHE_MS;
    this.maxEntries = options.changeFeedMaxEntries ?? CHANGE_FEED_MAX_ENTRIES;
    if (!(refreshMs >= 0 && Number.isFinite(refreshMs)))
      throw new RangeError(`expected summaryCacheMs to be a finite number of ms, 0 or more, found ${refreshMs}`);
    if (!(Number.isSafeInteger(this.maxEntries) && this.maxEntries > 0))
      throw new RangeError(`expected changeFeedMaxEntries to be a whole number above 0, found ${this.maxEntries}`);
    this.feedKeys = changeFeedKeys(this.prefix);
    this.writeIfVersion = this.define<WriteIfVersion>('graphCallingWriteIfVersionFed', WRITE_IF_VERSION, 5);
    this.claimScript = this.define<Claim>('graphCallingClaimOutboxFed', CLAIM, 3);
    this.claimOrphanedScript = this.define<ClaimOrphaned>('graphCallingClaimOrphanedOutboxesFed', CLAIM_ORPHANED);
    this.summariesScript = this.define<Summaries>('graphCallingSummaries', SUMMARIES);
    this.summariesJsonScript = this.define<SummariesJson>('graphCallingSummariesJson', SUMMARIES_JSON);
    this.quarantineScript = this.define<Quarantine>('graphCallingQuarantineFed', QUARANTINE, 6);
    this.deleteScript = this.define<Delete>('graphCallingDeleteFed', DELETE, 4);
    this.readChangesScript = this.define<ReadChanges>('graphCallingReadChanges', READ_CHANGES, 3);
    this.summaryCache =
      refreshMs === 0
        ? undefined
        : new SummaryCache(
            {
              changesSince: (since) => this.changesSince(since),
              read: (callIds) => this.readSummaries(callIds),
              connection: () => this.redis.stream,
            },
            refreshMs,
          );
  }

  /** A script as a command; without `numberOfKeys` the caller passes the key count first. */
  private define<F extends (...args: never[]) => unknown>(name: string, lua: string, numberOfKeys?: number): F {
    if (!(name in this.redis)) this.redis.defineCommand(name, numberOfKeys === undefined ? { lua } : { lua, numberOfKeys });
    return ((this.redis as unknown as Record<string, F>)[name] as F).bind(this.redis) as F;
  }

  /** The hash a call's record lives in; throws `invalid-key` for an id UTF-8 cannot carry back. */
  key(callId: string): string {
    // Only an id with a surrogate can fail the round trip (sweeps build thousands of keys: the common case is one scan).
    if (SURROGATE.test(callId) && Buffer.from(callId, 'utf8').toString('utf8') !== callId)
      throw new RedisStoreError(
        'invalid-key',
        `expected a call id that survives UTF-8 (no lone surrogate), found ${JSON.stringify(callId.slice(0, 80))}: Redis would store it under another key`,
      );
    return `${this.prefix}call:${callId}`;
  }

  private get index(): string {
    return `${this.prefix}calls`;
  }

  private get quarantineIndex(): string {
    return `${this.prefix}quarantine`;
  }

  async get(callId: string): Promise<CallRecord | undefined> {
    const key = this.key(callId);
    const [version, json] = await redisCall(`HMGET ${key}`, () => this.redis.hmget(key, 'version', 'record'));
    if (json == null) return undefined;
    const decoded = this.decode(callId, json);
    if (!(decoded instanceof RedisStoreError)) return decoded;
    await this.quarantine(key, version ?? '', callId, decoded.message);
    return undefined;
  }

  /**
   * The summaries of many calls, one per id in order (`undefined`: no record). With the summary
   * cache on (the default, see `summaryCacheMs`), one small script reads the change feed since the
   * last call, and only the asked records that changed since, or that the cache does not hold, are
   * read from Redis; the rest answer from the cache — the same answers as a read of every record,
   * but for the staleness `summaryCacheMs` bounds. Calls on one store run one after another.
   * Records are read with one script run per {@link SUMMARY_CHUNK} calls, all sent at once, reading
   * a small field kept beside each record instead of the record. A record written before summaries
   * were kept, or whose summary does not read back, is read whole (and quarantined if unreadable),
   * and read again on every call.
   */
  async summaries(callIds: readonly string[]): Promise<ReadonlyArray<CallSummary | undefined>> {
    if (this.summaryCache !== undefined) return this.summaryCache.summaries(callIds);
    return (await this.readSummaries(callIds)).map((read) => read.summary);
  }

  /** The change feed after sequence number `since` (`undefined`: only where it stands). */
  private async changesSince(since: number | undefined): Promise<ChangesSince> {
    const { epoch, changes, state } = this.feedKeys;
    const reply = await redisCall(`the change feed ${changes}`, () =>
      this.readChangesScript(epoch, changes, state, randomUUID(), since === undefined ? '' : String(since)),
    );
    return changesSince(reply);
  }

  /** {@link summaries} read from Redis, each marked cacheable unless it came from a whole record (a summary not written by this store). */
  private async readSummaries(callIds: readonly string[]): Promise<SummaryRead[]> {
    if (callIds.length === 0) return [];
    const keys = callIds.map((callId) => this.key(callId));
    const chunks: string[][] = [];
    for (let i = 0; i < keys.length; i += SUMMARY_CHUNK) chunks.push(keys.slice(i, i + SUMMARY_CHUNK));
    const answers = (
      await redisCall(`the summaries of ${callIds.length} records`, () =>
        Promise.all(
          chunks.map(async (chunk) => {
            const joined = joinedSummaries(await this.summariesJsonScript(chunk.length, ...chunk), chunk.length);
            // A summary that is not JSON (written by someone else) spoils the joined text: this chunk is read record by record.
            return joined ?? (await this.summariesScript(chunk.length, ...chunk));
          }),
        ),
      )
    ).flat();
    const summaries: SummaryRead[] = [];
    const unread: number[] = [];
    callIds.forEach((callId, i) => {
      const answer = answers[i];
      const summary = answer == null || answer === '' ? undefined : readSummary(callId, answer);
      summaries.push({ summary, cacheable: true });
      if (answer != null && summary === undefined) unread.push(i);
    });
    await Promise.all(
      unread.map(async (i) => {
        const record = await this.get(callIds[i] as string);
        summaries[i] = { summary: record === undefined ? undefined : summaryOf(record), cacheable: false };
      }),
    );
    return summaries;
  }

  /** How many quarantined records are kept (by every instance sharing the prefix): one ZCOUNT, for a health route. */
  async quarantinedCount(): Promise<number> {
    return redisCall(`ZCOUNT ${this.quarantineIndex}`, () =>
      this.redis.zcount(this.quarantineIndex, String(this.now() - this.idleTtlMs), '+inf'),
    );
  }

  /** The keys of the quarantined records still kept (each until its record's own expiry), oldest first. */
  async quarantinedKeys(): Promise<string[]> {
    return redisCall(`ZRANGE ${this.quarantineIndex}`, async () => {
      await this.redis.zremrangebyscore(this.quarantineIndex, '-inf', String(this.now() - this.idleTtlMs));
      return this.redis.zrange(this.quarantineIndex, '0', '-1');
    });
  }

  /**
   * Updates one call. Updates of one call from this instance run one after another (they would only
   * collide with each other); the compare-and-set settles collisions with other instances.
   */
  update<T, R extends CallRecord | undefined = CallRecord>(
    callId: string,
    change: (before: CallRecord | undefined) => CallStoreChange<T, R>,
  ): Promise<CallStoreUpdate<T, R>> {
    return this.queued(callId, async () => {
      const { record, result, changed } = await this.compareAndSet(callId, change, undefined);
      return { record, result, changed };
    });
  }

  /**
   * {@link update} with the change's events kept in the record's outbox until claimed (see the class
   * comment). `claim` retries while Redis is unreachable (up to about 10 s), since the callback may
   * already be acknowledged.
   */
  async updateWithOutbox(
    callId: string,
    key: string,
    change: (before: CallRecord | undefined) => CallStoreChange<readonly CallbackEvent[]>,
    share?: OutboxShare,
  ): Promise<OutboxUpdate> {
    const field = `${OUTBOX}${key}`;
    const { record, result, changed, claimable } = await this.queued(callId, () => this.compareAndSet(callId, change, field));
    const recordKey = this.key(callId);
    const channel = this.channelOf(share);
    const head = channel === '' ? '' : RedisEventFeed.messageHead(share?.origin ?? '', callId);
    return {
      record,
      changed,
      events: result,
      ...(claimable && channel !== '' ? { shared: true } : {}),
      claim: claimable
        ? async () => {
            const events = await this.claimWithRetry(callId, recordKey, field, channel, head);
            // Found by a caller that changed nothing: events a write whose answer was lost would have lost.
            if (!changed && events.length > 0) this.recovered += 1;
            return events;
          }
        : () => Promise.resolve(result),
    };
  }

  private queued<R>(callId: string, task: () => Promise<R>): Promise<R> {
    const previous = this.queues.get(callId);
    const run = (previous ?? Promise.resolve()).then(task);
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

  /** Read, change, compare-and-set; `claimable` when the outbox under `outboxField` holds events to claim. */
  private async compareAndSet<T, R extends CallRecord | undefined>(
    callId: string,
    change: (before: CallRecord | undefined) => CallStoreChange<T, R>,
    outboxField: string | undefined,
  ): Promise<CallStoreUpdate<T, R> & { readonly claimable: boolean }> {
    const key = this.key(callId);
    for (let attempt = 1; attempt <= this.maxAttempts; attempt += 1) {
      const fields = outboxField === undefined ? ['version', 'record'] : ['version', 'record', outboxField];
      const [version, json, pending] = await redisCall(`HMGET ${key}`, () => this.redis.hmget(key, ...fields));
      let before: CallRecord | undefined;
      if (json != null) {
        const decoded = this.decode(callId, json);
        if (decoded instanceof RedisStoreError) {
          // Moved aside (unless rewritten meanwhile); the next read finds no record, and the change starts a fresh one.
          await this.quarantine(key, version ?? '', callId, decoded.message);
          continue;
        }
        before = decoded;
      }
      const { record, result } = change(before);
      // Nothing to change, but a write under this key may have left events nobody claimed: its answer was lost.
      if (record === before || record === undefined) return { record, result, changed: false, claimable: pending != null };
      const ttl = record.state === 'terminated' ? this.terminatedTtlMs : this.idleTtlMs;
      const events = outboxField !== undefined && Array.isArray(result) && result.length > 0 ? JSON.stringify(result) : '';
      const written = await redisCall(`the compare-and-set of ${key}`, () =>
        this.writeIfVersion(
          key,
          this.index,
          leaseIndexKey(this.prefix),
          this.feedKeys.changes,
          this.feedKeys.state,
          json == null ? '0' : (version ?? '0'),
          JSON.stringify(record),
          ttl,
          callId,
          this.now() + ttl,
          outboxField ?? '',
          events,
          record.state === 'terminated' ? '0' : '1',
          JSON.stringify(summaryOf(record)),
          outboxField === undefined ? '' : `${STAMP}${outboxField.slice(OUTBOX.length)}`,
          this.maxEntries,
        ),
      );
      if (written !== 0) return { record, result, changed: true, claimable: events !== '' || pending != null };
      this.conflicts += 1;
      // Another instance got in first: back off (randomised and growing, so writers stop colliding in step).
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2 ** attempt, 50)));
    }
    throw new RedisStoreError(
      'conflict',
      `expected to update ${key} within ${this.maxAttempts} attempts, found another writer first every time`,
    );
  }

  /** Whether the events this store's claims take can be published to `feed` by the claims themselves: a Redis feed on this store's server. */
  publishesTo(feed: EventFeed): feed is RedisEventFeed {
    return feed instanceof RedisEventFeed && feed.reachedThrough(this.redis);
  }

  /** The channel claims publish to for `share` ('' for none: no share, or a feed this store cannot publish to). */
  private channelOf(share: OutboxShare | undefined): string {
    return share !== undefined && this.publishesTo(share.feed) ? share.feed.channel : '';
  }

  /** {@link claim}, tried again while Redis does not answer. */
  private async claimWithRetry(
    callId: string,
    key: string,
    field: string,
    channel: string,
    head: string,
  ): Promise<readonly CallbackEvent[]> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.claim(callId, key, field, channel, head);
      } catch (error) {
        if (!(error instanceof RedisStoreError && error.code === 'unavailable') || attempt >= CLAIM_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** attempt, 2000)));
      }
    }
  }

  /** Takes an outbox entry (publishing its events on `channel` unless ''); `[]` when another caller took it first. */
  private async claim(callId: string, key: string, field: string, channel: string, head: string): Promise<readonly CallbackEvent[]> {
    const stamp = `${STAMP}${field.slice(OUTBOX.length)}`;
    const { changes, state } = this.feedKeys;
    const pending = await redisCall(`the outbox claim of ${key}`, () =>
      this.claimScript(key, changes, state, field, stamp, channel, head, callId, this.maxEntries),
    );
    if (pending === null) return [];
    const events = outboxEvents(pending, callId, key, field);
    if (events instanceof RedisStoreError) throw events;
    return events;
  }

  /**
   * Takes the outbox entries of `callIds` stamped at least `olderThanMs` ago by the server's clock
   * (see `CallStore.claimOrphanedOutboxes`): one script run per {@link SUMMARY_CHUNK} calls, all sent
   * at once; a record without entries costs one HGET in it. Entries come back per call in the order
   * they were stored (by the record's version when each was first written).
   */
  async claimOrphanedOutboxes(callIds: readonly string[], olderThanMs: number, share?: OutboxShare): Promise<OrphanedOutboxEntry[]> {
    if (!(olderThanMs >= 0)) throw new RangeError(`olderThanMs must be 0 or more, found ${olderThanMs}`);
    const keys = callIds.map((callId) => this.key(callId));
    const channel = this.channelOf(share);
    const origin = share?.origin ?? '';
    const chunks: Array<{ readonly from: number; readonly keys: string[] }> = [];
    for (let i = 0; i < keys.length; i += SUMMARY_CHUNK) chunks.push({ from: i, keys: keys.slice(i, i + SUMMARY_CHUNK) });
    const answers = await redisCall(`the orphaned outbox entries of ${callIds.length} records`, () =>
      Promise.all(
        chunks.map(async ({ from, keys: chunk }) => ({
          from,
          taken: await this.claimOrphanedScript(
            chunk.length + 2,
            ...chunk,
            this.feedKeys.changes,
            this.feedKeys.state,
            String(Math.floor(olderThanMs)),
            channel,
            String(this.maxEntries),
            String(Buffer.byteLength(this.key(''), 'utf8')),
            ...(channel === '' ? [] : callIds.slice(from, from + chunk.length).map((callId) => RedisEventFeed.messageHead(origin, callId))),
          ),
        })),
      ),
    );
    const entries: Array<OrphanedOutboxEntry & { readonly index: number; readonly version: number }> = [];
    for (const { from, taken } of answers)
      for (let i = 0; i + 4 < taken.length; i += 5) {
        const index = from + Number(taken[i]) - 1;
        const callId = callIds[index] as string;
        const key = taken[i + 3] ?? '';
        const pending = taken[i + 4] ?? null;
        // Taken already (the stamp outlived its events): nothing is left to dispatch.
        if (pending === null) continue;
        const events = outboxEvents(pending, callId, keys[index] as string, `${OUTBOX}${key}`);
        const entry = { index, version: Number(taken[i + 1]), callId, key, storedAt: Number(taken[i + 2]) };
        entries.push(
          events instanceof RedisStoreError
            ? { ...entry, events: [], error: events }
            : { ...entry, events, ...(channel !== '' ? { shared: true } : {}) },
        );
      }
    entries.sort((a, b) => a.index - b.index || a.version - b.version);
    this.orphansRecovered += entries.length;
    return entries.map(({ index: _index, version: _version, ...entry }) => entry);
  }

  /** Moves an unreadable record aside, once; `member` is its entry in the index. */
  private async quarantine(key: string | Buffer, version: string, member: string | Buffer, reason: string): Promise<void> {
    const text = key.toString();
    const movedTo = `${this.prefix}quarantine:${this.now()}:${text.slice(this.prefix.length, this.prefix.length + 300)}`;
    const moved = await redisCall(`the quarantine of ${text}`, () =>
      this.quarantineScript(
        key,
        this.index,
        this.quarantineIndex,
        movedTo,
        this.feedKeys.changes,
        this.feedKeys.state,
        version,
        member,
        this.now(),
        this.maxEntries,
      ),
    );
    if (moved === 0) return;
    this.quarantined += 1;
    this.onQuarantine({ key: text, movedTo, reason });
  }

  async delete(callId: string): Promise<boolean> {
    const key = this.key(callId);
    const { changes, state } = this.feedKeys;
    const deleted = await redisCall(`DEL ${key}`, () => this.deleteScript(key, this.index, changes, state, callId, this.maxEntries));
    return deleted > 0;
  }

  /** Every stored record, oldest first (expired ones are pruned from the index on the way, unreadable ones quarantined). */
  async list(): Promise<CallRecord[]> {
    // Ids as bytes: one that is not UTF-8 (written by someone else) still names its key exactly, so it can be moved aside.
    const ids = await redisCall(`ZRANGE ${this.index}`, async () => {
      await this.redis.zremrangebyscore(this.index, '-inf', String(this.now()));
      return this.redis.zrangeBuffer(this.index, '0', '-1');
    });
    if (ids.length === 0) return [];
    const prefix = Buffer.from(`${this.prefix}call:`, 'utf8');
    const keys = ids.map((id) => Buffer.concat([prefix, id]));
    const values = await redisCall(`HMGET of ${ids.length} records`, () => {
      const pipeline = this.redis.pipeline();
      for (const key of keys) pipeline.hmgetBuffer(key, 'version', 'record');
      return pipeline.exec();
    });
    const records: CallRecord[] = [];
    for (let i = 0; i < ids.length; i += 1) {
      const [error, reply] = values?.[i] ?? [null, null];
      if (error)
        throw new RedisStoreError('unavailable', `expected Redis to answer HMGET ${keys[i]?.toString() ?? ''}, found ${error.message}`, {
          cause: error,
        });
      const [version, json] = (reply as Array<Buffer | null> | null) ?? [null, null];
      if (json == null) continue;
      const id = ids[i] as Buffer;
      const callId = id.toString('utf8');
      const decoded = Buffer.from(callId, 'utf8').equals(id)
        ? this.decode(callId, json.toString('utf8'))
        : new RedisStoreError('corrupt', `expected a UTF-8 call id in the index, found the bytes ${id.toString('hex').slice(0, 160)}`);
      if (decoded instanceof RedisStoreError) await this.quarantine(keys[i] as Buffer, version?.toString() ?? '', id, decoded.message);
      else records.push(decoded);
    }
    return records.sort((a, b) => a.createdAt - b.createdAt);
  }

  /** The record, or why it is not one (returned, not thrown: the callers quarantine it). */
  private decode(callId: string, json: string): CallRecord | RedisStoreError {
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch (error) {
      return new RedisStoreError('corrupt', `expected JSON at ${this.prefix}call:${callId} record, found ${preview(json)}`, {
        cause: error,
      });
    }
    const record = value as Partial<CallRecord> | null;
    if (
      typeof record !== 'object' ||
      record === null ||
      record.callId !== callId ||
      typeof record.createdAt !== 'number' ||
      !isRecord(record.call) ||
      !isRecord(record.participants) ||
      !isRecord(record.sequences) ||
      !isRecord(record.departed)
    )
      return new RedisStoreError(
        'corrupt',
        `expected a call record with callId ${JSON.stringify(callId)}, a numeric createdAt and call, participants, sequences and departed objects at ${this.prefix}call:${callId} record, found ${preview(json)}`,
      );
    return record as CallRecord;
  }
}

/**
 * The answers of {@link SUMMARIES_JSON}, as {@link SUMMARIES} gives them: a summary (decoded), ''
 * or null per record; `undefined` when the text is not a JSON array of `count` elements (a
 * summary starting like an object was not one). The elements are not checked here: {@link readSummary} reads each.
 */
function joinedSummaries(text: string, count: number): unknown[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return Array.isArray(value) && value.length === count ? value : undefined;
}

/** A summary written by this store (as JSON, or decoded already), or `undefined` when it does not read back as one for `callId`. */
function readSummary(callId: string, json: unknown): CallSummary | undefined {
  let value: unknown = json;
  if (typeof json === 'string')
    try {
      value = JSON.parse(json);
    } catch {
      // Not JSON: the whole record is read instead (and quarantined if it is unreadable too).
      return undefined;
    }
  const summary = value as Partial<CallSummary> | null;
  return isRecord(summary) && summary?.callId === callId && typeof summary.createdAt === 'number' ? (summary as CallSummary) : undefined;
}

/** The events of an outbox entry of `callId`, or why they cannot be read. */
function outboxEvents(pending: string, callId: string, key: string, field: string): readonly CallbackEvent[] | RedisStoreError {
  let value: unknown;
  try {
    value = JSON.parse(pending);
  } catch (error) {
    return new RedisStoreError('corrupt', `expected a JSON array of events at ${key} ${field}, found ${preview(pending)}`, {
      cause: error,
    });
  }
  // Written by this code as JSON.stringify of an array of events: anything else was written by someone else.
  if (!Array.isArray(value))
    return new RedisStoreError('corrupt', `expected a JSON array of events at ${key} ${field}, found ${preview(pending)}`);
  const stray = value.findIndex((event: unknown) => !isEventOf(event, callId));
  if (stray !== -1)
    return new RedisStoreError(
      'corrupt',
      `expected an event of call ${JSON.stringify(callId)} (an object with a string type) at ${key} ${field}[${stray}], found ${preview(JSON.stringify(value[stray]) ?? 'undefined')}`,
    );
  // Only the framing is checked (as the event feed does): the events were produced by a receiver of this package family.
  return value as readonly CallbackEvent[];
}

function preview(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}
