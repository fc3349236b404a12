import { createSimulator, DEFAULT_APP, type Simulator } from '@graph-calling/simulator';
import { connectRedis } from '@graph-calling/store-redis';
import { botEnvironment, startBotProcess, tempDir, type BotProcess } from '@graph-calling/test-support/botProcess';
import { eventually } from '@graph-calling/test-support/eventually';
import { startIssuer, type Issuer } from '@graph-calling/test-support/issuer';
import { startRedis, type TestRedis } from '@graph-calling/test-support/redisServer';
import type { Redis } from 'ioredis';

interface Health {
  readonly status: string;
  readonly quarantined: number | null;
}

// Issue 25, item 1: one record the store cannot read used to take every instance down (500 on /health and
// /status, no sweep, no start). Two `bot serve` processes share Redis; the record appears; a third starts.
describe('a record the store cannot read, under real `bot serve` processes on one Redis', () => {
  let redis: TestRedis;
  let simulator: Simulator;
  let issuer: Issuer;
  let inspect: Redis;
  let dir: ReturnType<typeof tempDir>;
  const processes: BotProcess[] = [];

  beforeAll(async () => {
    [redis, simulator, issuer] = await Promise.all([
      startRedis(),
      createSimulator({ timing: { stepMs: 5, autoAnswerMs: 5 } }),
      startIssuer(),
    ]);
    inspect = await connectRedis(redis.url);
    dir = tempDir('graph-calling-poison-');
  }, 30_000);
  afterAll(async () => {
    for (const p of processes) await p.kill();
    await inspect.quit();
    await Promise.all([simulator.close(), issuer.close(), redis.close()]);
    dir.remove();
  });

  // Callbacks are verified against the test issuer's keys, so the test can send a notification with a valid token.
  const environment = () => ({
    ...botEnvironment(simulator, DEFAULT_APP, dir.path),
    OPENID_CONFIGURATION_URL: issuer.openIdConfigurationUrl,
    BOT_REDIS_URL: redis.url,
    BOT_LEASE_MS: '600',
  });
  const health = async (p: BotProcess): Promise<{ code: number; body: Health }> => {
    const response = await fetch(`${p.adminUrl}/health`);
    return { code: response.status, body: (await response.json()) as Health };
  };
  /** What a release without id checks stored for `"call\ud800"` (Redis keeps the key as U+FFFD), or any other unreadable value. */
  const poison = async (id: string, record: string) => {
    await inspect.hset(`graph-calling:call:${id}`, 'version', '1', 'record', record);
    await inspect.zadd('graph-calling:calls', Date.now() + 3_600_000, id);
    // As a record the store wrote and that went bad since: known to the lease index, held by nobody.
    await inspect.zadd('graph-calling:lease-ends', 0, id);
  };

  it('refuses the id with 400; every instance stays healthy and reports the quarantine; a new instance starts', async () => {
    const a = await startBotProcess(environment());
    processes.push(a);
    const b = await startBotProcess(environment());
    processes.push(b);

    // The id no longer gets in: 400 naming it, nothing stored.
    const token = await issuer.sign({ aud: DEFAULT_APP.appId, tid: DEFAULT_APP.tenantId });
    const refused = await fetch(`${a.url}/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: `{"value":[{"changeType":"updated","resourceUrl":"/communications/calls/call\\ud800","resourceData":{"state":"established"}}]}`,
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('invalid-resource-id');
    expect(await inspect.keys('graph-calling:call:*')).toEqual([]);

    // What an older release let in is still in Redis: the record under the U+FFFD key, and a value that is not JSON.
    await poison('call\ufffd', JSON.stringify({ callId: 'call\ud800', createdAt: Date.now() }));
    await poison('not-a-record', 'not json');
    for (const p of [a, b])
      await eventually(async () => expect(await health(p)).toMatchObject({ code: 200, body: { status: 'ok', quarantined: 2 } }), 10_000);
    for (const p of [a, b]) expect((await fetch(`${p.adminUrl}/status`)).status).toBe(200);
    // Logged once in the fleet, by whichever instance met each record first.
    const logged = [a, b].flatMap((p) => p.log().split('\n')).filter((line) => line.includes('call record quarantined'));
    expect(logged).toHaveLength(2);

    for (const p of [b, a]) expect(await p.stop()).toBe(0);

    // A new instance starts while an unreadable record is in the index: alone, so it is the one to meet it
    // (its start-up seeds the census from a list of the store).
    await poison('fresh-poison', '{"callId":"someone-else","createdAt":1}');
    const c = await startBotProcess(environment());
    processes.push(c);
    await eventually(() => expect(c.log()).toContain('graph-calling:call:fresh-poison'), 10_000);
    expect(await health(c)).toMatchObject({ code: 200, body: { status: 'ok', quarantined: 3 } });
    expect(await c.stop()).toBe(0);
  }, 90_000);
});
