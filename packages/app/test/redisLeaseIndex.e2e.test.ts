import type { Redis } from 'ioredis';
import { CallOwnership } from '@graph-calling/app';
import { createReconciler, emptyRecord, type CallStore } from '@graph-calling/notifications';
import { connectRedis, RedisCallLeases, RedisCallStore } from '@graph-calling/store-redis';
import { eventually } from '@graph-calling/test-support/eventually';
import { startRedis } from '@graph-calling/test-support/redisServer';
import { redisForSuite } from '@graph-calling/test-support/redisSuite';

// A loaded machine may hold a reply back for seconds: the setup writes thousands of records.
const redis = redisForSuite((url) => connectRedis(url, { commandTimeout: 30_000 }));
let prefixCount = 0;

/** A store that counts what is read through it (the real Redis store underneath). */
class CountingStore implements CallStore {
  gets = 0;
  lists = 0;
  constructor(private readonly inner: RedisCallStore) {}
  get(callId: string) {
    this.gets += 1;
    return this.inner.get(callId);
  }
  update: CallStore['update'] = (callId, change) => this.inner.update(callId, change);
  delete(callId: string) {
    return this.inner.delete(callId);
  }
  list() {
    this.lists += 1;
    return this.inner.list();
  }
  summarised = 0;
  summaries(callIds: readonly string[]) {
    this.summarised += callIds.length;
    return this.inner.summaries(callIds);
  }
}

async function instance(url: string, prefix: string, name: string, leaseMs: number, monotonic?: () => number) {
  const client = await redis.connect(url);
  const store = new CountingStore(new RedisCallStore({ redis: client, prefix }));
  const leases = new RedisCallLeases({ redis: client, prefix, instanceId: name, leaseMs });
  const adopted: string[] = [];
  const ownership = new CallOwnership({
    store,
    leases,
    adoptAfterMs: 0,
    ...(monotonic !== undefined ? { monotonic } : {}),
    duties: { own: (record, isAdopted) => void (isAdopted && adopted.push(record.callId)), disown: () => undefined },
  });
  return { client, store, leases, ownership, adopted };
}

function put(store: CallStore, callId: string, state: string) {
  return Promise.resolve(
    store.update(callId, (before) => ({ record: { ...(before ?? emptyRecord(callId, 1)), state }, result: undefined })),
  );
}

const sorted = (ids: Iterable<string>) => [...ids].sort();

/**
 * The indexes agree with the lease keys: each instance's `heldBy` is exactly the calls whose lease
 * key names it, and `adoptable` is exactly the calls with no lease key (among `callIds`).
 */
async function expectConsistent(leases: RedisCallLeases, instances: readonly string[], callIds: readonly string[]): Promise<void> {
  const owners = await Promise.all(callIds.map((callId) => leases.owner(callId)));
  for (const name of instances)
    expect({ name, held: sorted(await leases.heldBy(name)) }).toEqual({
      name,
      held: sorted(callIds.filter((_, i) => owners[i] === name)),
    });
  const unheld = new Set(await leases.adoptable(10_000));
  expect(sorted(callIds.filter((callId) => unheld.has(callId)))).toEqual(sorted(callIds.filter((_, i) => owners[i] === undefined)));
}

