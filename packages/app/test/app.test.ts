import { createCallingApp, type CallingApp } from '@graph-calling/app';
import { peerToPeerCall, serviceHosted, user } from '@graph-calling/builders';
import { createSimulator, type Simulator } from '@graph-calling/simulator';
import { CallEndedError, WaitTimeoutError } from '@graph-calling/app';
import { eventually } from '@graph-calling/test-support/eventually';
import { requestLog, simulatorSettings } from './simulatorSettings';

let simulator: Simulator;
let app: CallingApp;
const log = requestLog();
const john = user('112f7296-5fa4-42ca-bae8-6a692b15d4b8', 'John');
const place = () => app.place((callbackUri) => peerToPeerCall({ callbackUri, to: john, media: serviceHosted() }), { until: 'established' });

beforeAll(async () => {
  simulator = await createSimulator({ timing: { stepMs: 5, autoAnswerMs: 5, promptMs: 20 } });
  app = await createCallingApp({ ...simulatorSettings(simulator, [log.middleware]), waitTimeoutMs: 10_000 });
  await app.listen();
});
afterAll(async () => {
  await app.close({ graceMs: 5000 });
  await simulator.close();
});
afterEach(() => simulator.control.setFaults({}));

describe('event order', () => {
  it('delivers one call’s events in order, one at a time, while other calls run on', async () => {
    const received = new Map<string, string[]>();
    const handled = new Map<string, string[]>();
    const push = (map: Map<string, string[]>, id: string, what: string) => map.set(id, [...(map.get(id) ?? []), what]);
    let blocked: string | undefined;
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const offReceiver = app.receiver.on('*', (event) => void push(received, event.callId, event.type));
    // Two handlers per event: the slow one holds back the call's next event, never another call's.
    const offSlow = app.on('*', async (event) => {
      push(handled, event.callId, `start ${event.type}`);
      if (blocked === undefined) {
        blocked = event.callId;
        await gate;
      }
      push(handled, event.callId, `end ${event.type}`);
    });
    const offFast = app.on('*', (event) => void push(handled, event.callId, `fast ${event.type}`));
    try {
      const first = await place();
      expect(blocked).toBe(first.id);
      // While the first call's first event is held, its later events wait; a second call runs through.
      const second = await place();
      await eventually(() => (handled.get(second.id) ?? []).includes('end call.established'));
      expect(handled.get(first.id)).toEqual([`start ${received.get(first.id)?.[0]}`, `fast ${received.get(first.id)?.[0]}`]);
      open();
      await app.idle();
      // Every handler of an event ran before either handler of the next one started.
      const expected = (received.get(first.id) ?? []).flatMap((type) => [`start ${type}`, `fast ${type}`, `end ${type}`]);
      const seen = handled.get(first.id) ?? [];
      expect(seen).toHaveLength(expected.length);
      // Within one event the two handlers interleave; the events themselves never do, and keep the receiver's order.
      for (let i = 0; i < seen.length; i += 3) expect(seen.slice(i, i + 3).sort()).toEqual(expected.slice(i, i + 3).sort());
      await Promise.all([first.hangUp(), second.hangUp()]);
      await Promise.all([first.ended(), second.ended()]);
    } finally {
      open();
      offReceiver();
      offSlow();
      offFast();
    }
  });
});

describe('waits', () => {
  it('see what the store already has: notifications that beat the HTTP answer', async () => {
    // Every answer of the simulator comes 300 ms after it acted: the notifications arrive first.
    simulator.control.setFaults({ requests: { slowMs: 300 } });
    const call = await place();
    expect(await call.state()).toBe('established');
    await expect(call.waitFor('established', { timeoutMs: 50 })).resolves.toMatchObject({ state: 'established' });
    await expect(call.waitFor('establishing', { timeoutMs: 50 })).resolves.toMatchObject({ state: 'established' });
    const played = await call.playPrompt({ prompts: [{ uri: 'https://cdn.contoso.com/a.wav' }] });
    expect(played).toMatchObject({
      operationType: 'playPromptOperation',
      completionReason: 'completedSuccessfully',
      resultInfo: { code: 200 },
    });
    simulator.control.setFaults({});
    await call.hangUp();
    await call.ended();
  });

  it('time out with a typed error that says what was awaited, and stop at the call’s end', async () => {
    const call = await place();
    const error: unknown = await call.next('tone.received', { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError).message).toBe(
      `expected tone.received on call ${call.id} within 100 ms, found none (the call is established); with several instances, check that they share one store and one event feed`,
    );
    const key = call.next('tone.received');
    simulator.control.hangup(call.id);
    await expect(key).rejects.toBeInstanceOf(CallEndedError);
    await expect(key).rejects.toThrow(`call ${call.id} ended before tone.received`);
    await expect(call.waitFor('established')).rejects.toBeInstanceOf(CallEndedError);
    const aborted = new AbortController();
    aborted.abort(new Error('gave up'));
    await expect(app.call('never-seen').waitFor('established', { signal: aborted.signal })).rejects.toThrow('gave up');
  });
});

