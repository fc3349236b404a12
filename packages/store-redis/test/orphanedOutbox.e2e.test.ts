import {
  createCallbackReceiver,
  createTokenVerifier,
  emptyRecord,
  type CallbackEvent,
  type CallRecord,
  type CallStoreChange,
  type EventContext,
  type FeedMessage,
  MemoryEventFeed,
} from '@graph-calling/notifications';
import { connectRedis, RedisCallStore, RedisEventFeed } from '@graph-calling/store-redis';
import { redisForSuite } from '@graph-calling/test-support/redisSuite';
import { eventually } from '@graph-calling/test-support/eventually';

/**
 * Outbox entries nobody claimed: an instance stored a notification's events, answered the callback
 * and died before claiming them. The call's owner takes them (`claimOrphanedOutboxes`) once they are
 * older than a threshold, on the server's clock, each entry once, in the order they were stored.
 */

const redis = redisForSuite(connectRedis);
let prefixCount = 0;

/** A fresh prefix per test, so tests sharing the server never see each other's keys. */
function prefix(): string {
  prefixCount += 1;
  return `orphans${prefixCount}:`;
}

const TONES = ['tone0', 'tone1', 'tone2', 'tone3', 'tone4', 'tone5', 'tone6', 'tone7', 'tone8', 'tone9'] as const;

/** A tone event numbered `n`: what one notification of the call reports. */
function tone(callId: string, n: number): CallbackEvent {
  const key = TONES[n % TONES.length] ?? 'tone0';
  return { type: 'tone.received', callId, tone: key, sequenceId: n, toneInfo: { tone: key, sequenceId: n } };
}

/** A change that records notification `n` and reports its tone: each write bumps the record, so each is stored. */
const press =
  (callId: string, n: number) =>
  (before: CallRecord | undefined): CallStoreChange<readonly CallbackEvent[]> => {
    const record = before ?? emptyRecord(callId, 1);
    return { record: { ...record, tonesSeen: [...(record.tonesSeen ?? []), n] }, result: [tone(callId, n)] };
  };

async function stores(p: string, n: number): Promise<RedisCallStore[]> {
  return Promise.all(Array.from({ length: n }, async () => new RedisCallStore({ redis: await redis.connect(), prefix: p })));
}

