/**
 * The change feed of a prefix: `{prefix}changes`, a sorted set of call ids scored by the Redis
 * server's time (ms) of the last change to anything a summary answers (the record's summary, its
 * unclaimed outbox count, its existence). Every script of `RedisCallStore` that changes one of them
 * adds to it in the same script, so a reader that remembers when it last looked finds what changed
 * since with one range query. Entries older than the retention window are trimmed (by writers and
 * readers alike); `{prefix}changes-trimmed` keeps the newest time trimmed up to, so a reader whose
 * last look is older than that knows the feed can no longer tell it everything.
 */
export function changeFeedKeys(prefix: string): ChangeFeedKeys {
  return { changes: `${prefix}changes`, trimmed: `${prefix}changes-trimmed`, epoch: `${prefix}store-epoch` };
}

/** The keys of a prefix's change feed (see {@link changeFeedKeys}). */
export interface ChangeFeedKeys {
  /** Sorted set: call id → server ms of its last change. */
  readonly changes: string;
  /** The server ms before which entries may have been trimmed from `changes` (absent: nothing trimmed). */
  readonly trimmed: string;
  /** A random value set once (SET NX): a new one means Redis lost its data since a reader last looked. */
  readonly epoch: string;
}

/** What {@link READ_CHANGES} answers. */
export interface ChangesSince {
  /** The epoch Redis holds now (set by this read when it was missing). */
  readonly epoch: string;
  /** The server's time of the read, in ms. */
  readonly now: number;
  /** The feed may have lost entries older than this (server ms; 0: none trimmed yet). */
  readonly trimmedBefore: number;
  /** The ids changed at or after the asked time, each with the server ms of its last change. */
  readonly changed: ReadonlyArray<readonly [callId: string, at: number]>;
}

// Lua: the server's time in ms, and the feed's two steps — trim what is older than the retention
// window (recording how far), and record a change of one call id now.
export const FEED_LUA = `
local function serverMs()
  local clock = redis.call('TIME')
  return tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
end
local function trimFeed(changes, trimmed, cutoff)
  if redis.call('ZREMRANGEBYSCORE', changes, '-inf', '(' .. string.format('%d', cutoff)) > 0 then
    if cutoff > tonumber(redis.call('GET', trimmed) or '0') then redis.call('SET', trimmed, string.format('%d', cutoff)) end
  end
end
local function feed(changes, trimmed, retention, member)
  local now = serverMs()
  redis.call('ZADD', changes, now, member)
  trimFeed(changes, trimmed, now - tonumber(retention))
end`;

// The epoch (set to ARGV[1] when missing), the server time, how far the feed was trimmed (after
// trimming it to the retention window ARGV[3]), then each id changed at or after ARGV[2] ms ('': ARGV[4]
// ms before now) and the time of its change. KEYS: epoch, changes, trimmed.
export const READ_CHANGES = `
${FEED_LUA}
redis.call('SET', KEYS[1], ARGV[1], 'NX')
local now = serverMs()
trimFeed(KEYS[2], KEYS[3], now - tonumber(ARGV[3]))
local answer = { redis.call('GET', KEYS[1]), string.format('%d', now), redis.call('GET', KEYS[3]) or '0' }
local since = ARGV[2]
if since == '' then since = string.format('%d', now - tonumber(ARGV[4])) end
for _, entry in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], since, '+inf', 'WITHSCORES')) do table.insert(answer, entry) end
return answer`;

/** The reply of {@link READ_CHANGES} read; a reply of another shape is a bug, thrown as such. */
export function changesSince(reply: readonly string[]): ChangesSince {
  const [epoch, now, trimmedBefore, ...entries] = reply;
  if (epoch === undefined || now === undefined || trimmedBefore === undefined || !Number.isFinite(Number(now)) || entries.length % 2 !== 0)
    throw new TypeError(
      `expected the epoch, the time and the trim mark of the change feed, then ids and times, found ${JSON.stringify(reply.slice(0, 4))}`,
    );
  const changed: Array<readonly [string, number]> = [];
  for (let i = 0; i < entries.length; i += 2) changed.push([entries[i] as string, Number(entries[i + 1])]);
  return { epoch, now: Number(now), trimmedBefore: Number(trimmedBefore), changed };
}