describe('hang-up', () => {
  it('is idempotent: a call already ended, or unknown to Graph, is no error', async () => {
    const call = await place();
    await call.hangUp();
    await call.ended();
    const before = log.lines.length;
    await call.hangUp();
    expect(log.lines.slice(before)).toEqual([]);
    // Graph forgot a call the store still thinks is live: the 404 ends it in the store.
    const other = await place();
    simulator.control.hangup(other.id);
    await app.store.update(other.id, (record) => {
      if (record === undefined) throw new Error('expected a record');
      const { terminatedAt: _ended, ...live } = record;
      return { record: { ...live, state: 'established' }, result: undefined };
    });
    await other.hangUp();
    expect(await other.state()).toBe('terminated');
  });
});

describe('close', () => {
  it('hangs up the live calls it owns (never one that already ended), waits for their end, then refuses new calls', async () => {
    const own = requestLog();
    const closing = await createCallingApp({ ...simulatorSettings(simulator, [own.middleware]) });
    await closing.listen();
    const placeHere = () =>
      closing.place((callbackUri) => peerToPeerCall({ callbackUri, to: john, media: serviceHosted() }), { until: 'established' });
    const [live, over] = await Promise.all([placeHere(), placeHere()]);
    simulator.control.hangup(over.id);
    await over.ended();
    const report = await closing.close({ graceMs: 5000 });
    expect(report).toEqual({ mode: 'hangup', hungUp: [live.id], handedOver: [], leftUp: [], unproven: [], notHeld: [], others: [] });
    expect(own.lines.filter((line) => line.startsWith('DELETE'))).toEqual([`DELETE /v1.0/communications/calls/${live.id}`]);
    expect(simulator.control.call(live.id)?.state).toBe('terminated');
    await expect(placeHere()).rejects.toThrow('expected a running app for placing a call, found it closing or closed');
    // Closing again returns the same report; disposing closes too.
    await expect(closing.close()).resolves.toBe(report);
    await closing[Symbol.asyncDispose]();
  });

  it('claims an incoming call before answering it, and gives the claim up when the answer fails', async () => {
    const ownedAtAnswer: boolean[] = [];
    const answering: { app?: CallingApp } = {};
    const answerer = await createCallingApp({
      ...simulatorSettings(simulator, [
        async (request, next) => {
          const match = /\/calls\/([^/]+)\/answer$/.exec(new URL(request.url).pathname);
          if (request.method === 'POST' && match?.[1] !== undefined) ownedAtAnswer.push(answering.app?.ownership.owns(match[1]) ?? false);
          return next(request);
        },
      ]),
    });
    answering.app = answerer;
    await answerer.listen();
    try {
      const rung = simulator.actions.ring({ callbackUri: answerer.callbackUri, from: { phone: { id: '+14255550100' } } });
      await answerer.call(rung.id).answer();
      expect(ownedAtAnswer).toEqual([true]);
      expect(answerer.ownership.owns(rung.id)).toBe(true);
      // A call that is no longer ringing cannot be answered: the claim made for it is given up.
      const gone = simulator.actions.ring({ callbackUri: answerer.callbackUri, from: { phone: { id: '+14255550101' } } });
      simulator.control.hangup(gone.id);
      await expect(answerer.call(gone.id).answer()).rejects.toThrow();
      expect(ownedAtAnswer).toEqual([true, true]);
      expect(answerer.ownership.owns(gone.id)).toBe(false);
      simulator.control.hangup(rung.id);
    } finally {
      await answerer.close({ graceMs: 5000 });
    }
  });

  it('after Graph accepted the DELETE, waits for `terminated` only briefly, not the whole grace period', async () => {
    const closing = await createCallingApp({ ...simulatorSettings(simulator), reconcile: false });
    await closing.listen();
    const live = await closing.place((callbackUri) => peerToPeerCall({ callbackUri, to: john, media: serviceHosted() }), {
      until: 'established',
    });
    // No notification reaches the app any more: `terminated` never arrives. A grace beyond the test's timeout.
    simulator.control.setFaults({ notifications: { dropPercent: 100 } });
    const report = await closing.close({ graceMs: 120_000 });
    expect(report).toMatchObject({ mode: 'hangup', hungUp: [live.id], leftUp: [] });
    expect(simulator.control.call(live.id)?.state).toBe('terminated');
  });

  it('no longer answers incoming calls once closing', async () => {
    const closing = await createCallingApp({ ...simulatorSettings(simulator) });
    await closing.listen();
    const answered: string[] = [];
    closing.onIncoming(async (call) => {
      answered.push(call.id);
      await call.answer();
    });
    const first = simulator.actions.ring({ callbackUri: closing.callbackUri, from: { phone: { id: '+14255550100' } } });
    await closing.call(first.id).waitFor('established');
    const closed = closing.close({ graceMs: 5000, onShutdown: 'handover' });
    await expect(closed).resolves.toMatchObject({ mode: 'handover', handedOver: [first.id] });
    expect(answered).toEqual([first.id]);
    simulator.control.hangup(first.id);
  });
});
