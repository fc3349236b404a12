import { request } from 'node:http';
import { emptyRecord } from '@graph-calling/notifications';
import { startRedis, type TestRedis } from '@graph-calling/test-support/redisServer';
import { Bot, ConfigError, createLogger, loadConfig } from '../src';
import { bearerMatches, hostAllowed, hostName } from '../src/admin/adminAccess';
import { loadAdminConfig } from '../src/admin/adminConfig';

// Each test starts bots (the embedded simulator, the admin worker compiling its sources under jest): a loaded
// 2-core machine can take longer than the default 30 s. A guard against hangs, not an assertion on time.
jest.setTimeout(90_000);

const quiet = createLogger({ level: 'silent' });
const TOKEN = 'a'.repeat(16) + 'b'.repeat(16);

/** A GET with the headers given verbatim (fetch will not send a forged Host). */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, type: String(res.headers['content-type'] ?? '') }));
    });
    req.on('error', reject);
    req.end();
  });
}

const ADMIN_ROUTES = ['/health', '/status', '/status/some-call', '/metrics', '/console', '/status.html'];

async function start(env: NodeJS.ProcessEnv, pii = false): Promise<Bot> {
  return Bot.start({ ...loadConfig(env), port: 0 }, { logger: quiet, pii, simulator: { timing: { stepMs: 5, autoAnswerMs: 5 } } });
}