describe('the lease index on Redis', () => {
  it('stays consistent with the leases across claim, release, expiry and take-over', async () => {
    prefixCount += 1;
    const prefix = `index${prefixCount}:`;
    // Long leases for the living, a short one for "dead" (it stops sweeping, as after SIGKILL).
    const a = await instance(redis.url, prefix, 'a', 30_000);
    const b = await instance(redis.url, prefix, 'b', 30_000);
    const dead = await instance(redis.url, prefix, 'dead', 300);
    const names = ['a', 'b', 'dead'];
    const ids = ['c1', 'c2', 'c3', 'c4', 'c5'];
    for (const callId of ids) await put(a.store, callId, 'established');
    // Written but not claimed: every new live record is unheld, so adoptable.
    await expectConsistent(a.leases, names, ids);
    expect(await a.ownership.claim('c1')).toBe(true);
    expect(await b.ownership.claim('c3')).toBe(true);
    expect(await b.ownership.claim('c1')).toBe(false);
    await expectConsistent(a.leases, names, ids);

    await b.ownership.release('c3');
    expect(await b.leases.adoptable(10)).toContain('c3');
    await expectConsistent(a.leases, names, ids);

    expect(await dead.ownership.claim('c2')).toBe(true);
    expect(await dead.ownership.claim('c4')).toBe(true);
    // Its leases run out by themselves: the calls become adoptable, its own set's entries stale.
    await eventually(async () => expect(sorted(await b.leases.adoptable(10))).toEqual(['c2', 'c3', 'c4', 'c5']), 5000);
    await expectConsistent(a.leases, names, ids);
    await b.ownership.sweep();
    await b.ownership.sweep();
    // "b" released c3 itself, so it leaves it to the others; c1 is "a"'s; it took the rest.
    expect(sorted(b.ownership.ownedIds())).toEqual(['c2', 'c4', 'c5']);
    await expectConsistent(a.leases, names, ids);
    // "dead"'s own set still names c2 and c4 (stale, skipped by readers) — or, 2 × its lease after its last write
    // (600 ms: a loaded machine gets there), is gone; if it comes back, its sweep finds them taken and drops them.
    const stale = sorted(await a.client.zrange(a.leases.ownedKey('dead'), '0', '-1'));
    expect([[], ['c2', 'c4']]).toContainEqual(stale);
    await dead.ownership.sweep();
    // It adopts the call "b" released (its first sweep lists every record) and drops the two taken over.
    expect(sorted(dead.ownership.ownedIds())).toEqual(['c3']);
    expect(await a.client.zrange(a.leases.ownedKey('dead'), '0', '-1')).toEqual(['c3']);
    // A hand-over releases it: adoptable at once.
    await dead.ownership.stop({ onShutdown: 'handover', hangUp: () => Promise.resolve() });
    expect(await a.client.zcard(a.leases.ownedKey('dead'))).toBe(0);
    expect(await b.leases.adoptable(10)).toContain('c3');

    // An ended call leaves the index altogether once its owner lets go of it.
    await put(b.store, 'c4', 'terminated');
    await b.ownership.sweep();
    expect(await b.client.zscore(`${prefix}lease-ends`, 'c4')).toBeNull();
    expect(sorted(b.ownership.ownedIds())).toEqual(['c2', 'c5']);
    await expectConsistent(
      a.leases,
      names,
      ids.filter((callId) => callId !== 'c4'),
    );
  });

  it('is rebuilt by the owners after Redis restarts empty, and the loss is still detected', async () => {
    const own = await startRedis();
    try {
      const a = await instance(own.url, 'restart:', 'a', 30_000);
      const ids = ['r1', 'r2', 'r3'];
      for (const callId of ids) await put(a.store, callId, 'established');
      for (const callId of ids) expect(await a.ownership.claim(callId)).toBe(true);
      await a.ownership.sweep();
      expect(a.ownership.degraded).toBeUndefined();
      await own.pause();
      await own.start();
      await eventually(async () => expect(await a.client.ping()).toBe('PONG'), 10_000);
      expect(await a.leases.heldBy('a')).toEqual([]);
      await a.ownership.sweep();
      expect(a.ownership.degraded).toMatch(/lost the leases or records/);
      expect(sorted(await a.leases.heldBy('a'))).toEqual(ids);
      await expectConsistent(a.leases, ['a'], ids);
    } finally {
      await own.close();
    }
  });

  it('a sweep and a reconciler scan with 5,000 foreign records read only the owned and adoptable ones', async () => {
    prefixCount += 1;
    const prefix = `index${prefixCount}:`;
    const mine = await instance(redis.url, prefix, 'mine', 30_000);
    const other = await instance(redis.url, prefix, 'other', 30_000);
    const foreign = Array.from({ length: 5000 }, (_, i) => `foreign-${i}`);
    for (let i = 0; i < foreign.length; i += 250)
      await Promise.all(
        foreign.slice(i, i + 250).map(async (callId) => {
          await put(other.store, callId, 'established');
          expect(await other.ownership.claim(callId)).toBe(true);
        }),
      );
    for (const callId of ['m1', 'm2', 'm3']) {
      await put(mine.store, callId, 'established');
      expect(await mine.ownership.claim(callId)).toBe(true);
    }
    // The first sweep lists every record once (records written before the index existed are found then).
    await mine.ownership.sweep();
    expect(mine.store.lists).toBe(1);
    // Two calls nobody holds: one live (to adopt), one ended (to forget).
    await put(other.store, 'orphan', 'established');
    await put(other.store, 'over', 'established');
    await put(other.store, 'over', 'terminated');
    mine.store.gets = 0;
    mine.store.summarised = 0;
    await mine.client.config('RESETSTAT');
    await mine.ownership.sweep();
    const commands = await commandStats(mine.client);
    expect(mine.store.lists).toBe(1);
    // The summaries of m1–m3 and of the two unheld ones, and the whole record of the one adopted: nothing of the 5,000 held by "other".
    expect(mine.store.summarised).toBe(5);
    expect(mine.store.gets).toBe(1);
    expect(sorted(mine.ownership.ownedIds())).toEqual(['m1', 'm2', 'm3', 'orphan']);
    expect(mine.adopted).toEqual(['orphan']);
    expect(await mine.leases.adoptable(10)).toEqual([]);
    // Redis itself counts the same: 9 hash reads — 6 of records (5 summaries, one record), 2 of the adopted call's lease history (the
    // acquisition noting its holders, the take-over reading why) and 1 of the change feed's state; heartbeat, adoptable, one batch
    // renewal, the forget and the adoption as scripts; some tens of commands in all (scripts' own included), not thousands.
    expect(commands.get('hmget')).toBe(9);
    expect([...commands.values()].reduce((sum, calls) => sum + calls, 0)).toBeLessThan(100);

    const reconcilerStore = new CountingStore(new RedisCallStore({ redis: mine.client, prefix }));
    const reconciler = createReconciler({
      store: reconcilerStore,
      client: { calls: { get: () => Promise.reject(new Error('not asked')), participants: { list: () => Promise.resolve([]) } } },
      emit: () => undefined,
      scanEveryMs: 0,
      silenceMs: Number.POSITIVE_INFINITY,
      owns: (callId) => mine.ownership.owns(callId),
      ownedIds: () => mine.ownership.ownedIds(),
    });
    await reconciler.scan();
    expect(reconcilerStore.lists).toBe(0);
    expect(reconcilerStore.summarised).toBe(4);
    expect(reconcilerStore.gets).toBe(0);
    await reconciler.close();
  });

  it('a record the index does not know (an older version wrote it) is adopted at the next audit, not before', async () => {
    prefixCount += 1;
    const prefix = `index${prefixCount}:`;
    // The sweeps' clock is the test's: the audit is due when the test says, not when the machine gets round to it.
    let clock = 1_000_000;
    const mine = await instance(redis.url, prefix, 'mine', 30_000, () => clock);
    await mine.ownership.sweep();
    // Written as a store without the index writes: the record and the list of records, nothing in lease-ends.
    const record = { ...emptyRecord('legacy', 1), state: 'established' };
    await mine.client.hset(`${prefix}call:legacy`, 'version', '1', 'record', JSON.stringify(record));
    await mine.client.zadd(`${prefix}calls`, Date.now() + 3_600_000, 'legacy');
    mine.store.lists = 0;
    await mine.ownership.sweep();
    expect([mine.store.lists, mine.adopted]).toEqual([0, []]);
    clock += 299_999;
    await mine.ownership.sweep();
    expect([mine.store.lists, mine.adopted]).toEqual([0, []]);
    clock += 1;
    await mine.ownership.sweep();
    expect([mine.store.lists, mine.adopted]).toEqual([1, ['legacy']]);
    // Adopted, it is in the index from now on.
    expect(await mine.leases.heldBy('mine')).toEqual(['legacy']);
  });
});

/** Calls per command since the last `CONFIG RESETSTAT` (all clients; commands run by scripts included). */
async function commandStats(client: Redis): Promise<Map<string, number>> {
  const info = await client.info('commandstats');
  return new Map([...info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)].map((m) => [m[1] as string, Number(m[2])]));
}
