import type { Call, Participant } from '@graph-calling/models';
import { emptyRecord, type CallRecord } from './CallRecord';
import { MemoryCallStore } from './CallStore';
import { createCallbackReceiver, type EventContext } from './createCallbackReceiver';
import { createReconciler, INFERRED_END, type ReconcileClient } from './createReconciler';
import type { VerifiedCaller } from './createTokenVerifier';
import type { CallbackEvent } from './events';
import { errorMessage } from '@graph-calling/models';

const CALL = 'c0ffee00-0000-4000-8000-000000000001';
const caller: VerifiedCaller = { tenantId: 't', appId: 'a', issuer: 'https://api.botframework.com', claims: {} };
const unusedVerifier = { verify: () => Promise.reject(new Error('this test hands parsed bodies to the receiver')) };

/** Graph's side, as the reconciler sees it through the structural client interface. */
class FakeGraph implements ReconcileClient {
  readonly truth = new Map<string, { call: Call; participants: Participant[] }>();
  requests = 0;
  failure: { status: number; retryAfterMs?: number } | undefined;
  /** When set, every answer waits for this promise (to let a notification race the reconciler). */
  gate: Promise<void> | undefined;
  readonly calls = {
    get: async (id: string, options?: { signal?: AbortSignal }): Promise<Call> => (await this.answer(id, options?.signal)).call,
    participants: {
      list: async (id: string, options?: { signal?: AbortSignal }): Promise<readonly Participant[]> =>
        (await this.answer(id, options?.signal)).participants,
    },
  };

  private async answer(id: string, signal: AbortSignal | undefined) {
    this.requests += 1;
    if (this.gate) {
      const aborted = new Promise<never>((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason as Error)));
      await Promise.race([this.gate, aborted]);
    }
    if (this.failure) throw Object.assign(new Error(`HTTP ${this.failure.status}`), this.failure);
    const truth = this.truth.get(id);
    if (!truth) throw Object.assign(new Error('ItemNotFound'), { status: 404 });
    return truth;
  }
}

const notification = (resource: string, data: unknown, etag?: number) => ({
  value: [
    {
      changeType: 'updated',
      resourceUrl: `/communications/calls/${CALL}${resource}`,
      ...(etag !== undefined ? { '@odata.etag': `W/"${etag}"` } : {}),
      resourceData: data,
    },
  ],
});
const person = (id: string, extra: Partial<Participant> = {}): Participant => ({ id, isMuted: false, isInLobby: false, ...extra });

function setup(options: { silenceMs?: number; minIntervalMs?: number; maxPerSecond?: number; maxConcurrent?: number } = {}) {
  let clock = 1_000_000;
  const graph = new FakeGraph();
  const store = new MemoryCallStore();
  const receiver = createCallbackReceiver({
    verifier: unusedVerifier,
    store,
    now: () => clock,
    reconcile: { client: graph, scanEveryMs: 0, minIntervalMs: 0, maxPerSecond: 1000, ...options },
  });
  const seen: Array<{ event: CallbackEvent; context: EventContext }> = [];
  receiver.on('*', (event, context) => void seen.push({ event, context }));
  const deliver = (body: unknown) => receiver.parse(caller, body).process();
  return {
    graph,
    store,
    receiver,
    seen,
    deliver,
    reconciler: receiver.reconciler as NonNullable<typeof receiver.reconciler>,
    advance: (ms: number) => (clock += ms),
  };
}

