import { CallOwnership, type OwnedCallDuties, type Takeover } from '@graph-calling/app';
import { emptyRecord } from '@graph-calling/notifications';
import { connectRedis, RedisCallLeases, RedisCallStore } from '@graph-calling/store-redis';
import { eventually } from '@graph-calling/test-support/eventually';
import { redisForSuite } from '@graph-calling/test-support/redisSuite';

const redis = redisForSuite(connectRedis);
let prefixCount = 0;

/** One bot instance: its own connection, store, leases and a log of its duties. */
// Leases long enough that a loaded machine's pauses (a sweep late by hundreds of ms) do not expire a living owner's.
async function instance(prefix: string, name: string, leaseMs = 1500) {
  const client = await redis.connect();
  const store = new RedisCallStore({ redis: client, prefix });
  const leases = new RedisCallLeases({ redis: client, prefix, instanceId: name, leaseMs });
  const owned: Array<{ callId: string; adopted: boolean }> = [];
  const disowned: Array<{ callId: string; reason: string }> = [];
  const takeovers: Array<Omit<Takeover, 'at'>> = [];
  const duties: OwnedCallDuties = {
    own: (record, adopted, _whole, takeover) => {
      owned.push({ callId: record.callId, adopted });
      if (takeover !== undefined) {
        const { at, ...rest } = takeover;
        expect(at).toBeGreaterThan(0);
        takeovers.push(rest);
      }
    },
    disown: (callId, reason) => void disowned.push({ callId, reason }),
  };
  const ownership = new CallOwnership({ store, leases, duties, adoptAfterMs: 0 });
  return {
    client,
    store,
    leases,
    ownership,
    owned,
    disowned,
    takeovers,
    adoptedIds: () =>
      owned
        .filter((o) => o.adopted)
        .map((o) => o.callId)
        .sort(),
  };
}

async function seed(store: RedisCallStore, calls: Record<string, string>): Promise<void> {
  for (const [callId, state] of Object.entries(calls)) {
    await store.update(callId, () => ({ record: { ...emptyRecord(callId, 1), state }, result: undefined }));
  }
}

function freshPrefix(): string {
  prefixCount += 1;
  return `own${prefixCount}:`;
}

