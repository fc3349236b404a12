import { once } from 'node:events';
import { request } from 'node:http';
import { Worker } from 'node:worker_threads';
import { peerToPeerCall, serviceHosted, user } from '@graph-calling/builders';
import { Bot, createLogger, loadConfig } from '../src';
import { startAdmin, type AdminPlace } from '../src/admin/adminServer';
import type { AdminSource } from '../src/admin/adminRoutes';
import { CallTimelines } from '../src/admin/CallTimeline';
import { eventually } from '@graph-calling/test-support/eventually';

// Each test starts bots (the embedded simulator, the admin worker compiling its sources under jest): a loaded
// 2-core machine can take longer than the default 30 s. A guard against hangs, not an assertion on time.
jest.setTimeout(90_000);

const quiet = createLogger({ level: 'silent' });
const TOKEN = 'w'.repeat(20) + 'x'.repeat(20);

/** A GET with the headers given verbatim (fetch will not send a forged Host). */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** What a client in another thread got while this thread was blocked. */
type Answers = Array<[path: string, status: number, body: string]>;

/**
 * Blocks this thread (the bot's: its event loop cannot run) until a client in another thread has
 * asked the admin listener for each of `requests` and had its answers — or 15 s went by. Returns
 * the answers, or undefined when they did not all come while this thread was blocked.
 */
async function whileBlocked(
  base: string,
  requests: ReadonlyArray<[path: string, headers: Record<string, string>]>,
): Promise<Answers | undefined> {
  const flags = new Int32Array(new SharedArrayBuffer(8));
  const client = new Worker(
    `const { workerData, parentPort } = require('node:worker_threads');
const flags = new Int32Array(workerData.flags);
(async () => {
  while (Atomics.load(flags, 0) !== 1) Atomics.wait(flags, 0, 0, 20);
  const out = [];
  for (const [path, headers] of workerData.requests) {
    const answer = await fetch(workerData.base + path, { headers });
    out.push([path, answer.status, await answer.text()]);
  }
  parentPort.postMessage(out);
  Atomics.store(flags, 1, 1);
  Atomics.notify(flags, 1);
})();`,
    { eval: true, workerData: { flags: flags.buffer, base, requests } },
  );
  const answers = once(client, 'message') as Promise<[Answers]>;
  await once(client, 'online');
  Atomics.store(flags, 0, 1);
  Atomics.notify(flags, 0);
  const deadline = Date.now() + 15_000;
  while (Atomics.load(flags, 1) === 0 && Date.now() < deadline) Atomics.wait(flags, 1, 0, 50);
  const answeredWhileBlocked = Atomics.load(flags, 1) === 1;
  const [got] = await answers;
  await client.terminate();
  return answeredWhileBlocked ? got : undefined;
}

