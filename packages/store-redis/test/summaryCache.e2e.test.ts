import fc from 'fast-check';
import type { CallState } from '@graph-calling/models';
import { emptyRecord, type CallbackEvent, type CallRecord, type OutboxUpdate } from '@graph-calling/notifications';
import { connectRedis, RedisCallStore, RedisStoreError } from '@graph-calling/store-redis';
import { redisForSuite } from '@graph-calling/test-support/redisSuite';

// The summary cache against the truth: a cached reader must answer what a reader without the cache
// answers, whatever the other instances write through every path that changes a summary — so a path
// that forgets the change feed fails here.

const redis = redisForSuite(connectRedis);
let prefixCount = 0;

/** A fresh prefix per run, so runs sharing the server never see each other's keys. */
function prefix(): string {
  prefixCount += 1;
  return `cache${prefixCount}:`;
}

const CALLS = ['a', 'b', 'c', 'd', 'e'] as const;
const STATES: readonly CallState[] = ['establishing', 'established', 'terminated'];

/** One step of the script: a write by one of the writers, or a look by the cached reader at some of the calls. */
type Step =
  | { readonly kind: 'update'; readonly writer: number; readonly callId: string; readonly state: CallState; readonly at: number }
  | { readonly kind: 'outbox'; readonly writer: number; readonly callId: string; readonly key: string }
  | { readonly kind: 'claim'; readonly pending: number }
  | { readonly kind: 'claim-orphaned'; readonly writer: number; readonly callIds: readonly string[] }
  | { readonly kind: 'delete'; readonly writer: number; readonly callId: string }
  | { readonly kind: 'quarantine'; readonly writer: number; readonly callId: string }
  | { readonly kind: 'read'; readonly callIds: readonly string[] }
  | { readonly kind: 'reads-at-once'; readonly first: readonly string[]; readonly second: readonly string[] };

const callId = fc.constantFrom(...CALLS);
const writer = fc.nat({ max: 1 });
const subset = fc.subarray([...CALLS, 'never-written'], { minLength: 1 });
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc.record({ kind: fc.constant('update' as const), writer, callId, state: fc.constantFrom(...STATES), at: fc.nat(1000) }),
    weight: 4,
  },
  { arbitrary: fc.record({ kind: fc.constant('outbox' as const), writer, callId, key: fc.constantFrom('n1', 'n2', 'n3') }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('claim' as const), pending: fc.nat(20) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('claim-orphaned' as const), writer, callIds: subset }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('delete' as const), writer, callId }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('quarantine' as const), writer, callId }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('read' as const), callIds: subset }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('reads-at-once' as const), first: subset, second: subset }), weight: 1 },
);

const tone = (callId: string, key: string): CallbackEvent[] => [
  { type: 'tone.received', callId, tone: 'tone1', sequenceId: key.length, toneInfo: { tone: 'tone1', sequenceId: key.length } },
];

