import { peerToPeerCall, serviceHosted, user } from '@graph-calling/builders';
import { createSimulator, DEFAULT_APP, type Simulator } from '@graph-calling/simulator';
import { FaultInjector } from '../src/faults';
import { eventually, graph, graphToken, startCallbackServer } from './support';

const john = user('112f7296-5fa4-42ca-bae8-6a692b15d4b8', 'John');
let simulator: Simulator;
let callbacks: Awaited<ReturnType<typeof startCallbackServer>>;
let token: string;
beforeAll(async () => {
  simulator = await createSimulator({ timing: { stepMs: 5, autoAnswerMs: 10 }, callbackRetryDelayMs: 10 });
  callbacks = await startCallbackServer(simulator, DEFAULT_APP);
  token = await graphToken(simulator, DEFAULT_APP);
});
afterAll(async () => {
  await simulator.close();
  await callbacks.close();
});
afterEach(() => simulator.control.setFaults({}));
const create = () =>
  graph(simulator, token)(
    'POST',
    '/v1.0/communications/calls',
    peerToPeerCall({ callbackUri: callbacks.url, to: john, media: serviceHosted() }),
  );

describe('fault injection', () => {
  it('throttles with 429 and Retry-After in seconds, before acting', async () => {
    simulator.control.setFaults({ requests: { throttlePercent: 100, retryAfterSeconds: 7 } });
    const before = simulator.control.calls().length;
    const response = await create();
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(response.body?.['error']?.['code']).toBe('TooManyRequests');
    expect(simulator.control.calls()).toHaveLength(before);
  });

  it('answers 503 with Retry-After as an HTTP-date', async () => {
    simulator.control.setFaults({ requests: { unavailablePercent: 100, retryAfterSeconds: 30, retryAfterFormat: 'http-date' } });
    const response = await create();
    expect(response.status).toBe(503);
    const at = Date.parse(response.headers.get('retry-after') ?? '');
    expect(at).toBeGreaterThan(Date.now() + 20_000);
  });

  it('is deterministic under a seed: the same seed throttles the same requests', async () => {
    const pattern = async () => {
      simulator.control.setFaults({ seed: 42, requests: { throttlePercent: 50 } });
      const out: number[] = [];
      for (let i = 0; i < 12; i += 1) out.push((await graph(simulator, token)('GET', '/v1.0/communications/calls/none')).status);
      return out;
    };
    const first = await pattern();
    expect(first).toContain(429);
    expect(first).toContain(404);
    expect(await pattern()).toEqual(first);
  });

  it("draws each call's faults from its own stream: the same seed gives the same faults with concurrent calls", async () => {
    const fates = async () => {
      simulator.control.setFaults({ seed: 11, notifications: { dropPercent: 40, duplicatePercent: 40 } });
      // Distinct callback URLs name the calls, whatever order the simulator sees them in.
      const order = [5, 2, 0, 4, 1, 3];
      const ids = new Map<number, string>();
      await Promise.all(
        order.map(async (n) => {
          const request = peerToPeerCall({ callbackUri: `${callbacks.url}?fate=${n}`, to: john, media: serviceHosted() });
          ids.set(n, (await graph(simulator, token)('POST', '/v1.0/communications/calls', request)).body?.['id'] as string);
        }),
      );
      for (const id of ids.values()) await simulator.control.waitFor(id, (t) => t.state === 'established');
      await simulator.control.settled();
      return [0, 1, 2, 3, 4, 5].map((n) =>
        simulator.control
          .deliveries()
          .filter((d) => d.callId === ids.get(n))
          // The fates, not what each notification said: under load a state may already have moved on when it is sent.
          .map((d) => String(d.status))
          .sort()
          .join(', '),
      );
    };
    const first = await fates();
    expect(first.join(' | ')).toMatch(/dropped/);
    expect(await fates()).toEqual(first);
  });

  it('gives a call the same faults whatever port its callback server got, and other paths other faults', () => {
    const fates = (callbackUri: string) => {
      const injector = new FaultInjector({ seed: 11, notifications: { dropPercent: 50, duplicatePercent: 50 } });
      const stream = injector.streamFor(callbackUri);
      return Array.from({ length: 40 }, () => injector.forNotification(stream));
    };
    const first = fates('http://127.0.0.1:41234/callback?fate=1');
    expect(fates('http://127.0.0.1:50001/callback?fate=1')).toEqual(first);
    expect(fates('http://127.0.0.1/callback?fate=1')).toEqual(first);
    expect(fates('http://127.0.0.1:41234/callback?fate=2')).not.toEqual(first);
    expect(fates('http://localhost:41234/callback?fate=1')).not.toEqual(first);
  });

  it('keeps a bounded delivery log', async () => {
    const small = await createSimulator({ timing: { stepMs: 1, autoAnswerMs: 1 }, callbackAttempts: 1, deliveryLogSize: 4 });
    try {
      const server = await startCallbackServer(small, DEFAULT_APP);
      const smallToken = await graphToken(small, DEFAULT_APP);
      for (let i = 0; i < 3; i += 1) {
        const id = (
          await graph(small, smallToken)(
            'POST',
            '/v1.0/communications/calls',
            peerToPeerCall({ callbackUri: server.url, to: john, media: serviceHosted() }),
          )
        ).body?.['id'] as string;
        await small.control.waitFor(id, (t) => t.state === 'established');
      }
      await small.control.settled();
      // Six deliveries (establishing, established per call); the log keeps the latest four.
      const log = small.control.deliveries();
      expect(log).toHaveLength(4);
      expect(log[log.length - 1]?.at).toBeGreaterThanOrEqual(log[0]?.at ?? Infinity);
      await server.close();
    } finally {
      await small.close();
    }
  });

  it('slows responses down', async () => {
    simulator.control.setFaults({ requests: { slowMs: 150 } });
    // The wait the simulator schedules is the subject, not the wall clock (which a busy machine stretches).
    const timers = jest.spyOn(globalThis, 'setTimeout');
    try {
      await graph(simulator, token)('GET', '/v1.0/communications/calls/none');
      expect(timers).toHaveBeenCalledWith(expect.any(Function), 150);
    } finally {
      timers.mockRestore();
    }
  });

  it('drops notifications', async () => {
    simulator.control.setFaults({ notifications: { dropPercent: 100 } });
    const id = (await create()).body?.['id'] as string;
    await simulator.control.waitFor(id, (t) => t.state === 'established');
    await simulator.control.settled();
    expect(callbacks.types(id)).toEqual([]);
    expect(
      simulator.control
        .deliveries()
        .filter((d) => d.callId === id)
        .every((d) => d.status === 'dropped'),
    ).toBe(true);
  });

  it('duplicates notifications, and the receiver stays idempotent', async () => {
    simulator.control.setFaults({ notifications: { duplicatePercent: 100 } });
    const before = callbacks.received();
    const id = (await create()).body?.['id'] as string;
    await eventually(() => expect(callbacks.received() - before).toBe(4));
    // Processing runs after each 202: wait for it, then check that the copies changed nothing.
    await eventually(() => expect(callbacks.types(id)).toEqual(['state:establishing', 'state:established', 'call.established']));
    await simulator.control.settled();
    await new Promise((resolve) => setImmediate(resolve));
    expect(callbacks.types(id)).toEqual(['state:establishing', 'state:established', 'call.established']);
  });

  it('reorders notifications, and the receiver still ends in the true state', async () => {
    simulator.control.setFaults({ seed: 7, notifications: { reorderPercent: 100, delayMs: 40 } });
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) ids.push((await create()).body?.['id'] as string);
    await simulator.control.settled();
    for (const id of ids) await eventually(() => expect(callbacks.store.get(id)?.state).toBe(simulator.control.call(id)?.state));
  });

  it('delays notifications', async () => {
    simulator.control.setFaults({ notifications: { delayPercent: 100, delayMs: 150 } });
    // Each notification waits the configured 150 ms before it is sent: the scheduled wait is checked, not the clock.
    const timers = jest.spyOn(globalThis, 'setTimeout');
    try {
      const id = (await create()).body?.['id'] as string;
      await eventually(() => expect(callbacks.types(id)).toContain('call.established'));
      expect(timers).toHaveBeenCalledWith(expect.any(Function), 150);
    } finally {
      timers.mockRestore();
    }
  });

  it('retries a failing callback endpoint a bounded number of times', async () => {
    const flaky = await startCallbackServer(simulator, DEFAULT_APP, { failFirst: 2 });
    const down = await startCallbackServer(simulator, DEFAULT_APP, { failFirst: 1000 });
    try {
      const ok = (
        await graph(simulator, token)(
          'POST',
          '/v1.0/communications/calls',
          peerToPeerCall({ callbackUri: flaky.url, to: john, media: serviceHosted() }),
        )
      ).body?.['id'] as string;
      await eventually(() => expect(flaky.types(ok)).toContain('call.established'));
      const lost = (
        await graph(simulator, token)(
          'POST',
          '/v1.0/communications/calls',
          peerToPeerCall({ callbackUri: down.url, to: john, media: serviceHosted() }),
        )
      ).body?.['id'] as string;
      await simulator.control.waitFor(lost, (t) => t.state === 'established');
      await simulator.control.settled();
      const attempts = simulator.control.deliveries().filter((d) => d.callId === lost);
      // Two notifications (establishing, established), each tried exactly three times.
      expect(attempts.map((d) => d.attempt).sort()).toEqual([1, 1, 2, 2, 3, 3]);
      expect(attempts.every((d) => d.status === 500)).toBe(true);
    } finally {
      await flaky.close();
      await down.close();
    }
  });
});

