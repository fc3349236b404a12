import { peerToPeerCall, serviceHosted, user } from '@graph-calling/builders';
import { createSimulator, DEFAULT_APP, END_REASONS, type Simulator } from '@graph-calling/simulator';
import { connectRedis, RedisCallLeases } from '@graph-calling/store-redis';
import type { CallsClient } from '@graph-calling/transport';
import { simulatorClient } from './simulatorClient';
import type { Redis } from 'ioredis';
import { Bot, ConfigError, createLogger, loadConfig, type BotConfig } from '../src';
import { shownInstance } from '../src/admin/redact';
import { botEnvironment, startBotProcess, tempDir, type BotProcess } from '@graph-calling/test-support/botProcess';
import { eventually as waitFor } from '@graph-calling/test-support/eventually';
import { startRedis, type TestRedis } from '@graph-calling/test-support/redisServer';

const quiet = createLogger({ level: (process.env['BOT_TEST_LOG'] as 'warn' | undefined) ?? 'silent' });
const LEASE_MS = 600;
// Long enough for A to adopt the calls the test places (a record is left to its creator for 2 s) and keep them alive.
const KEEP_ALIVE_WINDOW_MS = 5000;

describe('the Redis configuration', () => {
  it('takes --redis over BOT_REDIS_URL, and memory without either', () => {
    expect(loadConfig({}).redisUrl).toBeUndefined();
    expect(loadConfig({ BOT_REDIS_URL: 'redis://127.0.0.1:6379' }).redisUrl).toBe('redis://127.0.0.1:6379');
    expect(loadConfig({ BOT_REDIS_URL: 'redis://a:1' }, { redis: 'rediss://b:2' }).redisUrl).toBe('rediss://b:2');
  });

  it('says what it expected for a bad URL, shutdown mode or lease', () => {
    expect(() => loadConfig({ BOT_REDIS_URL: 'localhost:6379' })).toThrow(
      new ConfigError('BOT_REDIS_URL / --redis: expected a redis:// or rediss:// URL, found "localhost:6379"'),
    );
    expect(() => loadConfig({ BOT_ON_SHUTDOWN: 'leave' })).toThrow(
      new ConfigError('BOT_ON_SHUTDOWN: expected handover or hangup, found "leave"'),
    );
    expect(() => loadConfig({ BOT_LEASE_MS: '5s' })).toThrow(
      new ConfigError('BOT_LEASE_MS: expected milliseconds from 100 to 3600000, found "5s"'),
    );
  });
});

