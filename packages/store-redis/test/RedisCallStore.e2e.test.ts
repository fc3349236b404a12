import {
  createCallbackReceiver,
  createTokenVerifier,
  emptyRecord,
  type CallbackEvent,
  type CallRecord,
  type VerifiedCaller,
} from '@graph-calling/notifications';
import { connectRedis, RedisCallStore, RedisStoreError, type QuarantinedRecord } from '@graph-calling/store-redis';
import { startRedis } from '@graph-calling/test-support/redisServer';
import { redisForSuite } from '@graph-calling/test-support/redisSuite';
import { eventually } from '@graph-calling/test-support/eventually';

const redis = redisForSuite(connectRedis);
let prefixCount = 0;

/** A fresh prefix per test, so tests sharing the server never see each other's keys. */
function prefix(): string {
  prefixCount += 1;
  return `test${prefixCount}:`;
}

const bump = (callId: string) => (before: CallRecord | undefined) => {
  const record = before ?? emptyRecord(callId, 1);
  const version = (record.version ?? 0) + 1;
  return { record: { ...record, version }, result: version };
};

describe('RedisCallStore', () => {
  it('stores records as JSON and keeps fields it does not know', async () => {
    const store = new RedisCallStore({ redis: await redis.connect(), prefix: prefix() });
    const call = { id: 'c1', state: 'established', somethingNew: { nested: [1, 2] } } as CallRecord['call'];
    const record: CallRecord = { ...emptyRecord('c1', 10), state: 'established', call };
    const written = await store.update('c1', () => ({ record, result: 'written' }));
    expect(written).toEqual({ record, result: 'written', changed: true });
    expect(await store.get('c1')).toEqual(record);
    expect(await store.get('other')).toBeUndefined();
    const raw = await (await redis.connect()).hget(store.key('c1'), 'record');
    expect(JSON.parse(raw ?? 'null')).toEqual(record);
  });

  it('answers summaries of many records at once, reading a whole record only when its summary is missing or unreadable', async () => {
    const redisClient = await redis.connect();
    const store = new RedisCallStore({ redis: redisClient, prefix: prefix() });
    const records = ['s1', 's2', 's3'].map((callId, i): CallRecord => ({
      ...emptyRecord(callId, 10 + i),
      state: i === 2 ? 'terminated' : 'established',
      updatedAt: 20 + i,
      gap: 'etag',
    }));
    for (const record of records) await store.update(record.callId, () => ({ record, result: undefined }));
    // s2 as written before summaries were kept; s3 with a summary that is not JSON.
    await redisClient.hdel(store.key('s2'), 'summary');
    await redisClient.hset(store.key('s3'), 'summary', '{not json');
    const summaries = await store.summaries(['s1', 'missing', 's2', 's3']);
    expect(summaries).toEqual([
      { callId: 's1', createdAt: 10, state: 'established', updatedAt: 20, gap: 'etag' },
      undefined,
      { callId: 's2', createdAt: 11, state: 'established', updatedAt: 21, gap: 'etag' },
      { callId: 's3', createdAt: 12, state: 'terminated', updatedAt: 22, gap: 'etag' },
    ]);
    expect(await store.summaries([])).toEqual([]);
  });

  it('writes nothing when the change returns the record it was given', async () => {
    const redisClient = await redis.connect();
    const store = new RedisCallStore({ redis: redisClient, prefix: prefix() });
    await store.update('c1', bump('c1'));
    const same = await store.update('c1', (before) => ({ record: before as CallRecord, result: 'nothing' }));
    expect(same.changed).toBe(false);
    expect(await redisClient.hget(store.key('c1'), 'version')).toBe('1');
  });

  it('lists records oldest first, deletes them, and expires terminated calls sooner than live ones', async () => {
    const redisClient = await redis.connect();
    let now = 1_000;
    const store = new RedisCallStore({ redis: redisClient, prefix: prefix(), terminatedTtlMs: 60_000, idleTtlMs: 600_000, now: () => now });
    await store.update('late', () => ({ record: emptyRecord('late', 20), result: undefined }));
    await store.update('early', () => ({ record: { ...emptyRecord('early', 10), state: 'terminated' }, result: undefined }));
    expect((await store.list()).map((r) => r.callId)).toEqual(['early', 'late']);

    const terminatedTtl = await redisClient.pttl(store.key('early'));
    const liveTtl = await redisClient.pttl(store.key('late'));
    expect(terminatedTtl).toBeGreaterThan(50_000);
    expect(terminatedTtl).toBeLessThanOrEqual(60_000);
    expect(liveTtl).toBeGreaterThan(590_000);

    // Past the terminated record's expiry by the store's clock, the index no longer lists it.
    now += 60_001;
    expect((await store.list()).map((r) => r.callId)).toEqual(['late']);
    expect(await store.delete('late')).toBe(true);
    expect(await store.delete('late')).toBe(false);
    expect(await store.list()).toEqual([]);
  });

  it('never loses an update when several instances update one call at once, and reports each applied change once', async () => {
    const p = prefix();
    const stores = await Promise.all([1, 2, 3, 4].map(async () => new RedisCallStore({ redis: await redis.connect(), prefix: p })));
    const perStore = 50;
    const results = await Promise.all(
      stores.flatMap((store) => Array.from({ length: perStore }, () => store.update('busy', bump('busy')))),
    );
    const total = stores.length * perStore;
    expect((await stores[0]!.get('busy'))?.version).toBe(total);
    // Each stored run returned a distinct version: no change was applied twice or reported for a lost run.
    expect(results.every((r) => r.changed)).toBe(true);
    expect(new Set(results.map((r) => r.result)).size).toBe(total);
    expect(Math.max(...results.map((r) => r.result))).toBe(total);
    // The instances did collide, so the compare-and-set path was exercised.
    expect(stores.reduce((sum, s) => sum + s.conflicts, 0)).toBeGreaterThan(0);
  });

  it('emits each roster event exactly once across two receivers sharing the store', async () => {
    const p = prefix();
    const verifier = createTokenVerifier({ appIds: 'app', openIdConfigurationUrl: 'http://127.0.0.1:9/unused' });
    const errors: unknown[] = [];
    const receivers = await Promise.all(
      [1, 2].map(async () =>
        createCallbackReceiver({
          verifier,
          store: new RedisCallStore({ redis: await redis.connect(), prefix: p }),
          deltaRoster: true,
          onError: (error) => void errors.push(error),
        }),
      ),
    );
    const joined: string[] = [];
    for (const receiver of receivers) receiver.on('participant.joined', (event) => void joined.push(event.participant.id ?? ''));
    const caller: VerifiedCaller = { appId: 'app', tenantId: 'tenant', issuer: 'https://api.botframework.com', claims: {} };
    const count = 40;
    const processed = Array.from({ length: count }, (_, i) =>
      receivers[i % 2]!.parse(caller, {
        value: [
          {
            changeType: 'created',
            resourceUrl: '/communications/calls/shared/participants',
            resourceData: [
              {
                '@odata.type': '#microsoft.graph.participant',
                id: `p${i}`,
                info: { identity: { user: { id: `u${i}` } } },
                isMuted: false,
                isInLobby: false,
                rosterSequenceNumber: i + 1,
              },
            ],
          },
        ],
      }).process(),
    );
    const events: CallbackEvent[] = (await Promise.all(processed)).flat();
    expect(errors).toEqual([]);
    expect(joined.sort()).toEqual(Array.from({ length: count }, (_, i) => `p${i}`).sort());
    expect(events.filter((e) => e.type === 'participant.joined')).toHaveLength(count);
    const record = await receivers[0]!.store.get('shared');
    expect(Object.keys(record?.participants ?? {})).toHaveLength(count);
  });

  it('quarantines what it cannot read: reported once with its key, skipped by list, get and update', async () => {
    const redisClient = await redis.connect();
    const quarantined: QuarantinedRecord[] = [];
    const store = new RedisCallStore({ redis: redisClient, prefix: prefix(), onQuarantine: (q) => quarantined.push(q) });
    const other = new RedisCallStore({ redis: await redis.connect(), prefix: store.key('').replace(/call:$/, '') });
    await store.update('good', bump('good'));
    // What a release without key checks wrote for the id "call\ud800": Redis keeps the key (and index member) as U+FFFD.
    const poison = JSON.stringify({ ...emptyRecord('call\ud800', 5) });
    await redisClient.hset(`${store.key('good').replace(/good$/, '')}call\ufffd`, 'version', '1', 'record', poison);
    await redisClient.zadd(store.key('').replace(/call:$/, 'calls'), Date.now() + 60_000, 'call\ufffd');
    // Another program's value, and JSON that is not a record.
    await redisClient.hset(store.key('notjson'), 'version', '1', 'record', 'not json');
    await redisClient.zadd(store.key('').replace(/call:$/, 'calls'), Date.now() + 60_000, 'notjson');
    await redisClient.hset(store.key('someone'), 'version', '1', 'record', '{"callId":"someone-else","createdAt":1}');
    await redisClient.zadd(store.key('').replace(/call:$/, 'calls'), Date.now() + 60_000, 'someone');

    expect((await store.list()).map((r) => r.callId)).toEqual(['good']);
    expect(store.quarantined).toBe(3);
    expect(quarantined.map((q) => q.key).sort()).toEqual([store.key('call\ufffd'), store.key('notjson'), store.key('someone')].sort());
    expect(quarantined.find((q) => q.key === store.key('notjson'))?.reason).toBe(
      `expected JSON at ${store.key('notjson')} record, found "not json"`,
    );
    expect(quarantined.find((q) => q.key === store.key('call\ufffd'))?.reason).toContain('expected a call record with callId "call\ufffd"');
    // Moved aside, not deleted: a person can look at them; every instance sees the same list.
    const kept = await other.quarantinedKeys();
    expect(kept).toHaveLength(3);
    expect(await other.quarantinedCount()).toBe(3);
    for (const key of kept) expect(await redisClient.hget(key, 'record')).not.toBeNull();
    // Once: neither this instance nor another one reports them again.
    expect((await store.list()).map((r) => r.callId)).toEqual(['good']);
    expect((await other.list()).map((r) => r.callId)).toEqual(['good']);
    expect(store.quarantined + other.quarantined).toBe(3);

    // get and update quarantine too: the update starts a fresh record.
    await redisClient.hset(store.key('broken'), 'version', '4', 'record', '{"callId":"broken"}');
    expect(await store.get('broken')).toBeUndefined();
    await redisClient.hset(store.key('broken2'), 'version', '4', 'record', '[1,2');
    expect((await store.update('broken2', bump('broken2'))).record).toMatchObject({ callId: 'broken2', version: 1 });
    expect(store.quarantined).toBe(5);
    expect(await other.quarantinedCount()).toBe(5);
  });

  it('refuses a call id UTF-8 cannot carry back, and round-trips any other (a 1 MiB one included)', async () => {
    const redisClient = await redis.connect();
    const store = new RedisCallStore({ redis: redisClient, prefix: prefix() });
    await expect(store.update('call\ud800', bump('call\ud800'))).rejects.toMatchObject({ code: 'invalid-key', status: 500 });
    expect(await redisClient.keys(`${store.key('')}*`)).toEqual([]);
    for (const id of ['x'.repeat(1024 * 1024), 'emoji-😀', 'ünï-cödé', 'a b', '__proto__']) {
      await store.update(id, bump(id));
      expect((await store.get(id))?.callId).toBe(id);
    }
    expect((await store.list()).map((r) => r.callId).sort()).toEqual(
      ['x'.repeat(1024 * 1024), 'emoji-😀', 'ünï-cödé', 'a b', '__proto__'].sort(),
    );
    expect(store.quarantined).toBe(0);
  });

  it('never stops a list over an index entry whose bytes are not UTF-8', async () => {
    const redisClient = await redis.connect();
    const store = new RedisCallStore({ redis: redisClient, prefix: prefix() });
    const index = store.key('').replace(/call:$/, 'calls');
    const bytes = Buffer.from([0x63, 0xed, 0xa0, 0x80]);
    await redisClient.hset(
      Buffer.concat([Buffer.from(store.key('')), bytes]),
      'version',
      '1',
      'record',
      JSON.stringify(emptyRecord('c', 1)),
    );
    await redisClient.zadd(index, Date.now() + 60_000, bytes);
    expect(await store.list()).toEqual([]);
    expect(store.quarantined).toBe(1);
    expect(await redisClient.exists(Buffer.concat([Buffer.from(store.key('')), bytes]))).toBe(0);
  });

  it('gives up with a conflict error after maxAttempts when another writer gets in first every time', async () => {
    const redisClient = await redis.connect();
    const store = new RedisCallStore({ redis: redisClient, prefix: prefix(), maxAttempts: 3 });
    await store.update('contended', bump('contended'));
    let runs = 0;
    const error = await store
      .update('contended', (before) => {
        runs += 1;
        // Commands on one connection run in order: this write lands between the read and the compare-and-set.
        // Not awaited on purpose (it must queue before the compare-and-set). Had it failed, the retry count
        // asserted below would be wrong; the error is printed to say why.
        redisClient.hincrby(store.key('contended'), 'version', 1).catch((error: unknown) => console.error(error));
        return bump('contended')(before);
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisStoreError);
    expect(error).toMatchObject({ code: 'conflict', status: 503 });
    expect(runs).toBe(3);
  });
});

describe('RedisCallStore while Redis is down', () => {
  it('fails fast with unavailable, and works again once Redis is back', async () => {
    const own = await startRedis();
    try {
      const redisClient = await connectRedis(own.url);
      const store = new RedisCallStore({ redis: redisClient, prefix: prefix() });
      await store.update('c1', bump('c1'));
      await own.pause();
      const error = await store.update('c1', bump('c1')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RedisStoreError);
      expect(error).toMatchObject({ code: 'unavailable', status: 503 });
      await expect(store.list()).rejects.toMatchObject({ code: 'unavailable' });
      await own.start();
      // The client reconnects by itself (nothing was persisted: the restarted server is empty).
      await eventually(async () => (await store.update('c1', bump('c1')).catch(() => undefined)) !== undefined, 10_000);
      expect((await store.get('c1'))?.version).toBe(1);
      await redisClient.quit();
    } finally {
      await own.close();
    }
  });

  it('refuses to connect to a Redis that is not there: unreachable', async () => {
    const own = await startRedis();
    await own.close();
    await expect(connectRedis(own.url)).rejects.toMatchObject({
      code: 'unreachable',
      status: 503,
      message: expect.stringContaining(`${own.url}, found ECONNREFUSED`),
    });
  });

  it('says the credentials were refused (a wrong password, or none) without showing the password', async () => {
    const own = await startRedis({ password: 's3cret' });
    try {
      const wrong = own.url.replace('s3cret', 'wrong');
      const error = await connectRedis(wrong).catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: 'auth-failed',
        status: 500,
        message: expect.stringContaining('found it refused them (WRONGPASS'),
      });
      expect((error as Error).message).not.toContain('wrong');
      await expect(connectRedis(own.url.replace(':s3cret@', ''))).rejects.toMatchObject({ code: 'auth-failed' });
      const good = await connectRedis(own.url);
      await good.quit();
    } finally {
      await own.close();
    }
  });

  it('says Redis did not answer when it is paused: timeout', async () => {
    const own = await startRedis();
    const admin = await connectRedis(own.url);
    try {
      await admin.call('CLIENT', 'PAUSE', '3000', 'ALL');
      await expect(connectRedis(own.url, { commandTimeout: 500, connectTimeout: 500 })).rejects.toMatchObject({
        code: 'timeout',
        status: 503,
        message: expect.stringContaining('is it paused, overloaded, or not Redis?'),
      });
    } finally {
      admin.disconnect();
      await own.close();
    }
  });
});
