import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
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
}

// Every script reads the Redis server's clock, so instances' clocks need not agree, and keeps two
// indexes in step with the lease keys: `{prefix}lease-ends` (every call, scored by when its lease
// ends; a past score means nobody holds it) and `{prefix}owned:{instance}` (the calls an instance
// has taken, scored by when it took or last renewed one by one; the set itself expires two lease
// times after its last write, so a dead instance's set goes away). Batch renewals leave the owned
// set's scores alone (one sorted-set write per call less): an entry whose lease another instance
// holds now, or nobody, is stale — readers check the lease keys, and the instance's next renewal
// removes it.
const NOW = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)`;
// KEYS: lease, lease-ends, owned set; ARGV: instance id, lease ms, call id.
const HOLD = `
local function hold(lease, id, ms, callId, ends, owned, now)
  redis.call('SET', lease, id, 'PX', ms)
  redis.call('ZADD', ends, now + ms, callId)
  redis.call('ZADD', owned, now + ms, callId)
  redis.call('PEXPIRE', owned, 2 * ms)
end`;
// A new take also notes the call's holders in its history (the former one kept, with whether it
// released the lease). KEYS: lease, lease-ends, owned set, history; ARGV: instance id, lease ms,
// call id, history ms.
const ACQUIRE = `${NOW}${HOLD}
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
if not holder then
  local last = redis.call('HMGET', KEYS[4], 'current', 'released')
  if last[1] then redis.call('HSET', KEYS[4], 'previous', last[1], 'previousReleased', last[2] or '0') end
  redis.call('HSET', KEYS[4], 'current', ARGV[1], 'released', '0')
  redis.call('PEXPIRE', KEYS[4], ARGV[4])
end
hold(KEYS[1], ARGV[1], tonumber(ARGV[2]), ARGV[3], KEYS[2], KEYS[3], now)
return 1`;
// Extend or give up a lease only while this instance still holds it (a lease that expired and was
// taken by another instance must not be touched); either way a lease not held leaves this instance's set.
const RENEW = `${NOW}${HOLD}
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  redis.call('ZREM', KEYS[3], ARGV[3])
  return 0
