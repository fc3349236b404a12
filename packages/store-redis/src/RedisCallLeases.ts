import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Redis } from 'ioredis';
import type { CallLeases, LeaseHistory } from '@graph-calling/notifications';
import { leaseIndexKey } from './leaseIndex';
import { redisCall } from './RedisStoreError';

/** Options of {@link RedisCallLeases}. */
export interface RedisCallLeasesOptions {
  /** A connected client (see `connectRedis`); the leases do not close it. */
  readonly redis: Redis;
  /** The same prefix as the store's (default `graph-calling:`). */
  readonly prefix?: string;
  /** Unique per running instance (default host name, process id and a random suffix). */
  readonly instanceId?: string;
  /** Lease time: a dead owner's calls are taken over within it (plus one sweep). Default 30 s. */
  readonly leaseMs?: number;
  /** How long a call's lease history outlives its last take (default a day, at least ten leases). */
  readonly historyMs?: number;
  /**
   * How often a batch renewal checks every lease key even though the instance key lived all along
   * (default 5 minutes): bounds how long a lease key removed behind the leases' back goes unnoticed.
   */
  readonly checkEveryMs?: number;
}

// One lease per instance, not one per call, so renewing every call an instance holds is one command.
// A call's lease key names its holder and has no expiry; the holder holds it while its instance key
// (`{prefix}alive:{instance}`, expiring after the lease time) lives. When an instance stops renewing
// (dead, paused, cut off) its instance key expires and every call it held is free at once.
// Three indexes keep in step with the lease keys:
// - `{prefix}lease-ends`: every call, scored by when it may be adopted: +inf while held, the moment it
//   was released (0), found unheld (its holder's instance key gone) or written (a new record, see the
//   store) otherwise. A lease of an earlier version (one expiring key per call) is scored by its end.
// - `{prefix}owned:{instance}`: the calls an instance took, scored by when it took each.
// - `{prefix}owners`: the instances that have such a set. Finding adoptable calls moves the sets of
//   instances whose instance key is gone into lease-ends (once), then reads lease-ends.
// The instance key's value says whether every call the instance holds was checked against its lease
// key since the key last came into being: '1' after a check of all of them, '0' when taking or renewing
// one call had to create it (the instance was presumed dead in between, or Redis lost its data: a lease
// may have been taken over or lost). A batch renewal is one command while the value is '1'; otherwise
// it reads every lease key once, which sets it to '1' again.
// Every script reads the Redis server's clock, so instances' clocks need not agree. Scripts build the
// names of other instances' keys from the prefix (ARGV): one Redis node, as the class says.
const NOW = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)`;
// Whether a holder's lease is live: its instance key exists, or the lease key itself still expires
// (written by an earlier version, which gave each call's lease its own expiry).
const LIVE = `
local function live(prefix, holder, lease)
  return redis.call('EXISTS', prefix .. 'alive:' .. holder) == 1 or redis.call('PTTL', lease) > 0
end`;
// Keeps this instance's key alive for a lease time; creates it unchecked ('0') when it had expired.
const TOUCH = `
local function touch(alive, ms)
  if redis.call('PEXPIRE', alive, ms) == 0 then redis.call('SET', alive, '0', 'PX', ms) end
end`;
// Holds a call: the lease key (no expiry), +inf in lease-ends, the owned set, the owners set.
const HOLD = `${TOUCH}
local function hold(lease, id, callId, ends, owned, owners, alive, ms, now)
  redis.call('SET', lease, id)
  redis.call('ZADD', ends, '+inf', callId)
  redis.call('ZADD', owned, now, callId)
  redis.call('SADD', owners, id)
  touch(alive, ms)
end`;
// A new take also notes the call's holders in its history (the former one kept, with whether it
// released the lease), and takes the call out of a dead former holder's owned set.
// KEYS: lease, lease-ends, owned set, history, instance key, owners; ARGV: instance id, lease ms,
// call id, history ms, prefix.
const ACQUIRE = `${NOW}${LIVE}${HOLD}
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then
  if live(ARGV[5], holder, KEYS[1]) then
    redis.call('ZADD', KEYS[2], '+inf', ARGV[3])
    return 0
  end
  redis.call('ZREM', ARGV[5] .. 'owned:' .. holder, ARGV[3])
