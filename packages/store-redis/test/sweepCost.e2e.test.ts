import { Redis } from 'ioredis';
import { emptyRecord, type CallRecord } from '@graph-calling/notifications';
import { connectRedis, RedisCallLeases, RedisCallStore } from '@graph-calling/store-redis';
import { eventually } from '@graph-calling/test-support/eventually';
import { closeAll, startRedis, type TestRedis } from '@graph-calling/test-support/redisServer';

// What an ownership sweep costs Redis, counted with INFO commandstats on a real server: renewing the
// leases is one command per instance, not per call (after a lapse, one MGET per batch of 500); a
// summary is, on a first or full read, one HMGET per record — later reads look at the change feed and
// read only the calls that changed; the rest is a few commands per batch of 500.

let redis: TestRedis;
let admin: Redis;
const clients: Redis[] = [];
let prefixCount = 0;

beforeAll(async () => {
  redis = await startRedis();
  admin = await connectRedis(redis.url);
  clients.push(admin);
});
afterAll(async () => {
  await closeAll(clients);
  await redis.close();
});

async function client(): Promise<Redis> {
  const c = await connectRedis(redis.url);
  clients.push(c);
  return c;
}

function prefix(): string {
  prefixCount += 1;
  return `cost${prefixCount}:`;
}

/** Calls per command name (`evalsha`, `mget`, …) since the last `CONFIG RESETSTAT`, scripts' inner commands included. */
async function commandCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const line of (await admin.info('commandstats')).split('\n')) {
    const match = /^cmdstat_([^:]+):calls=(\d+)/.exec(line.trim());
    if (match?.[1] !== undefined && match[1] !== 'info' && match[1] !== 'config') counts[match[1]] = Number(match[2]);
  }
  return counts;
}

async function counted<T>(run: () => Promise<T>): Promise<{ result: T; counts: Record<string, number> }> {
  await admin.config('RESETSTAT');
  const result = await run();
  return { result, counts: await commandCounts() };
}

/** Script runs, whether ioredis sent EVALSHA or (the first time) EVAL. */
const scriptRuns = (counts: Record<string, number>) => (counts['evalsha'] ?? 0) + (counts['eval'] ?? 0);

