import type { FeedMessage } from '@graph-calling/notifications';
import { connectRedis, RedisEventFeed, RedisStoreError } from '@graph-calling/store-redis';
import { eventually } from '@graph-calling/test-support/eventually';
import { startRedis } from '@graph-calling/test-support/redisServer';
import { redisForSuite } from '@graph-calling/test-support/redisSuite';

const redis = redisForSuite(connectRedis);

const message = (origin: string, callId: string, n: number): FeedMessage => ({
  origin,
  callId,
  events: [
    { type: 'call.stateChanged', callId, previousState: undefined, state: 'established', call: { id: callId, myParticipantId: String(n) } },
  ],
});

describe('RedisEventFeed', () => {
  it('delivers every message to every other instance, in the order one instance published them, as JSON', async () => {
    const [a, b] = [
      new RedisEventFeed({ redis: await redis.connect(), prefix: 't1:' }),
      new RedisEventFeed({ redis: await redis.connect(), prefix: 't1:' }),
    ];
    const seenByA: FeedMessage[] = [];
    const seenByB: FeedMessage[] = [];
    const offA = await a.subscribe('a', (m) => seenByA.push(m));
    const offB = await b.subscribe('b', (m) => seenByB.push(m));
    const own = Array.from({ length: 5 }, (_, i) => message('a', 'own', i));
    const sent = Array.from({ length: 50 }, (_, i) => message('c', `call-${i % 3}`, i));
    await Promise.all(own.map((m) => a.publish(m)));
    await Promise.all(sent.map((m) => a.publish(m)));
    await eventually(() => seenByA.length === 50 && seenByB.length === 55);
    // `undefined` fields do not survive JSON: what arrives is what JSON carries. An instance never gets its own.
    const asJson = (list: FeedMessage[]) => list.map((m) => JSON.parse(JSON.stringify(m)) as unknown);
    expect(seenByB).toEqual(asJson([...own, ...sent]));
    expect(seenByA).toEqual(asJson(sent));
    await offA();
    await a.publish(message('c', 'late', 0));
    await eventually(() => seenByB.length === 56);
    expect(seenByA).toHaveLength(50);
    await offB();
  });

  it('keeps prefixes apart and skips what is not a feed message, reporting it', async () => {
    const publisher = await redis.connect();
    const errors: RedisStoreError[] = [];
    const feed = new RedisEventFeed({ redis: await redis.connect(), prefix: 't2:', onError: (e) => void errors.push(e) });
    const seen: FeedMessage[] = [];
    const off = await feed.subscribe('me', (m) => seen.push(m));
    await new RedisEventFeed({ redis: publisher, prefix: 'other:' }).publish(message('x', 'c', 1));
    await publisher.publish('t2:events', '{"origin":"x","callId":"c","events":[{"type":"call.established","callId":"another"}]}');
    await publisher.publish('t2:events', 'not json');
    await feed.publish(message('x', 'c', 2));
    await eventually(() => seen.length === 1 && errors.length === 2);
    expect(seen[0]?.events[0]).toMatchObject({ callId: 'c', call: { myParticipantId: '2' } });
    expect(errors.map((e) => e.code)).toEqual(['corrupt', 'corrupt']);
    expect(errors[1]?.message).toBe('expected a feed message on t2:events, found "not json"');
    await off();
  });

  it('fails to subscribe with a typed error when Redis is down', async () => {
    const down = await startRedis();
    const c = await connectRedis(down.url);
    await down.close();
    await expect(new RedisEventFeed({ redis: c }).subscribe('me', () => undefined)).rejects.toMatchObject({ code: 'unavailable' });
    c.disconnect();
  });
});