describe('control API over HTTP', () => {
  it('lists calls, answers, joins, mutes, admits, hangs up and sets faults under /_sim', async () => {
    const sim = await createSimulator({ timing: { stepMs: 5, autoAnswerMs: false } });
    const cb = await startCallbackServer(sim, DEFAULT_APP);
    try {
      const id = (
        await graph(sim, await graphToken(sim, DEFAULT_APP))(
          'POST',
          '/v1.0/communications/calls',
          peerToPeerCall({ callbackUri: cb.url, to: john, media: serviceHosted() }),
        )
      ).body?.['id'] as string;
      const control = graph(sim, undefined);
      expect((await control('GET', '/_sim/calls')).body?.['value']).toEqual([expect.objectContaining({ id, state: 'establishing' })]);
      expect((await control('POST', `/_sim/calls/${id}/answer`)).body).toMatchObject({ id, state: 'established' });
      const joined = await control('POST', `/_sim/calls/${id}/participants`, {
        identity: { user: { id: '0d7664b6-6432-43ed-8d27-d9e7adec188c' } },
      });
      expect(joined.status).toBe(201);
      const pid = joined.body?.['id'] as string;
      expect((await control('POST', `/_sim/calls/${id}/participants/${pid}/mute`, {})).body?.['participants']).toContainEqual(
        expect.objectContaining({ id: pid, isMuted: true }),
      );
      expect((await control('DELETE', `/_sim/calls/${id}/participants/${pid}`)).body?.['participants']).toHaveLength(2);
      expect((await control('PUT', '/_sim/faults', { seed: 3, requests: { throttlePercent: 10 } })).body).toEqual({
        seed: 3,
        requests: { throttlePercent: 10 },
      });
      await control('PUT', '/_sim/faults', {});
      expect((await control('POST', `/_sim/calls/${id}/hangup`)).body).toMatchObject({
        state: 'terminated',
        resultInfo: { subcode: 18503 },
      });
      expect((await control('POST', `/_sim/calls/${id}/answer`)).status).toBe(404);
      expect((await control('POST', `/_sim/calls/nope/admit`)).status).toBe(404);
      // Deliveries are logged once they have been tried: wait for those still under way.
      await sim.control.settled();
      expect((await control('GET', '/_sim/deliveries')).body?.['value'].length).toBeGreaterThan(0);
    } finally {
      await sim.close();
      await cb.close();
    }
  });
});