describe('reconciler', () => {
  it('repairs a record that missed notifications, through the same reducer and handlers', async () => {
    const t = setup();
    await t.deliver(notification('', { '@odata.type': '#microsoft.graph.call', state: 'establishing' }, 1));
    t.graph.truth.set(CALL, {
      call: { id: CALL, state: 'established' },
      participants: [person('bot'), person('alice', { isMuted: true })],
    });
    const outcome = await t.reconciler.reconcile(CALL);
    expect(outcome.status).toBe('repaired');
    expect(t.store.get(CALL)).toMatchObject({ state: 'established', reconciliations: 1 });
    expect(Object.keys(t.store.get(CALL)?.participants ?? {}).sort()).toEqual(['alice', 'bot']);
    const reconciled = t.seen.filter((s) => s.context.source === 'reconciler').map((s) => s.event.type);
    expect(reconciled).toEqual(['call.stateChanged', 'call.established', 'participant.joined', 'participant.joined', 'roster.updated']);
    // Asked again, Graph agrees with the record: nothing to emit.
    expect((await t.reconciler.reconcile(CALL)).status).toBe('unchanged');
    await t.receiver.close();
  });

  it('records a 404 as terminated with an inferred resultInfo, and never makes the call live again', async () => {
    const t = setup();
    await t.deliver(notification('', { '@odata.type': '#microsoft.graph.call', state: 'establishing' }, 1));
    const outcome = await t.reconciler.reconcile(CALL);
    expect(outcome.status).toBe('terminated');
    const ended = t.seen.find((s) => s.event.type === 'call.terminated');
    expect(ended?.event).toMatchObject({ inferred: true, resultInfo: { code: 404, inferred: true } });
    expect(ended?.context.source).toBe('reconciler');
    expect(t.store.get(CALL)).toMatchObject({ state: 'terminated', terminationInferred: true, resultInfo: INFERRED_END });
    t.graph.truth.set(CALL, { call: { id: CALL, state: 'established' }, participants: [] });
    expect((await t.reconciler.reconcile(CALL)).status).toBe('final');
    await t.deliver(notification('', { '@odata.type': '#microsoft.graph.call', state: 'established' }, 9));
    expect(t.store.get(CALL)?.state).toBe('terminated');
    expect(t.graph.requests).toBe(2);
    await t.receiver.close();
  });

  it('takes a 404 seen elsewhere (keep-alive) as the end of the call without asking Graph', async () => {
    const t = setup();
    await t.deliver(notification('', { '@odata.type': '#microsoft.graph.call', state: 'establishing' }, 1));
    expect((await t.reconciler.callGone(CALL)).status).toBe('terminated');
    expect(t.graph.requests).toBe(0);
    expect(t.reconciler.stats).toMatchObject({ reconciled: 1, inferredTerminations: 1 });
    await t.receiver.close();
  });

  it('runs by itself when a notification shows a gap (an etag jump)', async () => {
    const t = setup();
    t.graph.truth.set(CALL, { call: { id: CALL, state: 'hold' }, participants: [person('bot')] });
    await t.deliver(notification('', { '@odata.type': '#microsoft.graph.call', state: 'establishing' }, 1));
    await t.deliver(notification('', { '@odata.type': '#microsoft.graph.call', state: 'established' }, 4));
    await t.reconciler.idle();
    expect(t.store.get(CALL)).toMatchObject({ state: 'hold', reconciliations: 1 });
    expect(t.store.get(CALL)?.gap).toBeUndefined();
    await t.receiver.close();
  });

  it('runs when a live call has been silent longer than the interval', async () => {
    const t = setup({ silenceMs: 30_000 });
    t.graph.truth.set(CALL, { call: { id: CALL, state: 'established' }, participants: [person('bot')] });
    await t.deliver(notification('', { '@odata.type': '#microsoft.graph.call', state: 'establishing' }, 1));
    t.advance(29_000);
    await t.reconciler.scan();
    await t.reconciler.idle();
    expect(t.graph.requests).toBe(0);
    t.advance(2_000);
    await t.reconciler.scan();
    await t.reconciler.idle();
    expect(t.graph.requests).toBe(2);
    expect(t.store.get(CALL)?.state).toBe('established');
    // Graph keeps agreeing: the call is checked after 30 s, then 60 s, then 120 s of quiet.
    const checksAfter = async (ms: number) => {
      const before = t.graph.requests;
      t.advance(ms);
      await t.reconciler.scan();
      await t.reconciler.idle();
      return (t.graph.requests - before) / 2;
    };
    expect(await checksAfter(30_000)).toBe(1);
    expect(await checksAfter(30_000)).toBe(0);
    expect(await checksAfter(30_000)).toBe(1);
    expect(await checksAfter(90_000)).toBe(0);
    expect(await checksAfter(30_000)).toBe(1);
    // A notification resets it.
    t.advance(1);
    await t.deliver(notification('', { '@odata.type': '#microsoft.graph.call', state: 'hold' }, 2));
    t.graph.truth.set(CALL, { call: { id: CALL, state: 'hold' }, participants: [person('bot')] });
    expect(await checksAfter(30_000)).toBe(1);
    await t.receiver.close();
  });

  it('adopts a created call: nothing is written at once, and one whose notifications were all lost still converges', async () => {
    const t = setup({ silenceMs: 1_000 });
    const events: string[] = [];
    t.receiver.on('*', (event) => void events.push(event.type));
    await t.reconciler.adopt(CALL, { id: CALL, state: 'establishing' });
    expect(t.store.get(CALL)).toBeUndefined();
    // Its own notifications stay its first events.
    await t.deliver(notification('', { '@odata.type': '#microsoft.graph.call', state: 'establishing' }, 1));
    expect(events).toEqual(['call.stateChanged']);
    // Another call hears nothing at all, and Graph no longer knows it: it is recorded as ended.
    const lost = 'c0ffee00-0000-4000-8000-00000000dead';
    await t.reconciler.adopt(lost);
    t.advance(1_000);
    await t.reconciler.scan();
    await t.reconciler.idle();
    expect(t.store.get(lost)).toMatchObject({ state: 'terminated', terminationInferred: true });
    await t.receiver.close();
  });

  it('records an adopted call from the create answer when Graph cannot be asked', async () => {
    const t = setup({ silenceMs: 1_000 });
    t.graph.failure = { status: 500 };
    await t.reconciler.adopt(CALL, { id: CALL, state: 'establishing' });
    t.advance(1_000);
    await t.reconciler.scan();
    await t.reconciler.idle();
    expect(t.store.get(CALL)?.state).toBe('establishing');
    expect(t.reconciler.stats.failures).toBe(1);
    await t.receiver.close();
  });

  it('is rate-limited per call and in total', async () => {
    const t = setup({ minIntervalMs: 10_000, maxPerSecond: 2, maxConcurrent: 8 });
    const ids = ['1', '2', '3', '4', '5'].map((n) => `call-${n}`);
    for (const id of ids) {
      t.graph.truth.set(id, { call: { id, state: 'established' }, participants: [] });
      t.store.update(id, () => ({ record: { ...emptyRecord(id, 0), state: 'establishing' }, result: undefined }));
    }
    for (const id of ids) t.reconciler.request(id, 'silence');
    // The clock stands still: a budget of two per second lets two start (each asks two things).
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(t.graph.requests).toBe(4);
    expect(t.reconciler.stats.queued).toBe(3);
    // Asking again for a call reconciled moments ago is dropped.
    t.reconciler.request('call-1', 'gap');
    expect(t.reconciler.stats.queued).toBe(3);
    await t.receiver.close();
  });

  it('backs off everything for the Retry-After of a throttled answer', async () => {
    const t = setup();
    await t.reconciler.adopt(CALL, { id: CALL, state: 'establishing' });
    t.graph.failure = { status: 429, retryAfterMs: 30_000 };
    expect((await t.reconciler.reconcile(CALL)).status).toBe('failed');
    expect(t.reconciler.stats.pausedUntil).toBe(1_000_000 + 30_000);
    t.graph.failure = undefined;
    t.reconciler.request(CALL, 'gap');
    await new Promise((resolve) => setImmediate(resolve));
    expect(t.reconciler.stats.queued).toBe(1);
    expect(t.graph.requests).toBe(2);
    await t.receiver.close();
  });

  it('does not overwrite a notification that arrived while Graph was being asked', async () => {
    const t = setup();
    await t.deliver(notification('/participants', [person('bot', { rosterSequenceNumber: 1 })]));
    let open!: () => void;
    t.graph.gate = new Promise((resolve) => (open = resolve));
    t.graph.truth.set(CALL, { call: { id: CALL, state: 'established' }, participants: [person('bot')] });
    const pending = t.reconciler.reconcile(CALL);
    await new Promise((resolve) => setImmediate(resolve));
    await t.deliver(notification('/participants', [person('bot', { rosterSequenceNumber: 2 }), person('carol')]));
    t.graph.gate = undefined;
    // Graph's (older) answer would drop carol; the reconciler sees the record moved, asks again and gets the newer truth.
    t.graph.truth.set(CALL, { call: { id: CALL, state: 'established' }, participants: [person('bot'), person('carol')] });
    open();
    await pending;
    expect(Object.keys(t.store.get(CALL)?.participants ?? {}).sort()).toEqual(['bot', 'carol']);
    await t.receiver.close();
  });

  it('stops without waiting for Graph: requests under way are aborted', async () => {
    const t = setup();
    t.graph.gate = new Promise(() => undefined);
    const pending = t.reconciler.reconcile(CALL);
    await new Promise((resolve) => setImmediate(resolve));
    await t.receiver.close();
    expect((await pending).status).toBe('failed');
    // A stop is not a failure of Graph's: nothing is counted or reported.
    expect(t.reconciler.stats.failures).toBe(0);
  });

  it('reports a store that fails and goes on with the next call', async () => {
    const store = new MemoryCallStore();
    const graph = new FakeGraph();
    const errors: string[] = [];
    const failing = Object.assign(Object.create(store) as MemoryCallStore, {
      update: (callId: string, change: Parameters<MemoryCallStore['update']>[1]) => {
        if (callId === 'broken') throw new Error('store unreachable');
        return store.update(callId, change);
      },
    });
    const reconciler = createReconciler({
      store: failing,
      client: graph,
      scanEveryMs: 0,
      maxConcurrent: 1,
      emit: () => undefined,
      onError: (error, { callId }) => void errors.push(`${callId ?? '?'}: ${errorMessage(error)}`),
    });
    graph.truth.set('broken', { call: { id: 'broken', state: 'established' }, participants: [] });
    graph.truth.set(CALL, { call: { id: CALL, state: 'established' }, participants: [] });
    const [broken, fine] = await Promise.all([reconciler.reconcile('broken'), reconciler.reconcile(CALL)]);
    expect(broken.status).toBe('failed');
    expect(fine.status).toBe('repaired');
    expect(errors).toEqual(['broken: store unreachable']);
    await reconciler.close();
  });

  it('works on its own with any store and emit function', async () => {
    const store = new MemoryCallStore();
    const graph = new FakeGraph();
    const emitted: string[] = [];
    const reconciler = createReconciler({
      store,
      client: graph,
      scanEveryMs: 0,
      emit: (events) => void emitted.push(...events.map((e) => e.type)),
    });
    graph.truth.set(CALL, { call: { id: CALL, state: 'established' }, participants: [person('bot')] });
    const outcome = await reconciler.reconcile(CALL);
    expect(outcome.status).toBe('repaired');
    expect(emitted).toContain('call.established');
    expect((store.get(CALL) as CallRecord).reconciliations).toBe(1);
    await reconciler.close();
  });
});
