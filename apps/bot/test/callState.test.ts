import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { peerToPeerCall, serviceHosted, user } from '@graph-calling/builders';
import { handleSignals } from '@graph-calling/app';
import { eventually } from '@graph-calling/test-support/eventually';
import { Bot, createLogger, loadConfig, type BotStartOptions } from '../src';

jest.setTimeout(60_000);

const john = user('112f7296-5fa4-42ca-bae8-6a692b15d4b8');
const fast = { timing: { stepMs: 5, autoAnswerMs: 5 } };

/** A logger whose JSON lines the test can read. */
function capturedLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines };
}

async function startBot(options: Partial<BotStartOptions> = {}) {
  const { logger, lines } = capturedLogger();
  const bot = await Bot.start({ ...loadConfig({}), port: 0 }, { logger, simulator: fast, ...options });
  return { bot, lines, simulator: bot.simulator as NonNullable<Bot['simulator']> };
}

async function placeEstablished(bot: Bot, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const created = await bot.place((cb) => peerToPeerCall({ callbackUri: cb, to: john, media: serviceHosted() }));
    await created.waitFor('established', { timeoutMs: 20_000 });
    ids.push(created.id);
  }
  return ids;
}

describe('shutdown never abandons a call', () => {
  it('a second SIGTERM while the throttled hang-ups are under way still finishes them', async () => {
    const { bot, simulator, lines } = await startBot();
    const ids = await placeEstablished(bot, 3);
    simulator.control.setFaults({ requests: { throttlePercent: 100, retryAfterSeconds: 1 } });
    const signals = new EventEmitter();
    const stopped = new Promise<void>((resolve) => handleSignals(bot, { onClosed: () => resolve(), emitter: signals }));
    const simulatorStopped = simulator.control;
    const refusedBefore = simulatorStopped.requestsRefused();
    signals.emit('SIGTERM');
    // The second signal comes while the hang-ups are under way: Graph has refused one of them already.
    await eventually(() => simulatorStopped.requestsRefused() > refusedBefore, 10_000);
    signals.emit('SIGTERM');
    await eventually(() => lines.some((l) => l['msg'] === 'hurrying the close: finishing the hang-ups under way, then stopping'), 10_000);
    // Graph stops throttling within the shortened grace period, once a hang-up has been refused after the hurry.
    const refusedAtHurry = simulatorStopped.requestsRefused();
    await eventually(() => simulatorStopped.requestsRefused() > refusedAtHurry, 4_000);
    simulatorStopped.setFaults({});
    await stopped;
    const report = await bot.close();
    expect(report.leftUp).toEqual([]);
    expect([...report.hungUp].sort()).toEqual([...ids].sort());
    for (const id of ids) expect(simulatorStopped.call(id)?.state).toBe('terminated');
    expect(lines.some((l) => l['msg'] === 'hurrying the close: finishing the hang-ups under way, then stopping')).toBe(true);
  });

  it('logs every call it could not hang up within the grace period at error level, with its id', async () => {
    const { bot, simulator, lines } = await startBot({ shutdownGraceMs: 400 });
    const ids = await placeEstablished(bot, 2);
    simulator.control.setFaults({ requests: { throttlePercent: 100, retryAfterSeconds: 1 } });
    const control = simulator.control;
    const report = await bot.close();
    expect([...report.leftUp].sort()).toEqual([...ids].sort());
    const errors = lines.filter((l) => l['level'] === 50).map((l) => l['callId']);
    expect([...errors].sort()).toEqual([...ids].sort());
    for (const id of ids) expect(control.call(id)?.state).toBe('established');
  });
});

describe('the bot tracks the truth', () => {
  it('records a call as terminated when its keep-alive answers 404, even though the end was never notified', async () => {
    const { bot, simulator } = await startBot({ keepAliveMs: 100, reconcileSilenceMs: 3_600_000 });
    try {
      const [id] = await placeEstablished(bot, 1);
      simulator.control.setFaults({ notifications: { dropPercent: 100 } });
      simulator.control.hangup(id as string);
      const record = await bot.call(id as string).ended({ timeoutMs: 20_000 });
      expect(record).toMatchObject({ terminationInferred: true, resultInfo: { code: 404 } });
      expect((await bot.status()).find((c) => c.id === id)?.state).toBe('terminated');
      const health = (await (await fetch(`${bot.adminUrl}/health`)).json()) as Record<string, unknown>;
      expect(health).toMatchObject({ live: 0, terminated: 1, reconciled: 1 });
    } finally {
      simulator.control.setFaults({});
      await bot.close();
    }
  });

  it('reports live, terminated, reconciled and refused callbacks on /health', async () => {
    const { bot } = await startBot();
    try {
      const [first] = await placeEstablished(bot, 2);
      await bot.call(first as string).hangUp();
      await bot.call(first as string).ended({ timeoutMs: 20_000 });
      const refused = await fetch(bot.callbackUri, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ value: [] }),
      });
      expect(refused.status).toBe(401);
      const health = (await (await fetch(`${bot.adminUrl}/health`)).json()) as Record<string, unknown>;
      expect(health).toMatchObject({ status: 'ok', calls: 2, live: 1, terminated: 1, reconciled: 0, refusedCallbacks: 1 });
    } finally {
      await bot.close();
    }
  });
});