end
hold(KEYS[1], ARGV[1], tonumber(ARGV[2]), ARGV[3], KEYS[2], KEYS[3], now)
return 1`;
// Renews a batch with a handful of commands, not four per call: one MGET of the holders, a PEXPIRE
// per lease still held, then one ZADD to lease-ends for every renewed call (they all end at the
// same time) and one ZREM from the owned set of the calls no longer held. KEYS: lease-ends, owned set, then one lease key
// per call; ARGV: instance id, lease ms, then the call ids.
const RENEW_MANY = `${NOW}
local ms = tonumber(ARGV[2])
local ends = now + ms
local holders = redis.call('MGET', unpack(KEYS, 3))
local answers, held, gone = {}, {}, {}
for i = 1, #holders do
  local callId = ARGV[i + 2]
  if holders[i] == ARGV[1] then
    redis.call('PEXPIRE', KEYS[i + 2], ms)
    held[#held + 1] = ends
    held[#held + 1] = callId
    answers[i] = 1
  else
    gone[#gone + 1] = callId
    answers[i] = 0
  end
end
if #held > 0 then redis.call('ZADD', KEYS[1], unpack(held)) end
if #gone > 0 then redis.call('ZREM', KEYS[2], unpack(gone)) end
redis.call('PEXPIRE', KEYS[2], 2 * ms)
return answers`;
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
// Drops a call from lease-ends unless somebody holds it. KEYS: lease, lease-ends; ARGV: call id.
const FORGET = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
return redis.call('ZREM', KEYS[2], ARGV[1])`;
// The calls nobody holds, oldest first. KEYS: lease-ends; ARGV: limit.
const UNHELD = `${NOW}
return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))`;
// Live instances are scored by the server's clock too. KEYS: instances; ARGV: instance id, ttl ms.
const HEARTBEAT = `${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
return redis.call('ZRANGE', KEYS[1], 0, -1)`;

/** Calls renewed by one script run: bounds how long one run keeps Redis busy. */
const RENEW_CHUNK = 500;

type Script = (...args: Array<string | number>) => Promise<unknown>;

/**
 * Call ownership leases on one Redis node: a lease is a key holding its owner's instance id with a
 * Redis expiry; Lua scripts take a free lease, and extend or give one up only for its holder. Each
 * script also keeps two indexes in step (see the scripts' comment): when leases end, over every
 * call, and the calls each instance holds — so finding the calls to adopt is one range query
 * ({@link RedisCallLeases.adoptable}), renewing every lease an instance holds is a few script runs
 * ({@link RedisCallLeases.renewMany}), and another instance's calls can be listed
 * ({@link RedisCallLeases.heldBy}) without reading any record. A sorted set of heartbeats tells
 * which instances are alive (for the shutdown hand-over decision).
 * One Redis node is the trust boundary: Redlock across several nodes is not needed for duties
 * that are idempotent on Graph's side (a keep-alive or reconcile done twice is harmless).
 * If Redis loses its data, the indexes go with the leases: the owners' next renewals fail, they
 * take their calls again (which rebuilds both indexes) and report the loss (see `CallOwnership`).
 */
export class RedisCallLeases implements CallLeases {
  readonly instanceId: string;
  readonly leaseMs: number;
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly acquireScript: Script;
  private readonly renewScript: Script;
  private readonly renewManyScript: Script;
  private readonly releaseScript: Script;
  private readonly forgetScript: Script;
  private readonly unheldScript: Script;
  private readonly heartbeatScript: Script;
  private readonly historyMs: number;

  constructor(options: RedisCallLeasesOptions) {
    this.redis = options.redis;
    this.prefix = options.prefix ?? 'graph-calling:';
    this.instanceId = options.instanceId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.historyMs = Math.max(options.historyMs ?? 86_400_000, this.leaseMs * 10);
    this.acquireScript = this.define('graphCallingAcquireIndexedNotedLease', ACQUIRE, 4);
    this.renewScript = this.define('graphCallingRenewIndexedLease', RENEW, 3);
    this.renewManyScript = this.define('graphCallingRenewIndexedLeasesBatched', RENEW_MANY);
    this.releaseScript = this.define('graphCallingReleaseIndexedNotedLease', RELEASE, 4);
    this.forgetScript = this.define('graphCallingForgetLease', FORGET, 2);
    this.unheldScript = this.define('graphCallingUnheldLeases', UNHELD, 1);
    this.heartbeatScript = this.define('graphCallingIndexedHeartbeat', HEARTBEAT, 1);
  }

  /** A script as a command; without `numberOfKeys` the caller passes the key count first. */
  private define(name: string, lua: string, numberOfKeys?: number): Script {
    if (!(name in this.redis)) this.redis.defineCommand(name, numberOfKeys === undefined ? { lua } : { lua, numberOfKeys });
    return ((this.redis as unknown as Record<string, Script>)[name] as Script).bind(this.redis);
  }

  /** The key of a call's lease; its value is the owner's instance id. */
  key(callId: string): string {
    return `${this.prefix}lease:${callId}`;
  }

  /** The key of a call's lease history (a hash: current, released, previous, previousReleased). */
  historyKey(callId: string): string {
    return `${this.prefix}lease-history:${callId}`;
  }

  /** The sorted set of the calls an instance holds, scored by when each lease ends. */
  ownedKey(instanceId: string = this.instanceId): string {
    return `${this.prefix}owned:${instanceId}`;
  }

  private get ends(): string {
    return leaseIndexKey(this.prefix);
  }

  private get instances(): string {
    return `${this.prefix}instances`;
  }

  async acquire(callId: string): Promise<boolean> {
    const key = this.key(callId);
    const taken = await redisCall(`the acquisition of ${key}`, () =>
      this.acquireScript(key, this.ends, this.ownedKey(), this.historyKey(callId), this.instanceId, this.leaseMs, callId, this.historyMs),
    );
    return taken === 1;
  }

  async renew(callId: string): Promise<boolean> {
    const key = this.key(callId);
    const renewed = await redisCall(`the renewal of ${key}`, () =>
      this.renewScript(key, this.ends, this.ownedKey(), this.instanceId, this.leaseMs, callId),
    );
    return renewed === 1;
  }

  /** {@link renew} of many calls: one script run per {@link RENEW_CHUNK} calls, all sent at once. */
  async renewMany(callIds: readonly string[]): Promise<readonly boolean[]> {
    const chunks: Array<readonly string[]> = [];
    for (let i = 0; i < callIds.length; i += RENEW_CHUNK) chunks.push(callIds.slice(i, i + RENEW_CHUNK));
    const answers = await redisCall(`the renewal of ${callIds.length} leases`, () =>
      Promise.all(
        chunks.map((ids) =>
          this.renewManyScript(
            ids.length + 2,
            this.ends,
            this.ownedKey(),
            ...ids.map((id) => this.key(id)),
            this.instanceId,
            this.leaseMs,
            ...ids,
          ),
        ),
      ),
    );
    return answers.flatMap((chunk) => (chunk as number[]).map((answer) => answer === 1));
  }

  async release(callId: string): Promise<boolean> {
    const key = this.key(callId);
    const released = await redisCall(`the release of ${key}`, () =>
      this.releaseScript(key, this.ends, this.ownedKey(), this.historyKey(callId), this.instanceId, callId),
    );
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
    return (await redisCall(`ZRANGEBYSCORE ${this.ends}`, () => this.unheldScript(this.ends, limit))) as string[];
  }

  async forget(callId: string): Promise<void> {
    const key = this.key(callId);
    await redisCall(`the removal of ${callId} from ${this.ends}`, () => this.forgetScript(key, this.ends, callId));
  }

  /** The calls of an instance's owned set whose lease it holds now (each checked against its lease key). */
  async heldBy(instanceId: string): Promise<readonly string[]> {
    const owned = this.ownedKey(instanceId);
    const members = await redisCall(`ZRANGE ${owned}`, () => this.redis.zrange(owned, '0', '-1'));
    const chunks: string[][] = [];
    for (let i = 0; i < members.length; i += RENEW_CHUNK) chunks.push(members.slice(i, i + RENEW_CHUNK));
    const holders = (
      await redisCall(`MGET of ${members.length} leases`, () =>
        Promise.all(chunks.map((ids) => this.redis.mget(ids.map((id) => this.key(id))))),
      )
    ).flat();
    return members.filter((_, i) => holders[i] === instanceId);
  }

  /** The instance holding a call's lease, if any. */
  async owner(callId: string): Promise<string | undefined> {
    const key = this.key(callId);
    return (await redisCall(`GET ${key}`, () => this.redis.get(key))) ?? undefined;
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
