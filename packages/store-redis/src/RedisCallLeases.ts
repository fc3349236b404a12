import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { CallLeases, LeaseHistory } from '@graph-calling/notifications';
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

// Takes a free lease and notes its holders (the former one kept, with whether it released the
// lease), or extends a lease this instance already holds. KEYS: lease, history; ARGV: instance id,
// lease ms, history ms.
const ACQUIRE = `
if redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then
  local last = redis.call('HMGET', KEYS[2], 'current', 'released')
  if last[1] then redis.call('HSET', KEYS[2], 'previous', last[1], 'previousReleased', last[2] or '0') end
  redis.call('HSET', KEYS[2], 'current', ARGV[1], 'released', '0')
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
  return 1
end
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('PEXPIRE', KEYS[1], ARGV[2])`;

// Extend or give up a lease only while this instance still holds it (a lease that expired and was
// taken by another instance must not be touched). KEYS: lease; ARGV: instance id, lease ms.
const RENEW = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('PEXPIRE', KEYS[1], ARGV[2])`;
// KEYS: lease, history; ARGV: instance id. The history says the holder let go (a hand-over).
const RELEASE = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if redis.call('HGET', KEYS[2], 'current') == ARGV[1] then redis.call('HSET', KEYS[2], 'released', '1') end
return redis.call('DEL', KEYS[1])`;
// Live instances are scored by the Redis server's clock, so instances' clocks need not agree.
// KEYS: instances; ARGV: instance id, ttl ms. Returns every live member.
const HEARTBEAT = `
local now = redis.call('TIME')
local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ms)
redis.call('ZADD', KEYS[1], ms + tonumber(ARGV[2]), ARGV[1])
return redis.call('ZRANGE', KEYS[1], 0, -1)`;

type Script<A extends unknown[], R> = (key: string, ...args: A) => Promise<R>;
type Script2<A extends unknown[], R> = (key: string, key2: string, ...args: A) => Promise<R>;

/**
 * Call ownership leases on one Redis node: `SET lease NX PX` takes a free lease, Lua
 * compare-and-extend / compare-and-delete renew and release it only for its holder, and a sorted
 * set of heartbeats tells which instances are alive (for the shutdown hand-over decision).
 * One Redis node is the trust boundary: Redlock across several nodes is not needed for duties
 * that are idempotent on Graph's side (a keep-alive or reconcile done twice is harmless).
 */
export class RedisCallLeases implements CallLeases {
  readonly instanceId: string;
  readonly leaseMs: number;
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly renewScript: Script<[string, number], number>;
  private readonly acquireScript: Script2<[string, number, number], number>;
  private readonly releaseScript: Script2<[string], number>;
  private readonly historyMs: number;
  private readonly heartbeatScript: Script<[string, number], string[]>;

  constructor(options: RedisCallLeasesOptions) {
    this.redis = options.redis;
    this.prefix = options.prefix ?? 'graph-calling:';
    this.instanceId = options.instanceId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.renewScript = this.define('graphCallingRenewLease', RENEW);
    this.historyMs = Math.max(options.historyMs ?? 86_400_000, this.leaseMs * 10);
    this.acquireScript = this.define('graphCallingAcquireLease', ACQUIRE, 2);
    this.releaseScript = this.define('graphCallingReleaseLeaseNoted', RELEASE, 2);
    this.heartbeatScript = this.define('graphCallingHeartbeat', HEARTBEAT);
  }

  private define<S extends (...args: never[]) => Promise<unknown>>(name: string, lua: string, numberOfKeys = 1): S {
    if (!(name in this.redis)) this.redis.defineCommand(name, { lua, numberOfKeys });
    return ((this.redis as unknown as Record<string, S>)[name] as S).bind(this.redis) as S;
  }

  /** The key of a call's lease; its value is the owner's instance id. */
  key(callId: string): string {
    return `${this.prefix}lease:${callId}`;
  }

  /** The key of a call's lease history (a hash: current, released, previous, previousReleased). */
  historyKey(callId: string): string {
    return `${this.prefix}lease-history:${callId}`;
  }

  private get instances(): string {
    return `${this.prefix}instances`;
  }

  async acquire(callId: string): Promise<boolean> {
    const key = this.key(callId);
    // Already ours (claimed at creation, or a second acquire in one sweep): the script extends it instead.
    return (
      (await redisCall(`SET ${key} NX`, () =>
        this.acquireScript(key, this.historyKey(callId), this.instanceId, this.leaseMs, this.historyMs),
      )) === 1
    );
  }

  async renew(callId: string): Promise<boolean> {
    const key = this.key(callId);
    return (await redisCall(`the renewal of ${key}`, () => this.renewScript(key, this.instanceId, this.leaseMs))) === 1;
  }

  async release(callId: string): Promise<boolean> {
    const key = this.key(callId);
    return (await redisCall(`the release of ${key}`, () => this.releaseScript(key, this.historyKey(callId), this.instanceId))) === 1;
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

  /** The instance holding a call's lease, if any. */
  async owner(callId: string): Promise<string | undefined> {
    const key = this.key(callId);
    return (await redisCall(`GET ${key}`, () => this.redis.get(key))) ?? undefined;
  }

  async heartbeat(): Promise<readonly string[]> {
    const live = await redisCall(`the heartbeat of ${this.instanceId}`, () =>
      this.heartbeatScript(this.instances, this.instanceId, this.leaseMs),
    );
    return live.filter((id) => id !== this.instanceId);
  }

  async leave(): Promise<void> {
    await redisCall(`ZREM ${this.instances}`, () => this.redis.zrem(this.instances, this.instanceId));
  }
}