const ids = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}-${i}`);

describe('the cost of a sweep on Redis', () => {
  it('renews 1,200 leases with one command once each was checked against its lease key', async () => {
    const p = prefix();
    const redisClient = await client();
    const mine = new RedisCallLeases({ redis: redisClient, prefix: p, instanceId: 'mine' });
    const held = ids(1200, 'held');
    expect(await Promise.all(held.map((callId) => mine.acquire(callId)))).toEqual(held.map(() => true));

    // The first batch renewal checks every lease key: three script runs of 500, one MGET each, then one to say so.
    const first = await counted(() => mine.renewMany(held));
    expect(first.result).toEqual(held.map(() => true));
    expect(scriptRuns(first.counts)).toBe(4);
    expect(first.counts['mget']).toBe(3);

    // Then one script run renews them all: one GET and one PEXPIRE of the instance key, nothing per call.
    const second = await counted(() => mine.renewMany(held));
    expect(second.result).toEqual(held.map(() => true));
    expect(scriptRuns(second.counts)).toBe(1);
    expect([second.counts['get'], second.counts['pexpire'], second.counts['mget'], second.counts['zadd']]).toEqual([
      1,
      1,
      undefined,
      undefined,
    ]);
    expect(await redisClient.pttl(mine.aliveKey())).toBeGreaterThan(25_000);
    // The lease keys themselves never expire: the instance key does.
    expect(await redisClient.pttl(mine.key('held-1199'))).toBe(-1);
    expect(sorted(await mine.heldBy('mine'))).toEqual(sorted(held));
  });

  it('checks every lease again once the instance key lapsed, and finds the one taken meanwhile', async () => {
    const p = prefix();
    const redisClient = await client();
    const mine = new RedisCallLeases({ redis: redisClient, prefix: p, instanceId: 'mine' });
    const other = new RedisCallLeases({ redis: redisClient, prefix: p, instanceId: 'other' });
    const held = ids(1200, 'held');
    expect(await Promise.all(held.map((callId) => mine.acquire(callId)))).toEqual(held.map(() => true));
    await mine.renewMany(held);
    expect(await other.acquire('held-5')).toBe(false);
    // As after a pause longer than the lease: the instance key expires, another instance takes a call,
    // and this one takes a new call before its next sweep (which creates its instance key again).
    await redisClient.del(mine.aliveKey());
    expect(await other.adoptable(2000)).toHaveLength(1200);
    expect(await other.acquire('held-5')).toBe(true);
    expect(await mine.acquire('new')).toBe(true);

    const { result, counts } = await counted(() => mine.renewMany([...held, 'new']));
    expect(result).toEqual([...held.map((callId) => callId !== 'held-5'), true]);
    // The one-command renewal is tried, and declines (the instance key was created anew by the take):
    // then three checking runs and one to say so.
    expect(scriptRuns(counts)).toBe(5);
    expect(counts['mget']).toBe(3);
    expect(await mine.heldBy('other')).toEqual(['held-5']);
    expect(await redisClient.zscore(mine.ownedKey(), 'held-5')).toBeNull();
    expect(await mine.history('held-5')).toEqual({ current: 'other', previous: 'mine', previousReleased: false });
    // The check put back what the lapse moved: this instance's set, and no call of it adoptable.
    expect(sorted(await mine.heldBy('mine'))).toEqual(sorted([...held.filter((callId) => callId !== 'held-5'), 'new']));
    expect(await other.adoptable(10)).toEqual([]);
    // Checked: one command again — also for a batch without the call it lost.
    const after = await counted(() => mine.renewMany([...held.filter((callId) => callId !== 'held-5'), 'new']));
    expect(scriptRuns(after.counts)).toBe(1);
    // A batch naming a call it was not found holding is checked again (and answered false for it).
    expect((await mine.renewMany(['held-5', 'held-6'])).slice()).toEqual([false, true]);
  });

  it("frees a dead instance's calls at once when its instance key expires", async () => {
    const p = prefix();
    const redisClient = await client();
    const mine = new RedisCallLeases({ redis: redisClient, prefix: p, instanceId: 'mine' });
    const dead = new RedisCallLeases({ redis: redisClient, prefix: p, instanceId: 'dead', leaseMs: 200 });
    for (const callId of ['d1', 'd2', 'd3']) expect(await dead.acquire(callId)).toBe(true);
    expect(await mine.adoptable(10)).toEqual([]);
    expect(await mine.owner('d1')).toBe('dead');
    // No renewal for 200 ms: all three are free, found with one script run (the dead set is moved once).
    await eventually(async () => expect(sorted(await mine.adoptable(10))).toEqual(['d1', 'd2', 'd3']), 5000);
    expect(await redisClient.exists(mine.ownedKey('dead'))).toBe(0);
    expect(await redisClient.sismember(`${p}owners`, 'dead')).toBe(0);
    expect(await mine.owner('d1')).toBeUndefined();
    expect(await mine.heldBy('dead')).toEqual([]);
    const again = await counted(() => mine.adoptable(10));
    expect(sorted(again.result)).toEqual(['d1', 'd2', 'd3']);
    expect(again.counts['zadd'] ?? 0).toBe(0);
    expect(await mine.acquire('d2')).toBe(true);
    expect(sorted(await mine.adoptable(10))).toEqual(['d1', 'd3']);
    // The dead instance comes back: it finds d2 taken, and d1 and d3 still its own (taken back from lease-ends).
    expect((await dead.renewMany(['d1', 'd2', 'd3'])).slice()).toEqual([true, false, true]);
    expect(await mine.adoptable(10)).toEqual([]);
    // An ended call of a dead holder is forgotten with its lease key.
    await redisClient.del(dead.aliveKey());
    await mine.forget('d1');
    expect(await redisClient.exists(mine.key('d1'))).toBe(0);
  });

  it('honours a lease written by an earlier version (one expiring key per call) until it expires', async () => {
    const p = prefix();
    const redisClient = await client();
    const mine = new RedisCallLeases({ redis: redisClient, prefix: p, instanceId: 'mine' });
    await redisClient.set(mine.key('old'), 'earlier', 'PX', 60_000);
    expect(await mine.acquire('old')).toBe(false);
    expect(await mine.owner('old')).toBe('earlier');
    await redisClient.pexpire(mine.key('old'), 1);
    await eventually(async () => expect(await mine.acquire('old')).toBe(true), 5000);
    expect(await mine.history('old')).toEqual({ current: 'mine', previousReleased: false });
  });

  it('reads 1,200 summaries with three script runs, one HMGET per record (and one look at the change feed)', async () => {
    const p = prefix();
    const redisClient = await client();
    const store = new RedisCallStore({ redis: redisClient, prefix: p });
    const callIds = ids(1200, 'call');
    await Promise.all(
      callIds.map((callId, i) =>
        store.update(callId, () => ({ record: { ...emptyRecord(callId, i), state: 'established', updatedAt: i + 1 }, result: undefined })),
      ),
    );

    const { result, counts } = await counted(() => store.summaries([...callIds, 'missing']));

    expect(result).toEqual([...callIds.map((callId, i) => ({ callId, createdAt: i, state: 'established', updatedAt: i + 1 })), undefined]);
    expect(scriptRuns(counts)).toBe(1 + 3);
    // One per record, and one of the change feed's state.
    expect(counts['hmget']).toBe(1201 + 1);
  });

  it('reads again only the summaries that changed since: none of 1,200 unchanged, 3 of 3 changed by another instance', async () => {
    const p = prefix();
    const reader = new RedisCallStore({ redis: await client(), prefix: p });
    const writer = new RedisCallStore({ redis: await client(), prefix: p });
    const callIds = ids(1200, 'call');
    await Promise.all(
      callIds.map((callId, i) =>
        writer.update(callId, () => ({ record: { ...emptyRecord(callId, i), state: 'established' }, result: undefined })),
      ),
    );
    const expected = callIds.map((callId, i) => ({ callId, createdAt: i, state: 'established' }));
    expect(await reader.summaries([...callIds, 'missing'])).toEqual([...expected, undefined]);

    const unchanged = await counted(() => reader.summaries([...callIds, 'missing']));

    expect(unchanged.result).toEqual([...expected, undefined]);
    // The change feed only (one HMGET of its state): no record is read.
    expect(scriptRuns(unchanged.counts)).toBe(1);
    expect(unchanged.counts['hmget']).toBe(1);
    expect(unchanged.counts['zrangebyscore']).toBe(1);

    const changedIds = ['call-3', 'call-600', 'call-1199'];
    for (const callId of changedIds)
      await writer.update(callId, (before) => ({
        record: { ...(before ?? emptyRecord(callId, 0)), state: 'terminated' },
        result: undefined,
      }));
    const changed = await counted(() => reader.summaries([...callIds, 'missing']));

    expect(changed.result).toEqual([
      ...expected.map((summary) => (changedIds.includes(summary.callId) ? { ...summary, state: 'terminated' } : summary)),
      undefined,
    ]);
    // The change feed, then one summaries script for the three that changed.
    expect(scriptRuns(changed.counts)).toBe(2);
    expect(changed.counts['hmget']).toBe(1 + 3);
  });

  it('looks for orphaned outbox entries of 1,200 calls with three script runs, one HGET per record, and reads only those with entries', async () => {
    const p = prefix();
    const redisClient = await client();
    const store = new RedisCallStore({ redis: redisClient, prefix: p });
    const callIds = ids(1200, 'call');
    await Promise.all(
      callIds.map((callId, i) =>
        store.update(callId, () => ({ record: { ...emptyRecord(callId, i), state: 'established' }, result: undefined })),
      ),
    );
    // Two calls hold an entry nobody claimed (their receiver died after answering).
    for (const callId of ['call-7', 'call-900'])
      await store.updateWithOutbox(callId, 'n1', (before) => ({
        record: { ...(before ?? emptyRecord(callId, 0)), state: 'establishing' },
        result: [{ type: 'call.stateChanged', callId, state: 'establishing', previousState: 'established', call: { id: callId } }],
      }));

    // The sweep's summaries say which calls have entries to look for: only those are asked about.
    const before = await store.summaries(['call-6', 'call-7', 'call-900']);
    expect(before.map((summary) => summary?.unclaimedOutboxes)).toEqual([undefined, 1, 1]);

    const { result, counts } = await counted(() => store.claimOrphanedOutboxes(callIds, 0));

    expect(result.map((entry) => entry.callId)).toEqual(['call-7', 'call-900']);
    // Taken: the summaries count none any more.
    expect((await store.summaries(['call-7', 'call-900'])).map((summary) => summary?.unclaimedOutboxes)).toEqual([undefined, undefined]);
    expect(scriptRuns(counts)).toBe(3);
    // One HGET of the entry count per record; for the two with an entry, the stamp and the events too.
    expect(counts['hget']).toBe(1200 + 2 * 2);
    expect(counts['hkeys']).toBe(2);
  });

  it('reads a batch record by record when a summary written by someone else spoils the joined answer', async () => {
    const p = prefix();
    const redisClient = await client();
    const store = new RedisCallStore({ redis: redisClient, prefix: p });
    const records = ['a', 'b', 'c', 'd'].map((callId, i): CallRecord => ({
      ...emptyRecord(callId, 10 + i),
      state: i === 3 ? 'terminated' : 'established',
    }));
    for (const record of records) await store.update(record.callId, () => ({ record, result: undefined }));
    // Starts like an object but is not one; is JSON but no object; would shift a joined array by one element.
    await redisClient.hset(store.key('a'), 'summary', '{"callId":"a"');
    await redisClient.hset(store.key('b'), 'summary', 'null');
    await redisClient.hset(store.key('c'), 'summary', '{"callId":"c","createdAt":12},{"callId":"x","createdAt":0}');

    const { result, counts } = await counted(() => store.summaries(['a', 'b', 'c', 'd', 'none']));

    expect(result).toEqual([
      { callId: 'a', createdAt: 10, state: 'established' },
      { callId: 'b', createdAt: 11, state: 'established' },
      { callId: 'c', createdAt: 12, state: 'established' },
      { callId: 'd', createdAt: 13, state: 'terminated' },
      undefined,
    ]);
    // The change feed, the joined read, the one-by-one read of the same batch, then the three whole records.
    expect(scriptRuns(counts)).toBe(3);
    expect(counts['hmget']).toBe(1 + 5 + 5 + 3);
  });
});

function sorted(values: Iterable<string>): string[] {
  return [...values].sort();
}