describe('the admin listener in its own worker thread', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await Bot.start(
      { ...loadConfig({ BOT_ADMIN_TOKEN: TOKEN }), port: 0 },
      { logger: quiet, simulator: { timing: { stepMs: 5, autoAnswerMs: 5 } } },
    );
  }, 120_000);
  afterAll(() => bot?.close());
  const auth = { authorization: `Bearer ${TOKEN}` };

  it('serves health, status and one call from the bot; refuses without the token or with another Host', async () => {
    const url = bot.adminUrl as string;
    expect(bot.admin.mode).toBe('listener');
    const created = await bot.place((cb) =>
      peerToPeerCall({ callbackUri: cb, to: user('112f7296-5fa4-42ca-bae8-6a692b15d4b8'), media: serviceHosted() }),
    );
    await created.waitFor('established');
    expect(JSON.parse((await get(`${url}/health`, auth)).body)).toMatchObject({ status: 'ok', embedded: true, live: 1 });
    const page = JSON.parse((await get(`${url}/status`, auth)).body) as { calls: Array<{ id: string; state: string }> };
    expect(page.calls.map((c) => [c.id, c.state])).toEqual([[created.id, 'established']]);
    expect(JSON.parse((await get(`${url}/status/${created.id}`, auth)).body)).toMatchObject({ id: created.id, state: 'established' });
    const unknown = await get(`${url}/status/nobody`, auth);
    expect([unknown.status, JSON.parse(unknown.body).error.code]).toEqual([404, 'unknown-call']);
    const cursor = await get(`${url}/status?cursor=nonsense`, auth);
    expect([cursor.status, JSON.parse(cursor.body).error.code]).toEqual([400, 'bad-cursor']);
    const none = await get(`${url}/status`);
    expect([none.status, JSON.parse(none.body).error.code]).toEqual([401, 'missing-token']);
    const host = await get(`${url}/health`, { ...auth, host: 'evil.example' });
    expect([host.status, JSON.parse(host.body).error.code]).toEqual([421, 'host-not-allowed']);
    await created.hangUp();
  });

  it('streams the console’s live events from the bot’s timelines', async () => {
    const url = bot.adminUrl as string;
    const controller = new AbortController();
    const stream = await fetch(`${url}/console/events`, { headers: auth, signal: controller.signal });
    expect([stream.status, stream.headers.get('content-type')]).toEqual([200, 'text/event-stream; charset=utf-8']);
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    const created = await bot.place((cb) =>
      peerToPeerCall({ callbackUri: cb, to: user('112f7296-5fa4-42ca-bae8-6a692b15d4b8'), media: serviceHosted() }),
    );
    let text = '';
    while (!text.includes(`"callId":"${created.id}"`) || !text.includes('"label":"established"')) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the event stream ended; it said ${text}`);
      text += Buffer.from(value).toString('utf8');
    }
    controller.abort();
    // The worker's copy of the timeline is what the console draws.
    const timeline = JSON.parse((await get(`${url}/console/calls/${created.id}/timeline`, auth)).body) as {
      entries: Array<{ label: string }>;
    };
    expect(timeline.entries.map((e) => e.label)).toContain('established');
    await created.hangUp();
  });

  it('answers while the bot’s thread is blocked: liveness, refusals and the console need nothing from it', async () => {
    const url = bot.adminUrl as string;
    const created = await bot.place((cb) =>
      peerToPeerCall({ callbackUri: cb, to: user('112f7296-5fa4-42ca-bae8-6a692b15d4b8'), media: serviceHosted() }),
    );
    await created.waitFor('established');
    await created.hangUp();
    const timeline = `/console/calls/${created.id}/timeline`;
    // Once the worker's copy of the timeline has the call's end:
    await eventually(async () => expect((await get(`${url}${timeline}`, auth)).body).toContain('"label":"terminated"'), 10_000);
    const answers = await whileBlocked(url, [
      ['/livez', {}],
      ['/health', {}],
      ['/console', auth],
      [timeline, auth],
    ]);
    expect(answers?.map(([path, status]) => [path, status])).toEqual([
      ['/livez', 200],
      ['/health', 401],
      ['/console', 200],
      [timeline, 200],
    ]);
    expect(answers?.[3]?.[2]).toContain('"label":"terminated"');
  });

  it('closing the bot ends the worker', async () => {
    const other = await Bot.start({ ...loadConfig({}), port: 0 }, { logger: quiet });
    const admin = other.admin as Extract<AdminPlace, { mode: 'listener' }>;
    const ended = once(admin.worker, 'exit');
    await other.close();
    await ended;
    await expect(fetch(`${admin.url}/livez`)).rejects.toThrow();
  });
});

describe('the channel between the admin worker and the bot’s thread', () => {
  /** A source that counts its reads and answers when `release` is called. */
  function slowSource() {
    const reads = { health: 0, statusPage: 0 };
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const source: AdminSource = {
      console: { timelines: new CallTimelines(), instanceId: () => 'test' },
      async health() {
        reads.health += 1;
        await released;
        return { status: 'ok' };
      },
      async statusPage() {
        reads.statusPage += 1;
        await released;
        return { calls: [] };
      },
      callStatus: () => Promise.resolve(undefined),
    };
    return { source, reads, release: () => release() };
  }

  it('twenty clients asking at once cost the bot’s thread one read (a few at most when the worker stalls)', async () => {
    const { source, reads, release } = slowSource();
    const admin = await startAdmin({ mode: 'listener', host: '127.0.0.1', port: 0, allowedHosts: [] }, 0, source, { instanceId: 'test' });
    try {
      const url = (admin as Extract<AdminPlace, { mode: 'listener' }>).url;
      const answers = Promise.all(Array.from({ length: 20 }, () => get(`${url}/status`)));
      const healths = Promise.all(Array.from({ length: 20 }, () => get(`${url}/health`)));
      // Every request is in (the status ones wait for the first read) before the bot's thread answers.
      await eventually(() => reads.statusPage > 0 && reads.health > 0, 10_000);
      release();
      expect((await answers).map((a) => [a.status, a.body])).toEqual(Array.from({ length: 20 }, () => [200, '{"calls":[]}']));
      expect((await healths).every((a) => a.status === 200)).toBe(true);
      // One read serves every request under way and those of the next 250 ms: only a worker stalled that
      // long between two of these requests would read again.
      expect(reads.statusPage).toBeLessThanOrEqual(3);
    } finally {
      await admin.close();
    }
  });

  it('a read the bot’s thread does not answer in time is a typed 503, not a hang', async () => {
    const { source, release } = slowSource();
    const admin = await startAdmin({ mode: 'listener', host: '127.0.0.1', port: 0, allowedHosts: [] }, 0, source, {
      instanceId: 'test',
      timeoutMs: 100,
    });
    try {
      const url = (admin as Extract<AdminPlace, { mode: 'listener' }>).url;
      const answer = await get(`${url}/health`);
      expect([answer.status, JSON.parse(answer.body)]).toEqual([
        503,
        { error: { code: 'no-answer', message: 'the bot did not answer health within 100 ms; try again' } },
      ]);
    } finally {
      release();
      await admin.close();
    }
  });

  it('a port in use is the ListenError of the admin settings', async () => {
    const { source } = slowSource();
    const first = await startAdmin({ mode: 'listener', host: '127.0.0.1', port: 0, allowedHosts: [] }, 0, source, { instanceId: 'test' });
    try {
      const port = Number(new URL((first as Extract<AdminPlace, { mode: 'listener' }>).url).port);
      await expect(
        startAdmin({ mode: 'listener', host: '127.0.0.1', port, allowedHosts: [] }, 0, source, { instanceId: 'test' }),
      ).rejects.toThrow(`port ${port} on 127.0.0.1 is already in use: choose another with --admin-port <n> or BOT_ADMIN_PORT=<n>`);
    } finally {
      await first.close();
    }
  });
});
