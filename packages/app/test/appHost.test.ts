import { randomUUID } from 'node:crypto';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCallingApp, type Call, type CallingApp } from '@graph-calling/app';
import { peerToPeerCall, serviceHosted, user } from '@graph-calling/builders';
import { MemoryCallStore } from '@graph-calling/notifications';
import { createSimulator, type Simulator } from '@graph-calling/simulator';
import type { Middleware } from '@graph-calling/transport';
import { eventually } from '@graph-calling/test-support/eventually';
import { requestLog, simulatorSettings } from './simulatorSettings';

let simulator: Simulator;
const john = user('112f7296-5fa4-42ca-bae8-6a692b15d4b8', 'John');
const opened: Array<{ close(): Promise<unknown> }> = [];

/** Records the `scenario-id` header of every `POST /communications/calls`. */
function scenarioLog(): { readonly sent: string[]; readonly middleware: Middleware } {
  const sent: string[] = [];
  return {
    sent,
    middleware: async (request, next) => {
      if (request.method === 'POST' && new URL(request.url).pathname === '/v1.0/communications/calls')
        sent.push(request.headers['scenario-id'] ?? '(none)');
      return next(request);
    },
  };
}

/** A host server that mounts the app's handler and listens on port 0 after the app was created (as a bot's fastify server). */
async function hostServer(app: CallingApp): Promise<{ readonly url: string; readonly server: Server }> {
  const server = createServer(app.nodeHandler());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  opened.push({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

beforeAll(async () => {
  simulator = await createSimulator({ timing: { stepMs: 5, autoAnswerMs: 5, promptMs: 20 } });
});
afterAll(async () => {
  for (const part of opened.reverse()) await part.close();
  await simulator.close();
});

async function appWith(options: Partial<Parameters<typeof createCallingApp>[0]>, middleware: Middleware[] = []): Promise<CallingApp> {
  const app = await createCallingApp({ ...simulatorSettings(simulator, middleware), waitTimeoutMs: 10_000, ...options });
  opened.push({ close: () => app.close({ graceMs: 5000 }) });
  return app;
}

describe('a callback URL known only once the host server listens', () => {
  it('reads a `publicUrl` function on every use', async () => {
    const hostUrls: string[] = [];
    const app = await appWith({ publicUrl: () => hostUrls[0] ?? '' });
    expect(() => app.callbackUri).toThrow('callbackUri: set `publicUrl`, or call `listen()` first');
    const host = await hostServer(app);
    hostUrls.push(`${host.url}/`);
    expect(app.callbackUri).toBe(`${host.url}/callback`);
    // The call's notifications reach the app through the host server.
    const call = await app.place((callbackUri) => peerToPeerCall({ callbackUri, to: john, media: serviceHosted() }), {
      until: 'established',
    });
    expect(simulator.control.call(call.id)?.state).toBe('established');
    await call.hangUp();
    await call.ended();
  });

  it('takes the URL later through `setPublicUrl`, which wins over the `listen` address', async () => {
    const app = await appWith({});
    expect(() => app.callbackUri).toThrow('callbackUri: set `publicUrl`, or call `listen()` first');
    const host = await hostServer(app);
    app.setPublicUrl(host.url);
    expect(app.callbackUri).toBe(`${host.url}/callback`);
    const own = await app.listen();
    expect(own).not.toBe(host.url);
    expect(app.callbackUri).toBe(`${host.url}/callback`);
    app.setPublicUrl(() => 'https://bot.example.com');
    expect(app.callbackUri).toBe('https://bot.example.com/callback');
  });
});

describe('the scenario id of a placed call', () => {
  it('is sent as given, kept on the call and in its record; a generated one is kept too', async () => {
    const log = scenarioLog();
    const app = await appWith({}, [log.middleware]);
    await app.listen();
    const scenarioId = randomUUID();
    const request = (callbackUri: string) => peerToPeerCall({ callbackUri, to: john, media: serviceHosted() });
    const given = await app.place(request, { scenarioId, until: 'established' });
    const generated = await app.place(request, { until: 'established' });
    expect(log.sent).toHaveLength(2);
    expect(log.sent[0]).toBe(scenarioId);
    expect(given.scenarioId).toBe(scenarioId);
    expect(generated.scenarioId).toBe(log.sent[1]);
    expect(generated.scenarioId).not.toBe(scenarioId);
    expect((await given.snapshot())?.app).toMatchObject({ direction: 'outgoing', scenarioId });
    expect((await generated.snapshot())?.app).toMatchObject({ direction: 'outgoing', scenarioId: log.sent[1] });
    await Promise.all([given.hangUp(), generated.hangUp()]);
    await Promise.all([given.ended(), generated.ended()]);
  });
});

describe('take-over of a call still ringing', () => {
  it('runs the take-over hook for a call in state `incoming`: the new owner answers it', async () => {
    const store = new MemoryCallStore();
    // The first instance receives `call.incoming`, then dies before answering (it never sweeps again).
    const dying = await appWith({ store, ownership: { sweepMs: 3_600_000 } });
    await dying.listen();
    const ringing = simulator.actions.ring({ callbackUri: dying.callbackUri, from: { phone: { id: '+14255550100' } } });
    await eventually(() => store.get(ringing.id)?.state === 'incoming');
    await dying.close({ graceMs: 5000, onShutdown: 'handover' });

    const takenOver: Array<{ id: string; direction: string; state: unknown }> = [];
    let answered: Promise<unknown> | undefined;
    let listening: (url: string) => void = () => undefined;
    const listened = new Promise<string>((resolve) => (listening = resolve));
    const successor = await appWith({
      store,
      ownership: { adoptAfterMs: 0 },
      // Registered before the first sweep, which adopts the ringing call.
      onTakeover: async (call: Call) => {
        takenOver.push({ id: call.id, direction: call.direction, state: await call.state() });
        // A bot resumes its flows once its server listens (the callback URL is known then).
        await listened;
        answered = call.answer();
        await answered;
      },
    });
    listening(await successor.listen());
    await eventually(() => takenOver.length === 1 && answered !== undefined);
    expect(takenOver).toEqual([{ id: ringing.id, direction: 'incoming', state: 'incoming' }]);
    await answered;
    await successor.call(ringing.id).waitFor('established');
    expect(simulator.control.call(ringing.id)?.state).toBe('established');
    expect(successor.ownership.owns(ringing.id)).toBe(true);
    simulator.control.hangup(ringing.id);
    await successor.call(ringing.id).ended();
  });
});

describe('counts for a health route', () => {
  it('tell owned calls, calls kept alive, keep-alives sent at once on adoption and other instances', async () => {
    const store = new MemoryCallStore();
    // One public URL in front of both instances (a load balancer): callbacks reach whichever serves now.
    let serving: RequestListener = (_request, response) => void response.writeHead(503).end();
    const front = createServer((request, response) => serving(request, response));
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', () => resolve()));
    opened.push({ close: () => new Promise<void>((resolve) => front.close(() => resolve())) });
    const publicUrl = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;

    const first = await appWith({ store, publicUrl, ownership: { sweepMs: 3_600_000 } });
    serving = first.nodeHandler();
    expect(first.counts()).toEqual({ owned: 0, keptAlive: 0, adoptedKeepAlives: 0, others: 0 });
    const call = await first.place((callbackUri) => peerToPeerCall({ callbackUri, to: john, media: serviceHosted() }), {
      until: 'established',
    });
    expect(first.counts()).toEqual({ owned: 1, keptAlive: 1, adoptedKeepAlives: 0, others: 0 });
    await first.close({ graceMs: 5000, onShutdown: 'handover' });

    // Another instance adopts the established call: its first keep-alive goes out at once.
    const log = requestLog();
    const successor = await appWith({ store, publicUrl, ownership: { adoptAfterMs: 0 } }, [log.middleware]);
    serving = successor.nodeHandler();
    expect(successor.counts()).toEqual({ owned: 1, keptAlive: 1, adoptedKeepAlives: 1, others: 0 });
    await eventually(() => log.lines.includes(`POST /v1.0/communications/calls/${call.id}/keepAlive`));
    await successor.call(call.id).hangUp();
    await successor.call(call.id).ended();
    await eventually(async () => {
      await successor.ownership.sweep();
      return successor.counts().owned === 0;
    });
    expect(successor.counts()).toEqual({ owned: 0, keptAlive: 0, adoptedKeepAlives: 1, others: 0 });
  });
});