describe('RedisCallStore orphaned outbox entries', () => {
  it('takes an unclaimed entry only once it is older than the threshold, and then the receiver’s own claim finds nothing', async () => {
    const [receiver, owner] = await stores(prefix(), 2);
    const stored = await receiver!.updateWithOutbox('c1', 'n1', press('c1', 1));
    expect(stored.events).toEqual([tone('c1', 1)]);
    // Just written: not before the threshold.
    expect(await owner!.claimOrphanedOutboxes(['c1'], 60_000)).toEqual([]);
    // Past a short threshold (on the server's clock): taken, with its key, its stamp and its events.
    const before = Date.now();
    let taken: Awaited<ReturnType<RedisCallStore['claimOrphanedOutboxes']>> = [];
    await eventually(async () => (taken = await owner!.claimOrphanedOutboxes(['missing', 'c1'], 50)).length > 0);
    expect(taken).toEqual([{ callId: 'c1', key: 'n1', storedAt: expect.any(Number) as number, events: [tone('c1', 1)] }]);
    // Stamped by redis-server on this machine: within the test's own span.
    expect(taken[0]!.storedAt).toBeLessThanOrEqual(Date.now());
    expect(taken[0]!.storedAt).toBeGreaterThan(before - 60_000);
    expect(owner!.orphansRecovered).toBe(1);
    // The receiver's late claim gets nothing: each entry goes to one caller only.
    expect(await stored.claim()).toEqual([]);
    expect(await owner!.claimOrphanedOutboxes(['c1'], 0)).toEqual([]);
    // Nothing is left to count: the next sweep costs one HGET for this record.
    const client = await redis.connect();
    expect(await client.hkeys(owner!.key('c1'))).toEqual(expect.not.arrayContaining([expect.stringMatching(/^outbox/)]));
  });

  it('leaves entries the receiver claimed, and entries younger than the threshold, where they are', async () => {
    const [receiver, owner] = await stores(prefix(), 2);
    const claimed = await receiver!.updateWithOutbox('c1', 'n1', press('c1', 1));
    expect(await claimed.claim()).toEqual([tone('c1', 1)]);
    const young = await receiver!.updateWithOutbox('c1', 'n2', press('c1', 2));
    expect(await owner!.claimOrphanedOutboxes(['c1'], 60_000)).toEqual([]);
    expect(await young.claim()).toEqual([tone('c1', 2)]);
    expect(await owner!.claimOrphanedOutboxes(['c1'], 0)).toEqual([]);
  });

  it('gives each entry to exactly one of several concurrent callers (owners sweeping and receivers claiming)', async () => {
    const all = await stores(prefix(), 4);
    const calls = Array.from({ length: 20 }, (_, i) => `call${i}`);
    const updates = await Promise.all(
      calls.flatMap((callId, c) => [1, 2, 3].map((n) => all[(c + n) % all.length]!.updateWithOutbox(callId, `n${n}`, press(callId, n)))),
    );
    // Three sweeps and every receiver's own claim, all at once.
    const [sweeps, claims] = await Promise.all([
      Promise.all(all.slice(0, 3).map((store) => store.claimOrphanedOutboxes(calls, 0))),
      Promise.all(updates.map((update) => update.claim())),
    ]);
    const dispatched = [...sweeps.flat().flatMap((entry) => entry.events), ...claims.flat()];
    const expected = calls.flatMap((callId) => [1, 2, 3].map((n) => tone(callId, n)));
    expect(dispatched).toHaveLength(expected.length);
    expect(new Set(dispatched.map((e) => `${e.callId}/${e.type === 'tone.received' ? e.sequenceId : ''}`)).size).toBe(expected.length);
    expect(dispatched).toEqual(expect.arrayContaining(expected));
  });

  it('answers each call’s entries in the order they were stored, whatever order the hash keeps its fields in', async () => {
    const [receiver, owner] = await stores(prefix(), 2);
    const calls = ['b', 'a', 'c'];
    // Keys that sort in another order than they were written; enough entries that the hash is no longer kept in insertion order.
    const keys = Array.from({ length: 40 }, (_, n) => `k${String((n * 17) % 40).padStart(2, '0')}`);
    for (const callId of calls) for (const [n, key] of keys.entries()) await receiver!.updateWithOutbox(callId, key, press(callId, n));
    const taken = await owner!.claimOrphanedOutboxes(calls, 0);
    expect(taken.map((entry) => entry.callId)).toEqual(calls.flatMap((callId) => keys.map(() => callId)));
    for (const callId of calls) {
      const own = taken.filter((entry) => entry.callId === callId);
      expect(own.map((entry) => entry.key)).toEqual(keys);
      expect(own.flatMap((entry) => entry.events)).toEqual(keys.map((_, n) => tone(callId, n)));
      // Stamps never go back in time.
      expect(own.map((entry) => entry.storedAt)).toEqual([...own.map((entry) => entry.storedAt)].sort((x, y) => x - y));
    }
  });

  it('reports an entry whose events do not read back, and still hands over the others', async () => {
    const [receiver, owner] = await stores(prefix(), 2);
    await receiver!.updateWithOutbox('c1', 'bad', press('c1', 1));
    await receiver!.updateWithOutbox('c1', 'good', press('c1', 2));
    const client = await redis.connect();
    await client.hset(receiver!.key('c1'), 'outbox:bad', '{"not":"an array"}');
    const taken = await owner!.claimOrphanedOutboxes(['c1'], 0);
    expect(taken.map(({ key, events }) => ({ key, events }))).toEqual([
      { key: 'bad', events: [] },
      { key: 'good', events: [tone('c1', 2)] },
    ]);
    expect(taken[0]?.error?.message).toMatch(/expected a JSON array of events at .*outbox:bad, found "\{\\"not\\":\\"an array\\"\}"/);
  });

  it('reports an entry whose array holds something that is not an event of the call', async () => {
    const [receiver, owner] = await stores(prefix(), 2);
    await receiver!.updateWithOutbox('c1', 'stray', press('c1', 1));
    await receiver!.updateWithOutbox('c1', 'number', press('c1', 2));
    await receiver!.updateWithOutbox('c1', 'good', press('c1', 3));
    const client = await redis.connect();
    await client.hset(receiver!.key('c1'), 'outbox:stray', JSON.stringify([tone('c1', 1), { ...tone('c1', 1), callId: 'c9' }]));
    await client.hset(receiver!.key('c1'), 'outbox:number', '[42]');
    const taken = await owner!.claimOrphanedOutboxes(['c1'], 0);
    expect(taken.map(({ key, events, error }) => ({ key, events, error: error?.message }))).toEqual([
      {
        key: 'stray',
        events: [],
        error: expect.stringMatching(
          /expected an event of call "c1" \(an object with a string type\) at .*call:c1 outbox:stray\[1\], found .*c9/,
        ) as string,
      },
      {
        key: 'number',
        events: [],
        error: expect.stringMatching(/expected an event of call "c1" .* outbox:number\[0\], found "42"$/) as string,
      },
      { key: 'good', events: [tone('c1', 3)], error: undefined },
    ]);
  });

  it('refuses a negative threshold', async () => {
    const [owner] = await stores(prefix(), 1);
    await expect(owner!.claimOrphanedOutboxes(['c1'], -1)).rejects.toThrow('olderThanMs must be 0 or more, found -1');
  });

  it('reach a receiver’s handlers through recoverOutboxes, in order, marked as recovered; an unreadable entry goes to onError', async () => {
    const p = prefix();
    const [writer, store] = await stores(p, 2);
    const verifier = createTokenVerifier({ appIds: 'app', openIdConfigurationUrl: 'http://127.0.0.1:9/unused' });
    const errors: Array<{ readonly error: unknown; readonly callId: string | undefined }> = [];
    const receiver = createCallbackReceiver({
      verifier,
      store: store!,
      onError: (error, { callId }) => void errors.push({ error, callId }),
    });
    const heard: Array<{ readonly event: CallbackEvent; readonly context: EventContext }> = [];
    receiver.on('*', (event, context) => void heard.push({ event, context }));
    for (const n of [1, 2, 3]) await writer!.updateWithOutbox('c1', `n${n}`, press('c1', n));
    await writer!.updateWithOutbox('c2', 'bad', press('c2', 9));
    const client = await redis.connect();
    await client.hset(writer!.key('c2'), 'outbox:bad', 'not json');
    expect(await receiver.recoverOutboxes(['c1', 'c2'], 60_000)).toBe(0);
    expect(await receiver.recoverOutboxes(['c1', 'c2'], 0)).toBe(3);
    expect(heard.map((h) => h.event)).toEqual([tone('c1', 1), tone('c1', 2), tone('c1', 3)]);
    expect(heard.map((h) => [h.context.source, h.context.caller.issuer, h.context.notification])).toEqual(
      [1, 2, 3].map(() => ['outbox', 'graph-calling:outbox', undefined]),
    );
    expect(errors.map(({ error, callId }) => [callId, error instanceof Error ? error.message : String(error)])).toEqual([
      ['c2', expect.stringMatching(/expected a JSON array of events at .*call:c2 outbox:bad, found "not json"/) as string],
    ]);
    await receiver.close();
  });

  it('publish what a claim takes to the feed in the same step, once, from the claiming instance', async () => {
    const p = prefix();
    const [receiver, owner] = await stores(p, 2);
    const client = await redis.connect();
    const feed = new RedisEventFeed({ redis: client, prefix: p });
    expect(receiver!.publishesTo(feed)).toBe(true);
    expect(receiver!.publishesTo(new MemoryEventFeed())).toBe(false);
    const heard: FeedMessage[] = [];
    const leave = await feed.subscribe('listener', (message) => void heard.push(message));
    const share = { feed, origin: 'b' };
    const first = await receiver!.updateWithOutbox('c1', 'n1', press('c1', 1), share);
    const again = await owner!.updateWithOutbox('c1', 'n1', (before) => ({ record: before ?? emptyRecord('c1', 1), result: [] }), share);
    expect([first.shared, again.shared]).toEqual([true, true]);
    // Both hold a claim on the entry; one gets it and publishes it, the other gets nothing and publishes nothing.
    const [one, two] = await Promise.all([first.claim(), again.claim()]);
    expect([...one, ...two]).toEqual([tone('c1', 1)]);
    await receiver!.updateWithOutbox('c2', 'n2', press('c2', 2));
    const recovered = await owner!.claimOrphanedOutboxes(['c2'], 0, { feed, origin: 'a' });
    expect(recovered.map((entry) => [entry.events, entry.shared])).toEqual([[[tone('c2', 2)], true]]);
    await eventually(() => heard.length >= 2);
    expect(heard).toEqual([
      { origin: 'b', callId: 'c1', events: [tone('c1', 1)] },
      { origin: 'a', callId: 'c2', events: [tone('c2', 2)] },
    ]);
    // Without a feed it can reach, nothing is published and nothing is marked shared.
    const unshared = await receiver!.updateWithOutbox('c3', 'n3', press('c3', 3), { feed: new MemoryEventFeed(), origin: 'b' });
    expect(unshared.shared).toBeUndefined();
    expect(await unshared.claim()).toEqual([tone('c3', 3)]);
    await leave();
    expect(heard).toHaveLength(2);
  });
});