describe('the admin surface, apart from the callback', () => {
  describe('default: its own loopback listener', () => {
    let bot: Bot;
    beforeAll(async () => {
      bot = await start({});
    });
    afterAll(() => bot.close());

    it('the public listener serves /callback and /livez, and none of the admin routes', async () => {
      expect(bot.adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(bot.adminUrl).not.toBe(bot.url);
      for (const path of ADMIN_ROUTES) expect([path, (await get(`${bot.url}${path}`)).status]).toEqual([path, 404]);
      const livez = await get(`${bot.url}/livez`);
      expect([livez.status, JSON.parse(livez.body)]).toEqual([200, { status: 'ok' }]);
      // The callback route is still there (and still refuses what is not Graph's).
      expect((await fetch(bot.callbackUri, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(
        401,
      );
    });

    it('the admin listener serves health and status to loopback names', async () => {
      const url = bot.adminUrl as string;
      const port = new URL(url).port;
      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, 'LOCALHOST']) {
        const health = await get(`${url}/health`, { host });
        expect([host, health.status]).toEqual([host, 200]);
      }
      expect(JSON.parse((await get(`${url}/health`)).body)).toMatchObject({ status: 'ok', live: 0, terminated: 0, state: 'memory' });
    });

    it('refuses another Host (DNS rebinding) with 421, before reading anything', async () => {
      const url = bot.adminUrl as string;
      for (const host of ['evil.example', 'evil.example:3979', '127.0.0.1.evil.example', 'a b']) {
        const answer = await get(`${url}/status`, { host });
        expect([host, answer.status]).toEqual([host, 421]);
        expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'host-not-allowed' } });
        expect(answer.body).not.toContain('"calls"');
      }
    });
  });

  it('wants the bearer token on the admin listener when BOT_ADMIN_TOKEN is set; BOT_ADMIN_HOSTS adds names', async () => {
    const bot = await start({ BOT_ADMIN_TOKEN: TOKEN, BOT_ADMIN_HOSTS: 'ops.internal, Bot.Example' });
    try {
      const url = bot.adminUrl as string;
      const none = await get(`${url}/health`);
      expect([none.status, JSON.parse(none.body).error.code]).toEqual([401, 'missing-token']);
      const wrong = await get(`${url}/health`, { authorization: `Bearer ${TOKEN.slice(1)}x` });
      expect([wrong.status, JSON.parse(wrong.body).error.code]).toEqual([401, 'bad-token']);
      const right = await get(`${url}/health`, { authorization: `Bearer ${TOKEN}` });
      expect(right.status).toBe(200);
      expect((await get(`${url}/status`, { authorization: `Bearer ${TOKEN}`, host: 'ops.internal:8443' })).status).toBe(200);
      expect((await get(`${url}/status`, { authorization: `Bearer ${TOKEN}`, host: 'bot.example' })).status).toBe(200);
      expect((await get(`${url}/status`, { authorization: `Bearer ${TOKEN}`, host: 'other.internal' })).status).toBe(421);
    } finally {
      await bot.close();
    }
  });

  it('BOT_ADMIN_PORT=public: the admin routes on the public listener, each refused without the token; /callback untouched', async () => {
    const bot = await start({ BOT_ADMIN_PORT: 'public', BOT_ADMIN_TOKEN: TOKEN });
    try {
      expect(bot.adminUrl).toBeUndefined();
      for (const path of ['/health', '/status', '/console']) {
        const refused = await get(`${bot.url}${path}`);
        expect([path, refused.status, JSON.parse(refused.body).error.code]).toEqual([path, 401, 'missing-token']);
        expect((await get(`${bot.url}${path}`, { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
      }
      // The callback route answers as the receiver does (its own refusal), never with the admin token's.
      const callback = await fetch(bot.callbackUri, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(callback.status).toBe(401);
      expect(await callback.text()).not.toContain('missing-token');
      expect((await get(`${bot.url}/livez`)).status).toBe(200);
    } finally {
      await bot.close();
    }
  });

  it('BOT_ADMIN_PORT=public: closing the bot ends a live console rather than wait for it', async () => {
    const bot = await start({ BOT_ADMIN_PORT: 'public', BOT_ADMIN_TOKEN: TOKEN });
    const stream = await fetch(`${bot.url}/console/events`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(stream.status).toBe(200);
    const ended = stream.text();
    await bot.close();
    expect(await ended).toContain('retry: 2000');
  });

  it('BOT_ADMIN_PORT=off: no admin routes anywhere, the public listener unchanged', async () => {
    const bot = await start({ BOT_ADMIN_PORT: 'off' });
    try {
      expect(bot.admin.mode).toBe('off');
      for (const path of ADMIN_ROUTES) expect((await get(`${bot.url}${path}`)).status).toBe(404);
      expect((await get(`${bot.url}/livez`)).status).toBe(200);
    } finally {
      await bot.close();
    }
  });
});

describe('admin configuration', () => {
  it.each([
    [{ BOT_ADMIN_PORT: 'public' }, 'BOT_ADMIN_PORT=public: expected BOT_ADMIN_TOKEN too'],
    [{ BOT_ADMIN_PORT: '70000' }, 'BOT_ADMIN_PORT / --admin-port: expected a port number 0–65535, off or public, found "70000"'],
    [{ BOT_ADMIN_PORT: 'yes' }, 'found "yes"'],
    [{ BOT_ADMIN_TOKEN: 'short' }, 'BOT_ADMIN_TOKEN: expected at least 24 characters without spaces'],
  ])('%j is refused: %s', (env, message) => {
    expect(() => loadAdminConfig(env)).toThrow(ConfigError);
    expect(() => loadAdminConfig(env)).toThrow(message);
  });

  it('reads the listener, the token and the names', () => {
    expect(loadAdminConfig({ BOT_ADMIN_PORT: '4000', BOT_ADMIN_HOST: '::1', BOT_ADMIN_HOSTS: 'A.example,,b' })).toEqual({
      mode: 'listener',
      host: '::1',
      port: 4000,
      allowedHosts: ['a.example', 'b'],
    });
    expect(loadAdminConfig({}, { adminPort: 'off' })).toEqual({ mode: 'off' });
  });

  it('checks Host names and bearer tokens exactly', () => {
    expect(hostName('[::1]:80')).toBe('::1');
    expect(hostName('Bot.Example:8080')).toBe('bot.example');
    expect(hostName('evil.example:80:80')).toBeUndefined();
    expect(hostAllowed('10.0.0.5:3979', '10.0.0.5', [])).toBe(true);
    expect(hostAllowed('10.0.0.5:3979', '0.0.0.0', [])).toBe(false);
    expect(hostAllowed('127.9.9.9', '127.0.0.1', [])).toBe(true);
    expect(bearerMatches(`bearer ${TOKEN}`, TOKEN)).toBeUndefined();
    expect(bearerMatches(`Basic ${TOKEN}`, TOKEN)?.code).toBe('missing-token');
    expect(bearerMatches(`Bearer ${TOKEN}${TOKEN}`, TOKEN)?.code).toBe('bad-token');
  });
});

describe('paged status and counted health', () => {
  const ids = Array.from({ length: 23 }, (_, i) => `call-${String(i).padStart(2, '0')}`);

  async function seed(bot: Bot): Promise<void> {
    for (const [i, id] of ids.entries())
      await bot.app.store.update(id, () => ({
        record: {
          ...emptyRecord(id, 1000 + i),
          state: i % 3 === 0 ? 'terminated' : 'established',
          ...(i % 3 === 0 ? { terminatedAt: 2000 } : {}),
          call: { id, direction: i % 2 === 0 ? 'incoming' : 'outgoing' },
        },
        result: undefined,
      }));
  }

  async function pages(url: string, query: string): Promise<string[][]> {
    const seen: string[][] = [];
    let cursor: string | undefined;
    do {
      const answer = await get(`${url}/status?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(answer.status).toBe(200);
      const body = JSON.parse(answer.body) as { calls: Array<{ id: string }>; next?: string };
      seen.push(body.calls.map((c) => c.id));
      cursor = body.next;
    } while (cursor !== undefined && seen.length < 20);
    return seen;
  }

  /**
   * The seeded calls exist in no Graph: an instance that adopted one would keep it alive at once, get a 404
   * and end it — on a loaded machine, while the pages are read. The instances stop taking calls first (they
   * hold none), so the records stay as seeded.
   */
  async function holdStill(bots: readonly Bot[]): Promise<void> {
    for (const b of bots) await b.app.ownership.close({ onShutdown: 'handover', hangUp: () => Promise.resolve() });
  }

  async function check(bot: Bot, others: readonly Bot[] = []): Promise<void> {
    await holdStill([bot, ...others]);
    await seed(bot);
    const url = bot.adminUrl as string;
    const health = JSON.parse((await get(`${url}/health`)).body) as Record<string, unknown>;
    expect(health).toMatchObject({ live: 15, terminated: 8, calls: 23 });
    const byTen = await pages(url, 'limit=10');
    expect(byTen.map((p) => p.length)).toEqual([10, 10, 3]);
    // Live calls first, then ended ones, each in id order; every call exactly once.
    const live = ids.filter((_, i) => i % 3 !== 0);
    const ended = ids.filter((_, i) => i % 3 === 0);
    expect(byTen.flat()).toEqual([...live, ...ended]);
    const incomingLive = await pages(url, 'limit=5&state=established&direction=incoming');
    expect(incomingLive.flat()).toEqual(ids.filter((_, i) => i % 3 !== 0 && i % 2 === 0));
    expect(incomingLive.every((p) => p.length <= 5)).toBe(true);
    for (const [query, message] of [
      ['limit=0', 'limit: expected a whole number from 1 to 500, found "0"'],
      ['limit=501', 'limit: expected a whole number from 1 to 500, found "501"'],
      ['direction=sideways', 'direction: expected incoming or outgoing, found "sideways"'],
      ['cursor=nonsense', 'cursor: expected the `next` of a previous page (l:<id> or e:<id>), found "nonsense"'],
      ['sort=id', 'sort: expected one of the parameters limit, cursor, state, direction, instance, found "sort"'],
    ] as const) {
      const answer = await get(`${url}/status?${query}`);
      expect([query, answer.status, (JSON.parse(answer.body) as { error: { message: string } }).error.message]).toEqual([
        query,
        400,
        message,
      ]);
    }
    // A deleted record leaves the counts at once.
    await bot.app.store.delete('call-01');
    expect(JSON.parse((await get(`${url}/health`)).body)).toMatchObject({ live: 14, terminated: 8 });
  }

  it('memory store: counts kept as calls change, pages in a stable order, filters, typed 400s', async () => {
    const bot = await start({});
    try {
      await check(bot);
    } finally {
      await bot.close();
    }
  });

  describe('Redis store', () => {
    let redis: TestRedis;
    beforeAll(async () => {
      redis = await startRedis();
    });
    afterAll(() => redis.close());

    it('the same, shared: a second instance counts what the first stored; no Redis address without --pii', async () => {
      const bot = await start({ BOT_REDIS_URL: redis.url });
      const other = await start({ BOT_REDIS_URL: redis.url });
      try {
        await check(bot, [other]);
        const health = JSON.parse((await get(`${other.adminUrl as string}/health`)).body) as Record<string, unknown>;
        expect(health).toMatchObject({ live: 14, terminated: 8, state: 'redis' });
        expect(JSON.stringify(health)).not.toContain('127.0.0.1');
        expect(String(health['instance'])).toMatch(/^\*:\d+:[0-9a-f]{8}$/);
      } finally {
        await other.close();
        await bot.close();
      }
    });

    it('instance= lists the calls another live instance holds, from the lease index; h: cursors', async () => {
      const a = await start({ BOT_REDIS_URL: redis.url });
      const b = await start({ BOT_REDIS_URL: redis.url });
      try {
        // New records (too young for a sweep to adopt), each claimed at once by one instance: a split known in advance.
        const mine = { a: ['held-a1', 'held-a2'], b: ['held-b1', 'held-b2', 'held-b3', 'held-b4', 'held-b5'] };
        for (const [owner, bot] of [
          ['a', a],
          ['b', b],
        ] as const)
          for (const id of mine[owner]) {
            await bot.app.store.update(id, () => ({
              record: { ...emptyRecord(id, Date.now()), state: 'established', call: { id, direction: 'incoming' } },
              result: undefined,
            }));
            expect(await bot.app.ownership.claim(id)).toBe(true);
          }
        await a.app.ownership.sweep();
        const url = a.adminUrl as string;
        const shown = async (bot: Bot) =>
          String((JSON.parse((await get(`${bot.adminUrl as string}/health`)).body) as Record<string, unknown>)['instance']);
        const other = await shown(b);
        const byTwo = await pages(url, `limit=2&instance=${encodeURIComponent(other)}`);
        expect(byTwo.flat()).toEqual(mine.b);
        expect(byTwo.map((p) => p.length)).toEqual([2, 2, 1]);
        expect((await pages(url, `instance=${encodeURIComponent(await shown(a))}`)).flat()).toEqual(mine.a);
        expect((await pages(url, `instance=${encodeURIComponent(other)}&state=terminated`)).flat()).toEqual([]);
        expect(await pages(url, 'instance=nobody')).toEqual([[]]);
        const bad = await get(`${url}/status?instance=${encodeURIComponent(other)}&cursor=l:held-b1`);
        expect([bad.status, (JSON.parse(bad.body) as { error: { message: string } }).error.message]).toEqual([
          400,
          'cursor: expected the `next` of a previous page (h:<id> with instance=), found "l:held-b1"',
        ]);
      } finally {
        await b.close();
        await a.close();
      }
    });
  });
});
