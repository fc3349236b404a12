/**
 * The change feed of a prefix: `{prefix}changes`, a sorted set of call ids scored by the sequence
 * number of the last change to anything a summary answers (the record's summary, its unclaimed
 * outbox count, its existence). Every script of `RedisCallStore` that changes one of them takes the
 * next number from `{prefix}changes-state` (field `seq`) and adds the call to the feed in the same
 * script, so a reader that remembers the number it last saw finds exactly what changed since with
 * one range query — no clock involved, nothing listed twice. The feed holds one entry per call; past
 * `maxEntries` the oldest are trimmed (a tenth more at once, so trimming is rare), and the state's
 * field `trimmed` keeps the highest number trimmed: a reader that last looked before it reads everything.
 */
export function changeFeedKeys(prefix: string): ChangeFeedKeys {
  return { changes: `${prefix}changes`, state: `${prefix}changes-state`, epoch: `${prefix}store-epoch` };
}

/** The keys of a prefix's change feed (see {@link changeFeedKeys}). */
export interface ChangeFeedKeys {
  /** Sorted set: call id → sequence number of its last change. */
  readonly changes: string;
  /** Hash: `seq`, the last sequence number given; `trimmed`, the highest one trimmed from `changes` (absent: none). */
  readonly state: string;
  /** A random value set once (SET NX): a new one means Redis lost its data since a reader last looked. */
  readonly epoch: string;
}

/** What {@link READ_CHANGES} answers. */
export interface ChangesSince {
  /** The epoch Redis holds now (set by this read when it was missing). */
  readonly epoch: string;
  /** The last sequence number given when the feed was read (0: none yet). */
  readonly seq: number;
  /** The server's time of the read, in ms. */
  readonly now: number;
  /** The feed may have lost entries numbered up to this (0: none trimmed yet). */
  readonly trimmedUpTo: number;
  /** The ids changed after the asked sequence number (none when none was asked). */
  readonly changed: readonly string[];
}

// Lua: the feed's one step, recording a change of one call id — under the next sequence number,
// trimming the oldest entries when there are more than `limit`.
export const FEED_LUA = `
local function feed(changes, state, limit, member)
  local seq = redis.call('HINCRBY', state, 'seq', 1)
  redis.call('ZADD', changes, seq, member)
  local over = redis.call('ZCARD', changes) - tonumber(limit)
  if over > 0 then
    local cut = over + math.floor(tonumber(limit) / 10)
    local last = redis.call('ZRANGE', changes, cut - 1, cut - 1, 'WITHSCORES')
    redis.call('ZREMRANGEBYRANK', changes, 0, cut - 1)
    redis.call('HSET', state, 'trimmed', last[2])
  end
end`;

// The epoch (set to ARGV[1] when missing), the last sequence number, the highest one trimmed, the
// server time in ms, then each id changed after sequence number ARGV[2] ('': none asked).
// KEYS: epoch, changes, state.
export const READ_CHANGES = `
redis.call('SET', KEYS[1], ARGV[1], 'NX')
local clock = redis.call('TIME')
local state = redis.call('HMGET', KEYS[3], 'seq', 'trimmed')
local answer = { redis.call('GET', KEYS[1]), state[1] or '0', state[2] or '0', string.format('%d', tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)) }
if ARGV[2] ~= '' then
  for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. ARGV[2], '+inf')) do answer[#answer + 1] = member end
end
return answer`;

/** The reply of {@link READ_CHANGES} read; a reply of another shape is a bug, thrown as such. */
export function changesSince(reply: readonly string[]): ChangesSince {
  const [epoch, seq, trimmedUpTo, now, ...changed] = reply;
  if (epoch === undefined || [seq, trimmedUpTo, now].some((n) => n === undefined || !Number.isFinite(Number(n))))
    throw new TypeError(
      `expected the epoch, the sequence number, the trim mark and the time of the change feed, then ids, found ${JSON.stringify(reply.slice(0, 4))}`,
    );
  return { epoch, seq: Number(seq), trimmedUpTo: Number(trimmedUpTo), now: Number(now), changed };
}