end
if holder ~= ARGV[1] then
  local last = redis.call('HMGET', KEYS[4], 'current', 'released')
  if last[1] then redis.call('HSET', KEYS[4], 'previous', last[1], 'previousReleased', last[2] or '0') end
  redis.call('HSET', KEYS[4], 'current', ARGV[1], 'released', '0')
  redis.call('PEXPIRE', KEYS[4], ARGV[4])
end
hold(KEYS[1], ARGV[1], ARGV[3], KEYS[2], KEYS[3], KEYS[6], KEYS[5], tonumber(ARGV[2]), now)
return 1`;
// Extends one lease only while this instance still holds it (one taken by another instance must not
// be touched); a lease not held leaves this instance's set. KEYS: lease, lease-ends, owned set,
// instance key, owners; ARGV: instance id, lease ms, call id.
const RENEW = `${NOW}${HOLD}
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  redis.call('ZREM', KEYS[3], ARGV[3])
  return 0
end
hold(KEYS[1], ARGV[1], ARGV[3], KEYS[2], KEYS[3], KEYS[5], KEYS[4], tonumber(ARGV[2]), now)
return 1`;
// Renews every lease an instance holds when all of them were checked since its key came into being:
// one command, whatever the number of calls. 1 when it did; 0 when the leases must be checked
// (RENEW_CHECKED). KEYS: instance key; ARGV: lease ms.
const RENEW_ALL = `
if redis.call('GET', KEYS[1]) ~= '1' then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1`;
// Checks a batch of leases against their keys and keeps the instance key alive: one MGET, then per
// call held an owned-set and a lease-ends entry (they may have been moved while the instance was
// presumed dead), per call not held its removal from the owned set. KEYS: instance key, owned set,
// lease-ends, owners, then one lease key per call; ARGV: instance id, lease ms, then the call ids.
const RENEW_CHECKED = `${NOW}${TOUCH}
local ms = tonumber(ARGV[2])
local holders = redis.call('MGET', unpack(KEYS, 5))
local answers, owned, ends, gone = {}, {}, {}, {}
for i = 1, #holders do
  local callId = ARGV[i + 2]
  if holders[i] == ARGV[1] then
    owned[#owned + 1] = now
    owned[#owned + 1] = callId
    ends[#ends + 1] = '+inf'
    ends[#ends + 1] = callId
    answers[i] = 1
  else
    gone[#gone + 1] = callId
    answers[i] = 0
  end
end
if #owned > 0 then
  redis.call('ZADD', KEYS[2], 'NX', unpack(owned))
  redis.call('ZADD', KEYS[3], unpack(ends))
  redis.call('SADD', KEYS[4], ARGV[1])
end
if #gone > 0 then redis.call('ZREM', KEYS[2], unpack(gone)) end
touch(KEYS[1], ms)
return answers`;
// After every batch of a check answered: the instance key says its leases were all checked, if it
// lived all along (had it expired in between, a lease may have been taken: the next renewal checks
// again). KEYS: instance key; ARGV: lease ms.
const CHECKED = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
return 1`;
// A released call is adoptable at once (score 0): the hand-over at shutdown relies on it; its
// history says the holder let go. KEYS: lease, lease-ends, owned set, history; ARGV: instance id, call id.
const RELEASE = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  redis.call('ZREM', KEYS[3], ARGV[2])
  return 0
end
if redis.call('HGET', KEYS[4], 'current') == ARGV[1] then redis.call('HSET', KEYS[4], 'released', '1') end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[3], ARGV[2])
redis.call('ZADD', KEYS[2], 0, ARGV[2])
return 1`;
// Drops a call from lease-ends unless a live holder has it; a dead holder's lease key goes too.
// KEYS: lease, lease-ends; ARGV: call id, prefix.
const FORGET = `${LIVE}
local holder = redis.call('GET', KEYS[1])
if holder then
  if live(ARGV[2], holder, KEYS[1]) then return 0 end
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', ARGV[2] .. 'owned:' .. holder, ARGV[1])
end
return redis.call('ZREM', KEYS[2], ARGV[1])`;
// The calls nobody holds, oldest first: first the owned sets of instances whose key is gone are
// moved into lease-ends (scored now, unless already scored lower), then lease-ends is read.
// KEYS: lease-ends, owners; ARGV: limit, prefix.
const UNHELD = `${NOW}
for _, id in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  if redis.call('EXISTS', ARGV[2] .. 'alive:' .. id) == 0 then
    local owned = ARGV[2] .. 'owned:' .. id
    local members = redis.call('ZRANGE', owned, 0, -1)
    for i = 1, #members, 500 do
      local batch = {}
      for j = i, math.min(i + 499, #members) do
        batch[#batch + 1] = now
        batch[#batch + 1] = members[j]
      end
      redis.call('ZADD', KEYS[1], 'LT', unpack(batch))
    end
    redis.call('DEL', owned)
    redis.call('SREM', KEYS[2], id)
  end
end
return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))`;
// The instance holding a call's lease, if it is live. KEYS: lease; ARGV: prefix.
const OWNER = `${LIVE}
local holder = redis.call('GET', KEYS[1])
if holder and live(ARGV[1], holder, KEYS[1]) then return holder end
return false`;
// Live instances are scored by the server's clock too. KEYS: instances; ARGV: instance id, ttl ms.
const HEARTBEAT = `${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
return redis.call('ZRANGE', KEYS[1], 0, -1)`;

/** Calls checked by one script run: bounds how long one run keeps Redis busy. */
const RENEW_CHUNK = 500;

type Script = (...args: Array<string | number>) => Promise<unknown>;

/**
 * Call ownership leases on one Redis node, one lease per instance: a call's lease key names its
 * holder, and the holder holds it while its instance key (expiring after `leaseMs`) lives. Lua
 * scripts take a call nobody live holds, and extend or give one up only for its holder. Renewing
 * every call an instance holds is one command ({@link RedisCallLeases.renewMany}); after the
 * instance key had expired, or Redis lost its data, that renewal checks every lease key once, and
 * it does so every `checkEveryMs` anyway. The scripts keep indexes in step (see the scripts'
 * comment): when each call may be adopted, and the calls each instance took — so finding the calls
 * to adopt is one range query ({@link RedisCallLeases.adoptable}) and another instance's calls can
 * be listed ({@link RedisCallLeases.heldBy}) without reading any record. A sorted set of heartbeats
 * tells which instances are alive (for the shutdown hand-over decision).
 * One Redis node is the trust boundary: Redlock across several nodes is not needed for duties
 * that are idempotent on Graph's side (a keep-alive or reconcile done twice is harmless). Its
 * eviction policy must spare keys without an expiry (`noeviction` or a `volatile-*` policy): the
 * lease keys have none.
 * If Redis loses its data, the indexes go with the leases: the owners' next renewals check their
 * leases, find them gone, take their calls again (which rebuilds the indexes) and report the loss
 * (see `CallOwnership`).
 */
export class RedisCallLeases implements CallLeases {
  readonly instanceId: string;
  readonly leaseMs: number;
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly acquireScript: Script;
  private readonly renewScript: Script;
  private readonly renewAllScript: Script;
  private readonly renewCheckedScript: Script;
  private readonly checkedScript: Script;
  private readonly releaseScript: Script;
  private readonly forgetScript: Script;
  private readonly unheldScript: Script;
  private readonly ownerScript: Script;
  private readonly heartbeatScript: Script;
  private readonly historyMs: number;
  private readonly checkEveryMs: number;
  /** When a batch renewal last checked the lease keys (`performance.now()`); undefined: never. */
  private checkedAt: number | undefined;
  /**
   * The calls whose lease keys that check found held, and those taken or renewed one by one since:
   * a batch renewal is one command only for calls among them (one outside was never checked).
   */
  private readonly checked = new Set<string>();

  constructor(options: RedisCallLeasesOptions) {
    this.redis = options.redis;
    this.prefix = options.prefix ?? 'graph-calling:';
    this.instanceId = options.instanceId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.historyMs = Math.max(options.historyMs ?? 86_400_000, this.leaseMs * 10);
    this.checkEveryMs = options.checkEveryMs ?? 300_000;
    this.acquireScript = this.define('graphCallingAcquireInstanceLease', ACQUIRE, 6);
    this.renewScript = this.define('graphCallingRenewInstanceLease', RENEW, 5);
    this.renewAllScript = this.define('graphCallingRenewAllInstanceLeases', RENEW_ALL, 1);
    this.renewCheckedScript = this.define('graphCallingRenewCheckedInstanceLeases', RENEW_CHECKED);
    this.checkedScript = this.define('graphCallingInstanceLeasesChecked', CHECKED, 1);
    this.releaseScript = this.define('graphCallingReleaseIndexedNotedLease', RELEASE, 4);
    this.forgetScript = this.define('graphCallingForgetInstanceLease', FORGET, 2);
    this.unheldScript = this.define('graphCallingUnheldInstanceLeases', UNHELD, 2);
    this.ownerScript = this.define('graphCallingInstanceLeaseOwner', OWNER, 1);
    this.heartbeatScript = this.define('graphCallingIndexedHeartbeat', HEARTBEAT, 1);
  }

  /** A script as a command; without `numberOfKeys` the caller passes the key count first. */
  private define(name: string, lua: string, numberOfKeys?: number): Script {
    if (!(name in this.redis)) this.redis.defineCommand(name, numberOfKeys === undefined ? { lua } : { lua, numberOfKeys });
    return ((this.redis as unknown as Record<string, Script>)[name] as Script).bind(this.redis);
  }

  /** The key of a call's lease; its value is the holder's instance id (held while that instance's key lives). */
  key(callId: string): string {
    return `${this.prefix}lease:${callId}`;
  }

  /** The key of an instance's lease: it lives `leaseMs` after the instance's last renewal. */
  aliveKey(instanceId: string = this.instanceId): string {
    return `${this.prefix}alive:${instanceId}`;
  }

  /** The key of a call's lease history (a hash: current, released, previous, previousReleased). */
  historyKey(callId: string): string {
    return `${this.prefix}lease-history:${callId}`;
  }

  /** The sorted set of the calls an instance took, scored by when it took each. */
  ownedKey(instanceId: string = this.instanceId): string {
    return `${this.prefix}owned:${instanceId}`;
  }

  private get ends(): string {
    return leaseIndexKey(this.prefix);
  }

  private get owners(): string {
    return `${this.prefix}owners`;
  }

  private get instances(): string {
    return `${this.prefix}instances`;
  }

  async acquire(callId: string): Promise<boolean> {
    const key = this.key(callId);
    const taken = await redisCall(`the acquisition of ${key}`, () =>
      this.acquireScript(
        key,
        this.ends,
        this.ownedKey(),
        this.historyKey(callId),
        this.aliveKey(),
        this.owners,
        this.instanceId,
        this.leaseMs,
        callId,
        this.historyMs,
        this.prefix,
      ),
    );
    if (taken === 1) this.checked.add(callId);
    return taken === 1;
  }

  async renew(callId: string): Promise<boolean> {
    const key = this.key(callId);
    const renewed = await redisCall(`the renewal of ${key}`, () =>
      this.renewScript(key, this.ends, this.ownedKey(), this.aliveKey(), this.owners, this.instanceId, this.leaseMs, callId),
    );
    if (renewed === 1) this.checked.add(callId);
    else this.checked.delete(callId);
    return renewed === 1;
  }

  /**
   * {@link renew} of many calls: one command renews them all when each was checked against its lease
   * key (or taken) since the instance key came into being, within `checkEveryMs`; otherwise each
   * lease key is checked, one script run per {@link RENEW_CHUNK} calls, all sent at once.
   */
  async renewMany(callIds: readonly string[]): Promise<readonly boolean[]> {
    const alive = this.aliveKey();
    const fresh = this.checkedAt !== undefined && performance.now() - this.checkedAt < this.checkEveryMs;
    if (
      fresh &&
      callIds.every((callId) => this.checked.has(callId)) &&
      (await redisCall(`the renewal of ${alive}`, () => this.renewAllScript(alive, this.leaseMs))) === 1
    )
      return callIds.map(() => true);
    const startedAt = performance.now();
    const chunks: Array<readonly string[]> = [];
    for (let i = 0; i < callIds.length; i += RENEW_CHUNK) chunks.push(callIds.slice(i, i + RENEW_CHUNK));
    const answers = await redisCall(`the renewal of ${callIds.length} leases`, () =>
      Promise.all(
        chunks.map((ids) =>
          this.renewCheckedScript(
            ids.length + 4,
            alive,
            this.ownedKey(),
            this.ends,
            this.owners,
            ...ids.map((id) => this.key(id)),
            this.instanceId,
            this.leaseMs,
            ...ids,
          ),
        ),
      ),
    );
    const held = answers.flatMap((chunk) => (chunk as number[]).map((answer) => answer === 1));
    // Only the calls just found held count as checked: any other may have been taken while the instance key was gone.
    this.checked.clear();
    if ((await redisCall(`the check of ${alive}`, () => this.checkedScript(alive, this.leaseMs))) === 1) {
      this.checkedAt = startedAt;
      callIds.forEach((callId, i) => held[i] === true && this.checked.add(callId));
    }
    return held;
  }

  async release(callId: string): Promise<boolean> {
    const key = this.key(callId);
    const released = await redisCall(`the release of ${key}`, () =>
      this.releaseScript(key, this.ends, this.ownedKey(), this.historyKey(callId), this.instanceId, callId),
    );
    this.checked.delete(callId);
    return released === 1;
  }

  async history(callId: string): Promise<LeaseHistory> {
    const key = this.historyKey(callId);
    const [current, previous, previousReleased] = await redisCall(`HMGET ${key}`, () =>
      this.redis.hmget(key, 'current', 'previous', 'previousReleased'),
    );
    return {
      ...(current !== null && current !== undefined ? { current } : {}),
      ...(previous !== null && previous !== undefined ? { previous } : {}),
      previousReleased: previousReleased === '1',
    };
  }

  async adoptable(limit: number): Promise<readonly string[]> {
    return (await redisCall(`ZRANGEBYSCORE ${this.ends}`, () => this.unheldScript(this.ends, this.owners, limit, this.prefix))) as string[];
  }

  async forget(callId: string): Promise<void> {
    const key = this.key(callId);
    await redisCall(`the removal of ${callId} from ${this.ends}`, () => this.forgetScript(key, this.ends, callId, this.prefix));
  }

  /** The calls of an instance's owned set whose lease it holds now (each checked against its lease key), none when its key is gone. */
  async heldBy(instanceId: string): Promise<readonly string[]> {
    const owned = this.ownedKey(instanceId);
    const alive = this.aliveKey(instanceId);
    const [live, members] = await redisCall(`ZRANGE ${owned}`, () =>
      Promise.all([this.redis.exists(alive), this.redis.zrange(owned, '0', '-1')]),
    );
    if (live === 0) return [];
    const chunks: string[][] = [];
    for (let i = 0; i < members.length; i += RENEW_CHUNK) chunks.push(members.slice(i, i + RENEW_CHUNK));
    const holders = (
      await redisCall(`MGET of ${members.length} leases`, () =>
        Promise.all(chunks.map((ids) => this.redis.mget(ids.map((id) => this.key(id))))),
      )
    ).flat();
    return members.filter((_, i) => holders[i] === instanceId);
  }

  /** The instance holding a call's lease, if any (a holder whose instance key is gone holds nothing). */
  async owner(callId: string): Promise<string | undefined> {
    const key = this.key(callId);
    const holder = await redisCall(`the owner of ${key}`, () => this.ownerScript(key, this.prefix));
    return typeof holder === 'string' ? holder : undefined;
  }

  async heartbeat(): Promise<readonly string[]> {
    const live = (await redisCall(`the heartbeat of ${this.instanceId}`, () =>
      this.heartbeatScript(this.instances, this.instanceId, this.leaseMs),
    )) as string[];
    return live.filter((id) => id !== this.instanceId);
  }

  async leave(): Promise<void> {
    await redisCall(`ZREM ${this.instances}`, () => this.redis.zrem(this.instances, this.instanceId));
  }
}
