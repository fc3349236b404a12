import { Redis } from 'ioredis';
import { emptyRecord, type CallRecord } from '@graph-calling/notifications';
import { connectRedis, RedisCallLeases, RedisCallStore } from '@graph-calling/store-redis';
import { redisClockMoved } from '@graph-calling/test-support/redisClock';
import { closeAll, startRedis, type TestRedis } from '@graph-calling/test-support/redisServer';

// What an ownership sweep costs Redis, counted with INFO commandstats on a real server: the work
// per held call is one PEXPIRE (renewal) and, on a first or full read, one HMGET (summary) — later
// reads look at the change feed and read only the calls that changed; the rest is a few commands
// per batch of 500 — so a sweep of 10,000 owned calls is linear with a small constant.

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
  it('renews 1,200 leases with three script runs: one PEXPIRE per call, the index written per batch', async () => {
    const p = prefix();
    const redisClient = await client();
    const mine = new RedisCallLeases({ redis: redisClient, prefix: p, instanceId: 'mine' });
    const other = new RedisCallLeases({ redis: redisClient, prefix: p, instanceId: 'other' });
    const held = ids(1200, 'held');
    for (const callId of held) expect(await mine.acquire(callId)).toBe(true);
    // One call this instance believes it holds is another's now (its lease expired and was taken).
    expect(await other.acquire('taken')).toBe(true);
    await redisClient.zadd(mine.ownedKey(), Date.now() + 60_000, 'taken');
    const endsBefore = Number(await redisClient.zscore(`${p}lease-ends`, 'held-7'));

    const { result, counts } = await counted(() => mine.renewMany([...held, 'taken']));

    expect(result).toEqual([...held.map(() => true), false]);
    expect(scriptRuns(counts)).toBe(3);
    expect(counts['get'] ?? 0).toBe(0);
    expect(counts['mget']).toBe(3);
    // One per renewed lease, and one per batch for the owned set's own expiry.
    expect(counts['pexpire']).toBe(1200 + 3);
    // lease-ends, once per batch (the owned set's scores stay: readers check the leases).
    expect(counts['zadd']).toBe(3);
    expect(counts['zrem']).toBe(1);
    // The indexes moved on: each renewed call ends later, the taken one left this instance's set.
    expect(Number(await redisClient.zscore(`${p}lease-ends`, 'held-7'))).toBeGreaterThanOrEqual(endsBefore);
    expect(sorted(await mine.heldBy('mine'))).toEqual(sorted(held));
    expect(await mine.heldBy('other')).toEqual(['taken']);
    expect(await redisClient.zscore(mine.ownedKey(), 'taken')).toBeNull();
    expect(await redisClient.pttl(mine.key('held-1199'))).toBeGreaterThan(25_000);
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
    expect(counts['hmget']).toBe(1201);
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
    // (Changes in the same ms as a look are read again by the next one: they may have come after it.)
    await redisClockMoved(admin);
    expect(await reader.summaries([...callIds, 'missing'])).toEqual([...expected, undefined]);

    const unchanged = await counted(() => reader.summaries([...callIds, 'missing']));

    expect(unchanged.result).toEqual([...expected, undefined]);
    // The change feed only: no record is read.
    expect(scriptRuns(unchanged.counts)).toBe(1);
    expect(unchanged.counts['hmget'] ?? 0).toBe(0);
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
    expect(changed.counts['hmget']).toBe(3);
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
    expect(counts['hmget']).toBe(5 + 5 + 3);
  });
});

function sorted(values: Iterable<string>): string[] {
  return [...values].sort();
}
