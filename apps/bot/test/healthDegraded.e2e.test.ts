import { Writable } from 'node:stream';
import { connectRedis } from '@graph-calling/store-redis';
import { eventually } from '@graph-calling/test-support/eventually';
import { startRedis, type TestRedis } from '@graph-calling/test-support/redisServer';
import type { Redis } from 'ioredis';
import { Bot, createLogger, installTelemetry, loadConfig } from '../src';

const telemetry = installTelemetry({}, {});

interface Health {
  readonly status: string;
  readonly reason?: string;
  readonly quarantined: number | null;
}

describe('a bot on Redis reports quarantined records and a degraded store on /health and in metrics', () => {
  let redis: TestRedis;
  let inspect: Redis;
  let bot: Bot;
  const lines: Array<{ msg: string; key?: string; reason?: string }> = [];

  beforeAll(async () => {
    redis = await startRedis();
    inspect = await connectRedis(redis.url);
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line) as (typeof lines)[0]);
        done();
      },
    });
    bot = await Bot.start(
      { ...loadConfig({ BOT_REDIS_URL: redis.url, BOT_LEASE_MS: '600' }), port: 0 },
      { logger: createLogger({ level: 'warn', destination }), telemetry, keepAliveMs: 60_000 },
    );
  }, 30_000);
  afterAll(async () => {
    await redis.start();
    await bot.close();
    await inspect.quit().catch(() => inspect.disconnect());
    await redis.close();
    await telemetry.shutdown();
  });

  const health = async (): Promise<{ code: number; body: Health }> => {
    const response = await fetch(`${bot.adminUrl as string}/health`);
    return { code: response.status, body: (await response.json()) as Health };
  };
  const metric = async (name: string): Promise<number | undefined> => {
    const text = await (await fetch(`${bot.adminUrl as string}/metrics`)).text();
    const found = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+)`, 'm').exec(text);
    return found ? Number(found[1]) : undefined;
  };

  it('ok with nothing quarantined; a record it cannot read is quarantined once, logged with its key and counted', async () => {
    expect(await health()).toMatchObject({ code: 200, body: { status: 'ok', quarantined: 0 } });
    expect(await metric('graph_calling_degraded')).toBe(0);

    await inspect.hset('graph-calling:call:unreadable', 'version', '1', 'record', 'not json');
    await inspect.zadd('graph-calling:calls', Date.now() + 60_000, 'unreadable');
    // As a record the store wrote and that went bad since: known to the lease index, held by nobody.
    await inspect.zadd('graph-calling:lease-ends', 0, 'unreadable');
    // The ownership sweep reads the calls it may adopt: it meets the record and moves it aside.
    await eventually(async () => expect((await health()).body.quarantined).toBe(1), 10_000);
    expect(await health()).toMatchObject({ code: 200, body: { status: 'ok' } });
    // Listed again (status page, more sweeps): not reported again.
    expect(await (await fetch(`${bot.adminUrl as string}/status`)).json()).toMatchObject({ calls: [] });
    await bot.app.ownership.sweep();
    const logged = lines.filter((line) => line.msg.startsWith('call record quarantined'));
    expect(logged).toEqual([
      expect.objectContaining({
        key: 'graph-calling:call:unreadable',
        reason: 'expected JSON at graph-calling:call:unreadable record, found "not json"',
      }),
    ]);
    expect(await metric('graph_calling_store_quarantined')).toBe(1);
  });

  it('degraded, with the reason, while Redis does not answer (still 200); ok again once it does', async () => {
    await redis.pause();
    await eventually(async () => {
      const { code, body } = await health();
      expect(code).toBe(200);
      expect(body.status).toBe('degraded');
      expect(body.reason).toMatch(/did not answer/);
    }, 15_000);
    expect(await metric('graph_calling_degraded')).toBe(1);

    await redis.start();
    // Redis came back empty (no persistence): "just lost data" may be reported for a lease time, then ok.
    await eventually(async () => expect(await health()).toMatchObject({ code: 200, body: { status: 'ok', quarantined: 0 } }), 15_000);
    expect(await metric('graph_calling_degraded')).toBe(0);
  }, 30_000);
});