describe('the summary cache', () => {
  it('answers what a read of every record answers, after any writes by other instances through every write path', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40 }), async (steps) => {
        const p = prefix();
        const writers = [
          new RedisCallStore({ redis: await redis.connect(), prefix: p }),
          new RedisCallStore({ redis: await redis.connect(), prefix: p, summaryCacheMs: 0 }),
        ];
        const cached = new RedisCallStore({ redis: await redis.connect(), prefix: p });
        const truth = new RedisCallStore({ redis: await redis.connect(), prefix: p, summaryCacheMs: 0 });
        const raw = await redis.connect();
        const pending: OutboxUpdate[] = [];
        const by = (n: number) => writers[n] as RedisCallStore;
        for (const s of steps) {
          switch (s.kind) {
            case 'update':
              await by(s.writer).update(s.callId, (before) => ({
                record: { ...(before ?? emptyRecord(s.callId, s.at)), state: s.state, updatedAt: s.at },
                result: undefined,
              }));
              break;
            case 'outbox':
              pending.push(
                await by(s.writer).updateWithOutbox(s.callId, s.key, (before) => ({
                  record: { ...(before ?? emptyRecord(s.callId, 0)), updatedAt: (before?.updatedAt ?? 0) + 1 },
                  result: tone(s.callId, s.key),
                })),
              );
              break;
            case 'claim':
              if (pending.length > 0) await pending.splice(s.pending % pending.length, 1)[0]?.claim();
              break;
            case 'claim-orphaned':
              await by(s.writer).claimOrphanedOutboxes(s.callIds, 0);
              break;
            case 'delete':
              await by(s.writer).delete(s.callId);
              break;
            case 'quarantine':
              // Someone else's value where the record was (its summary untouched): the next whole read moves it aside.
              if ((await raw.exists(by(s.writer).key(s.callId))) === 1) {
                await raw.hset(by(s.writer).key(s.callId), 'record', '{not a record');
                expect(await by(s.writer).get(s.callId)).toBeUndefined();
              }
              break;
            case 'read':
              expect(await cached.summaries(s.callIds)).toEqual(await truth.summaries(s.callIds));
              break;
            case 'reads-at-once': {
              const [first, second] = await Promise.all([cached.summaries(s.first), cached.summaries(s.second)]);
              expect(first).toEqual(await truth.summaries(s.first));
              expect(second).toEqual(await truth.summaries(s.second));
              break;
            }
          }
        }
        expect(await cached.summaries(CALLS)).toEqual(await truth.summaries(CALLS));
      }),
      { seed: 20261207, numRuns: 60 },
    );
  });

  it('answers undefined for a record Redis lost (FLUSHALL), and reads again everything it was asked', async () => {
    const p = prefix();
    const writer = new RedisCallStore({ redis: await redis.connect(), prefix: p });
    const cached = new RedisCallStore({ redis: await redis.connect(), prefix: p });
    for (const id of ['a', 'b'])
      await writer.update(id, () => ({ record: { ...emptyRecord(id, 1), state: 'established' }, result: undefined }));
    expect((await cached.summaries(['a', 'b'])).map((summary) => summary?.state)).toEqual(['established', 'established']);

    const raw = await redis.connect();
    await raw.flushall();
    // Written again after the loss (a new change feed too): it answers as it is now.
    await writer.update('b', () => ({ record: { ...emptyRecord('b', 2), state: 'establishing' }, result: undefined }));

    expect(await cached.summaries(['a', 'b'])).toEqual([undefined, { callId: 'b', createdAt: 2, state: 'establishing' }]);
    expect(await cached.summaries(['a', 'b'])).toEqual([undefined, { callId: 'b', createdAt: 2, state: 'establishing' }]);
  });

  it('reads everything asked again once the change feed was trimmed past its last look (by an instance keeping fewer entries)', async () => {
    const p = prefix();
    const writer = new RedisCallStore({ redis: await redis.connect(), prefix: p, changeFeedMaxEntries: 2 });
    const cached = new RedisCallStore({ redis: await redis.connect(), prefix: p });
    const raw = await redis.connect();
    await writer.update('a', () => ({ record: { ...emptyRecord('a', 1), state: 'established' }, result: undefined }));
    expect(await cached.summaries(['a'])).toEqual([{ callId: 'a', createdAt: 1, state: 'established' }]);
    // 'a' changes after the look, then two more calls: three entries, over the writer's two, so the
    // oldest — 'a', changed after the look — is trimmed: only a full read can see that change.
    await writer.update('a', (before) => ({ record: { ...(before ?? emptyRecord('a', 1)), state: 'terminated' }, result: undefined }));
    for (const id of ['b', 'c']) await writer.update(id, () => ({ record: emptyRecord(id, 1), result: undefined }));
    expect(await raw.zscore(`${p}changes`, 'a')).toBeNull();
    expect(await raw.hget(`${p}changes-state`, 'trimmed')).toBe('2');

    expect(await cached.summaries(['a'])).toEqual([{ callId: 'a', createdAt: 1, state: 'terminated' }]);
  });

  it('lists each change once: a look finds exactly the calls changed since the one before', async () => {
    const p = prefix();
    const writer = new RedisCallStore({ redis: await redis.connect(), prefix: p });
    const raw = await redis.connect();
    const cached = new RedisCallStore({ redis: await redis.connect(), prefix: p });
    for (const id of ['a', 'b', 'c']) await writer.update(id, () => ({ record: emptyRecord(id, 1), result: undefined }));
    expect(await cached.summaries(['a', 'b', 'c'])).toHaveLength(3);
    // Sequence numbers, not times: 'b' changed right after the look is read, 'a' and 'c' are not.
    await writer.update('b', (before) => ({ record: { ...(before ?? emptyRecord('b', 1)), state: 'established' }, result: undefined }));
    await raw.hset(writer.key('a'), 'summary', JSON.stringify({ callId: 'a', createdAt: 1, state: 'terminated' }));
    expect(await cached.summaries(['a', 'b', 'c'])).toEqual([
      { callId: 'a', createdAt: 1 },
      { callId: 'b', createdAt: 1, state: 'established' },
      { callId: 'c', createdAt: 1 },
    ]);
  });

  it('shows a record that expired by its TTL (which the feed cannot tell) within summaryCacheMs, and not before', async () => {
    const p = prefix();
    const writer = new RedisCallStore({ redis: await redis.connect(), prefix: p, idleTtlMs: 50 });
    const slow = new RedisCallStore({ redis: await redis.connect(), prefix: p, summaryCacheMs: 3_600_000 });
    const quick = new RedisCallStore({ redis: await redis.connect(), prefix: p, summaryCacheMs: 1 });
    const raw = await redis.connect();
    await writer.update('a', () => ({ record: emptyRecord('a', 1), result: undefined }));
    expect(await slow.summaries(['a'])).toEqual([{ callId: 'a', createdAt: 1 }]);
    expect(await quick.summaries(['a'])).toEqual([{ callId: 'a', createdAt: 1 }]);
    while ((await raw.exists(writer.key('a'))) === 1);

    // Past its 1 ms refresh (the record took 50 ms to expire), one cache reads everything again; the other answers as it was.
    expect(await quick.summaries(['a'])).toEqual([undefined]);
    expect(await slow.summaries(['a'])).toEqual([{ callId: 'a', createdAt: 1 }]);
  });

  it('answers exactly as without the cache when it is off, and refuses options that are not durations', async () => {
    const p = prefix();
    const redisClient = await redis.connect();
    const off = new RedisCallStore({ redis: redisClient, prefix: p, summaryCacheMs: 0 });
    await off.update('a', () => ({ record: emptyRecord('a', 1), result: undefined }));
    await redisClient.hset(off.key('a'), 'summary', JSON.stringify({ callId: 'a', createdAt: 1, state: 'terminated' }));
    // No cache: a change the feed does not carry shows at once.
    expect(await off.summaries(['a'])).toEqual([{ callId: 'a', createdAt: 1, state: 'terminated' }]);
    expect(() => new RedisCallStore({ redis: redisClient, summaryCacheMs: -1 })).toThrow(
      'expected summaryCacheMs to be a finite number of ms, 0 or more, found -1',
    );
    expect(() => new RedisCallStore({ redis: redisClient, changeFeedMaxEntries: 0.5 })).toThrow(
      'expected changeFeedMaxEntries to be a whole number above 0, found 0.5',
    );
  });

  it('rejects like an uncached read when Redis does not answer, and answers right once it does', async () => {
    const p = prefix();
    const writer = new RedisCallStore({ redis: await redis.connect(), prefix: p });
    const readerClient = await redis.connect();
    const cached = new RedisCallStore({ redis: readerClient, prefix: p });
    await writer.update('a', () => ({ record: emptyRecord('a', 1), result: undefined }));
    expect(await cached.summaries(['a'])).toEqual([{ callId: 'a', createdAt: 1 }]);

    readerClient.disconnect();
    await expect(cached.summaries(['a'])).rejects.toBeInstanceOf(RedisStoreError);
    await writer.update('a', (before) => ({ record: { ...(before as CallRecord), state: 'terminated' }, result: undefined }));
    await readerClient.connect();

    expect(await cached.summaries(['a'])).toEqual([{ callId: 'a', createdAt: 1, state: 'terminated' }]);
  });
});