describe('three bot instances sharing Redis behind a balancer', () => {
  let redis: TestRedis;
  let simulator: Simulator;
  let dir: ReturnType<typeof tempDir>;
  let client: CallsClient;
  let inspect: Redis;
  let leases: RedisCallLeases;
  const processes: BotProcess[] = [];
  const bots: Bot[] = [];

  beforeAll(async () => {
    [redis, simulator] = await Promise.all([
      startRedis(),
      createSimulator({ timing: { stepMs: 5, autoAnswerMs: 5, keepAliveWindowMs: KEEP_ALIVE_WINDOW_MS }, callbackRetryDelayMs: 20 }),
    ]);
    dir = tempDir('graph-calling-bots-');
    inspect = await connectRedis(redis.url);
    leases = new RedisCallLeases({ redis: inspect, instanceId: 'test-observer' });
    client = simulatorClient(simulator);
  }, 30_000);
  afterAll(async () => {
    for (const p of processes) await p.kill();
    for (const bot of bots) await bot.close();
    await inspect.quit();
    await simulator.close();
    await redis.close();
    dir.remove();
  });

  const environment = () => ({
    ...botEnvironment(simulator, DEFAULT_APP, dir.path),
    BOT_REDIS_URL: redis.url,
    BOT_LEASE_MS: String(LEASE_MS),
    BOT_KEEP_ALIVE_MS: String(Math.floor(KEEP_ALIVE_WINDOW_MS / 4)),
  });
  const config = (): BotConfig => {
    const { publicUrl: _ignored, ...loaded } = loadConfig(environment());
    return { ...loaded, port: 0 };
  };
  /** Follows a console's event stream: the entries received so far, until closed. */
  function followEvents(url: string): { opened: Promise<void>; entries: Array<Record<string, unknown>>; close: () => void } {
    const controller = new AbortController();
    const entries: Array<Record<string, unknown>> = [];
    const opened = fetch(url, { signal: controller.signal }).then((response) => {
      const reader = (response.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();
      let buffered = '';
      const pump = async () => {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffered += value;
          const lines = buffered.split('\n');
          buffered = lines.pop() ?? '';
          for (const line of lines) if (line.startsWith('data: ')) entries.push(JSON.parse(line.slice(6)) as Record<string, unknown>);
        }
      };
      pump().catch(() => undefined);
    });
    return { opened, entries, close: () => controller.abort() };
  }
  const owners = (ids: readonly string[]) => Promise.all(ids.map((id) => leases.owner(id)));
  /** The shared condition waiter, failing with what did not happen. */
  async function eventually(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
    await waitFor(check, timeoutMs).catch(() => {
      throw new Error(`${what} within ${timeoutMs} ms`);
    });
  }

  it('takes a SIGKILLed instance’s calls over, keeps them alive, then hands over and finally hangs up', async () => {
    // Instance A, a process of its own, is the only one alive when the calls are placed: it adopts them all.
    const a = await startBotProcess(environment());
    processes.push(a);
    simulator.control.setFaults({ seed: 11, loadBalance: { callbackTargets: [`${a.url}/callback`] } });
    const ids: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const created = await client.calls.create(
        peerToPeerCall({
          callbackUri: `${a.url}/callback`,
          to: user(`00000000-0000-4000-8000-00000000000${i}`, `Target ${i}`),
          media: serviceHosted(),
        }),
      );
      ids.push(created.id);
    }
    await eventually(async () => (await owners(ids)).every((o) => o === a.instance), 10_000, 'A did not own every call');
    await eventually(
      () => Promise.resolve(ids.every((id) => simulator.control.call(id)?.state === 'established')),
      10_000,
      'calls not established',
    );

    const b = await Bot.start(config(), { logger: quiet });
    const c = await Bot.start(config(), { logger: quiet });
    bots.push(b, c);
    simulator.control.setFaults({ seed: 11, loadBalance: { callbackTargets: [a, b, c].map((i) => `${i.url}/callback`) } });

    // Both survivors' consoles follow every call live: the take-overs arrive over server-sent events.
    const streams = [b, c].map((bot) => followEvents(`${bot.adminUrl as string}/console/events`));
    await Promise.all(streams.map((stream) => stream.opened));
    await a.kill();
    const survivors = new Set([b.app.instanceId, c.app.instanceId]);
    await eventually(
      async () => (await owners(ids)).every((o) => o !== undefined && survivors.has(o)),
      LEASE_MS * 4,
      `the survivors did not take the calls over (owners: ${JSON.stringify(await owners(ids))})`,
    );
    // The first take-over of each call, and which survivor's console streamed it (a loaded machine may
    // let a survivor's own lease run out later, and the other survivor take the call again).
    const firstTakeover = (id: string) =>
      [b, c]
        .flatMap((bot, i) =>
          (streams[i]?.entries ?? []).filter((e) => e['kind'] === 'takeover' && e['callId'] === id).map((e) => ({ bot, entry: e })),
        )
        .sort((x, y) => Number(x.entry['at']) - Number(y.entry['at']))[0];
    await eventually(
      () => Promise.resolve(ids.every((id) => firstTakeover(id) !== undefined)),
      10_000,
      'the take-overs did not arrive live',
    );
    for (const stream of streams) stream.close();
    // The new owner's console draws the take-over on the call's timeline: from A (its host name hidden), because A died.
    for (const id of ids) {
      const { bot: owner, entry } = firstTakeover(id) as { bot: Bot; entry: Record<string, unknown> };
      const expected = {
        at: expect.any(Number),
        kind: 'takeover',
        label: `taken over from ${shownInstance(a.instance, false)} (owner dead)`,
        ids: { from: shownInstance(a.instance, false), to: shownInstance(owner.app.instanceId, false), why: 'owner-dead' },
        ok: true,
      };
      expect(entry).toEqual({ callId: id, ...expected });
      const { entries } = (await (await fetch(`${owner.adminUrl as string}/console/calls/${id}/timeline`)).json()) as {
        entries: Array<{ kind: string; label: string; ids?: Record<string, string> }>;
      };
      expect(entries.filter((e) => e.kind === 'takeover')[0]).toEqual(expected);
      expect(JSON.stringify(entries)).not.toContain(a.instance);
    }
    // Past the keep-alive window: the calls are still up, because their new owners keep them alive.
    await new Promise((resolve) => setTimeout(resolve, KEEP_ALIVE_WINDOW_MS * 1.5));
    for (const id of ids) expect(simulator.control.call(id)?.state).toBe('established');
    // Each call was taken over once (the new owner sent a keep-alive at once: the calls are still up).
    const health = async (bot: Bot) => (await (await fetch(`${bot.adminUrl as string}/health`)).json()) as { takenOver: number };
    expect((await health(b)).takenOver + (await health(c)).takenOver).toBe(ids.length);
    // /status on any instance shows every call, and which of them this instance keeps.
    const status = (await (await fetch(`${b.adminUrl}/status`)).json()) as { calls: Array<{ id: string; state: string; owner: boolean }> };
    expect(status.calls.filter((s) => ids.includes(s.id)).map((s) => s.state)).toEqual(ids.map(() => 'established'));

    // B stops gracefully while C is alive: it hands over (nothing is hung up) and C adopts at once.
    const handover = await b.close();
    expect(handover.mode).toBe('handover');
    expect(handover.hungUp).toEqual([]);
    await eventually(async () => (await owners(ids)).every((o) => o === c.app.instanceId), LEASE_MS * 2, 'C did not adopt');
    // C draws the take-over once it has read the lease's history, a moment after the lease is its own.
    let lastTakeover: { kind: string; label: string } | undefined;
    await eventually(
      async () => {
        const departed = (await (await fetch(`${c.adminUrl as string}/console/calls/${ids[0] as string}/timeline`)).json()) as {
          entries: Array<{ kind: string; label: string }>;
        };
        lastTakeover = departed.entries.filter((e) => e.kind === 'takeover').at(-1);
        return lastTakeover !== undefined;
      },
      10_000,
      "C's console did not draw the take-over",
    );
    // C took it from A when A died, or from B when B handed it over (or, on a loaded machine, when B's lease ran out first).
    expect([
      `taken over from ${shownInstance(a.instance, false)} (owner dead)`,
      `taken over from ${shownInstance(b.app.instanceId, false)} (owner departed)`,
      `taken over from ${shownInstance(b.app.instanceId, false)} (lease expired)`,
    ]).toContain(lastTakeover?.label);
    for (const id of ids) expect(simulator.control.call(id)?.state).toBe('established');

    // C is the last one: it hangs every call up.
    const last = await c.close();
    expect(last.mode).toBe('hangup');
    expect([...(last.hungUp ?? [])].sort()).toEqual([...ids].sort());
    expect(last.leftUp).toEqual([]);
    for (const id of ids) {
      expect(simulator.control.call(id)?.state).toBe('terminated');
      expect(simulator.control.call(id)?.resultInfo?.subcode).toBe(END_REASONS.endedByBot.subcode);
    }
  }, 90_000);
});