/** Sweeps every instance until `done` holds; lease expiry is Redis' clock, so this waits on real time, bounded. */
async function sweepUntil(sweepers: ReadonlyArray<{ ownership: CallOwnership }>, done: () => boolean, timeoutMs = 10_000): Promise<number> {
  const end = Date.now() + timeoutMs;
  let rounds = 0;
  while (!done()) {
    if (Date.now() > end) throw new Error(`not done after ${rounds} sweeps`);
    for (const s of sweepers) await s.ownership.sweep();
    rounds += 1;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return rounds;
}

describe('RedisCallLeases', () => {
  it('gives a lease to one instance at a time; only the holder renews or releases it', async () => {
    const prefix = freshPrefix();
    const a = await instance(prefix, 'a', 10_000);
    const b = await instance(prefix, 'b', 10_000);
    expect(await a.leases.acquire('c1')).toBe(true);
    expect(await a.leases.acquire('c1')).toBe(true);
    expect(await b.leases.acquire('c1')).toBe(false);
    expect(await b.leases.renew('c1')).toBe(false);
    expect(await b.leases.release('c1')).toBe(false);
    expect(await a.leases.owner('c1')).toBe('a');
    expect(await a.leases.renew('c1')).toBe(true);
    // One lease per instance: the instance key expires, the call's lease key names its holder.
    expect(await a.client.pttl(a.leases.aliveKey())).toBeGreaterThan(9_000);
    expect(await a.client.get(a.leases.key('c1'))).toBe('a');
    expect(await a.leases.release('c1')).toBe(true);
    expect(await b.leases.acquire('c1')).toBe(true);
    expect(await b.leases.owner('c1')).toBe('b');
  });

  it('tells each instance which others are alive', async () => {
    const prefix = freshPrefix();
    const a = await instance(prefix, 'a');
    const b = await instance(prefix, 'b');
    expect(await a.leases.heartbeat()).toEqual([]);
    expect(await b.leases.heartbeat()).toEqual(['a']);
    expect(await a.leases.heartbeat()).toEqual(['b']);
    await a.leases.leave();
    expect(await b.leases.heartbeat()).toEqual([]);
  });
});

describe('CallOwnership on Redis', () => {
  it('keeps the calls an instance claimed while it renews them', async () => {
    const prefix = freshPrefix();
    const a = await instance(prefix, 'a');
    const b = await instance(prefix, 'b');
    await seed(a.store, { c1: 'established', c2: 'establishing' });
    expect(await a.ownership.claim('c1')).toBe(true);
    expect(await a.ownership.claim('c2')).toBe(true);
    expect(await b.ownership.claim('c1')).toBe(false);
    // Several lease times of sweeps by both: the living owner keeps renewing, so b never gets a call.
    for (let round = 0; round < 20; round += 1) {
      await a.ownership.sweep();
      await b.ownership.sweep();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect([...a.ownership.ownedIds()].sort()).toEqual(['c1', 'c2']);
    expect(b.ownership.ownedCount).toBe(0);
    expect(a.owned.filter((o) => o.adopted)).toEqual([]);
    expect(a.owned.map((o) => o.callId)).toContain('c1');
  });

  it("takes a dead owner's live calls over once its leases run out, each by exactly one survivor", async () => {
    const prefix = freshPrefix();
    const dead = await instance(prefix, 'dead');
    const b = await instance(prefix, 'b');
    const c = await instance(prefix, 'c');
    const live = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`live${i}`, 'established']));
    await seed(dead.store, { ...live, ended: 'terminated' });
    for (const callId of Object.keys(live)) expect(await dead.ownership.claim(callId)).toBe(true);
    // "dead" sweeps no more and releases nothing (as after SIGKILL).
    expect(await b.leases.acquire('live0')).toBe(false);
    await sweepUntil([b, c], () => b.ownership.ownedCount + c.ownership.ownedCount === 12);
    const adopted = [...b.adoptedIds(), ...c.adoptedIds()].sort();
    expect(adopted).toEqual(Object.keys(live).sort());
    expect(b.ownership.owns('ended') || c.ownership.owns('ended')).toBe(false);
    for (const callId of Object.keys(live)) {
      const owner = await b.leases.owner(callId);
      expect(owner === 'b' ? b.ownership.owns(callId) : c.ownership.owns(callId)).toBe(true);
    }
  });

  it('hands calls over on a graceful stop when others are alive, and hangs up when it is the last', async () => {
    const prefix = freshPrefix();
    const a = await instance(prefix, 'a', 30_000);
    const b = await instance(prefix, 'b', 30_000);
    await seed(a.store, { c1: 'established', c2: 'established' });
    await b.ownership.sweep();
    expect([...b.ownership.ownedIds()].sort()).toEqual(['c1', 'c2']);
    await a.ownership.sweep();
    const hungUpByB: string[] = [];
    const handover = await b.ownership.stop({ hangUp: (callId) => (hungUpByB.push(callId), Promise.resolve()) });
    expect(handover).toEqual({
      mode: 'handover',
      hungUp: [],
      handedOver: ['c1', 'c2'],
      leftUp: [],
      unproven: [],
      notHeld: [],
      others: ['a'],
    });
    expect(hungUpByB).toEqual([]);
    expect(b.disowned).toEqual([
      { callId: 'c1', reason: 'handover' },
      { callId: 'c2', reason: 'handover' },
    ]);
    // The lease is released, not left to expire: the survivor adopts on its very next sweep (lease 30 s).
    await a.ownership.sweep();
    expect(a.adoptedIds()).toEqual(['c1', 'c2']);

    const hungUpByA: string[] = [];
    const last = await a.ownership.stop({ hangUp: (callId) => (hungUpByA.push(callId), Promise.resolve()) });
    expect(last.mode).toBe('hangup');
    expect(hungUpByA.sort()).toEqual(['c1', 'c2']);
    expect(await a.leases.owner('c1')).toBeUndefined();
  });

  it('lets a restarted instance re-adopt the live calls it finds in Redis', async () => {
    const prefix = freshPrefix();
    const before = await instance(prefix, 'bot-1', 300);
    await seed(before.store, { a: 'established', b: 'establishing', done: 'terminated' });
    await before.ownership.sweep();
    expect([...before.ownership.ownedIds()].sort()).toEqual(['a', 'b']);
    // The process dies; a new one (a new instance id, a new connection) starts against the same Redis.
    const after = await instance(prefix, 'bot-1-restarted', 300);
    await sweepUntil([after], () => after.ownership.ownedCount === 2);
    expect(after.adoptedIds()).toEqual(['a', 'b']);
  });

  it('drops a call once it has ended, releasing its lease', async () => {
    const prefix = freshPrefix();
    const a = await instance(prefix, 'a', 30_000);
    await seed(a.store, { c1: 'established' });
    await a.ownership.sweep();
    await seed(a.store, { c1: 'terminated' });
    await a.ownership.sweep();
    expect(a.ownership.ownedCount).toBe(0);
    expect(a.disowned).toEqual([{ callId: 'c1', reason: 'ended' }]);
    expect(await a.leases.owner('c1')).toBeUndefined();
  });

  it('says whom a call was taken from and why: lease expired, owner departed, owner dead', async () => {
    const prefix = freshPrefix();
    const a = await instance(prefix, 'a');
    const b = await instance(prefix, 'b');
    await seed(a.store, { c1: 'established' });
    expect(await a.ownership.claim('c1')).toBe(true);
    expect(await a.leases.history('c1')).toEqual({ current: 'a', previousReleased: false });
    // a is alive (it heartbeats) but does not renew (a paused flow): its lease runs out and b takes the call.
    await eventually(async () => {
      await a.leases.heartbeat();
      await b.ownership.sweep();
      return b.ownership.owns('c1');
    }, 10_000);
    expect(b.takeovers).toEqual([{ type: 'takeover', callId: 'c1', from: 'a', to: 'b', reason: 'lease-expired' }]);
    // a wakes up: the lease is b's now, a loses the call and the history says to whom.
    await a.ownership.sweep();
    expect(a.disowned).toEqual([{ callId: 'c1', reason: 'lost' }]);
    expect(await a.leases.history('c1')).toEqual({ current: 'b', previous: 'a', previousReleased: false });

    // b shuts down gracefully: it releases the lease, and a takes the call back at once.
    await b.ownership.stop({ hangUp: () => Promise.reject(new Error('not the last instance')) });
    await a.ownership.sweep();
    expect(a.takeovers).toEqual([{ type: 'takeover', callId: 'c1', from: 'b', to: 'a', reason: 'owner-departed' }]);

    // a dies (no more sweeps, no release, no goodbye): c takes the call once a's lease and heartbeat ran out.
    const c = await instance(prefix, 'c');
    await sweepUntil([c], () => c.ownership.owns('c1'));
    expect(c.takeovers).toEqual([{ type: 'takeover', callId: 'c1', from: 'a', to: 'c', reason: 'owner-dead' }]);
  });

  it('takes over without a former owner when the lease history is gone', async () => {
    const prefix = freshPrefix();
    const a = await instance(prefix, 'a', 30_000);
    await seed(a.store, { c1: 'established' });
    await a.ownership.sweep();
    expect(a.takeovers).toEqual([{ type: 'takeover', callId: 'c1', to: 'a', reason: 'unknown' }]);
  });
});
