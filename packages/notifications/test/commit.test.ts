import { trace, TraceFlags, type Span, type SpanContext, type SpanOptions, type TracerProvider } from '@opentelemetry/api';
import Fastify from 'fastify';
import {
  createCallbackReceiver,
  MemoryCallStore,
  type CallbackEvent,
  type CallRecord,
  type CallStore,
  type CallStoreChange,
  type CallStoreUpdate,
  type CommittedCallback,
} from '@graph-calling/notifications';
import { graphCallbacks } from '@graph-calling/notifications/fastify';
import { APP_ID, startIssuer, TENANT, type Issuer } from '@graph-calling/test-support/issuer';
import { createTokenVerifier } from '@graph-calling/notifications';
import { eventually } from '@graph-calling/test-support/eventually';

const CALL = '2f1a1100-b174-40a0-aba7-0b405e01ed92';
const OTHER = '6a2e0c4b-1f33-4f5e-9a1d-0b8d2c7e4f10';
const stateOf = (callId: string, state: string) => ({
  changeType: 'updated',
  resourceUrl: `/communications/calls/${callId}`,
  resourceData: { '@odata.type': '#microsoft.graph.call', state },
});
const body = (...value: Array<ReturnType<typeof stateOf>>) => ({ '@odata.type': '#microsoft.graph.commsNotifications', value });
const caller = { tenantId: TENANT, appId: APP_ID, issuer: 'https://api.botframework.com', claims: {} };

/** A store answering with promises (as a shared store does), over a memory store; `failOn` makes one call's writes fail. */
class AsyncStore implements CallStore {
  readonly inner = new MemoryCallStore();
  failOn: string | undefined;
  async get(callId: string): Promise<CallRecord | undefined> {
    return Promise.resolve(this.inner.get(callId));
  }
  async update<T, R extends CallRecord | undefined = CallRecord>(
    callId: string,
    change: (before: CallRecord | undefined) => CallStoreChange<T, R>,
  ): Promise<CallStoreUpdate<T, R>> {
    await new Promise((resolve) => setImmediate(resolve));
    if (callId === this.failOn) throw new Error(`store down for ${callId}`);
    return this.inner.update(callId, change);
  }
  async delete(callId: string): Promise<boolean> {
    return Promise.resolve(this.inner.delete(callId));
  }
  async list(): Promise<readonly CallRecord[]> {
    return Promise.resolve(this.inner.list());
  }
}

/** A memory store whose writes of one call throw synchronously. */
class ThrowingStore extends MemoryCallStore {
  failOn: string | undefined;
  override update<T, R extends CallRecord | undefined = CallRecord>(
    callId: string,
    change: (before: CallRecord | undefined) => CallStoreChange<T, R>,
  ): CallStoreUpdate<T, R> {
    if (callId === this.failOn) throw new Error(`store down for ${callId}`);
    return super.update(callId, change);
  }
}

const isPromise = (value: unknown): value is Promise<unknown> => value instanceof Promise;
const types = (events: readonly CallbackEvent[]) => events.map((e) => `${e.type} ${e.callId}`);

describe('commitNow', () => {
  const verifier = { verify: () => Promise.resolve(caller) };

  it('answers synchronously with the memory store, with the same outcome as commit()', async () => {
    const receiver = createCallbackReceiver({ verifier });
    const committed = receiver.parse(caller, body(stateOf(CALL, 'establishing'), stateOf(OTHER, 'establishing'))).commitNow?.();
    expect(committed).toBeDefined();
    expect(isPromise(committed)).toBe(false);
    const now = committed as CommittedCallback;
    expect(now.complete).toBe(true);
    expect(now.idle).toBe(false);
    expect(types(now.events)).toEqual([`call.stateChanged ${CALL}`, `call.stateChanged ${OTHER}`]);
    const viaCommit = await createCallbackReceiver({ verifier })
      .parse(caller, body(stateOf(CALL, 'establishing'), stateOf(OTHER, 'establishing')))
      .commit();
    expect(types(viaCommit.events)).toEqual(types(now.events));
    // A repeat changes nothing: nothing is left to dispatch.
    const repeat = receiver.parse(caller, body(stateOf(CALL, 'establishing'))).commitNow?.() as CommittedCallback;
    expect(repeat.events).toEqual([]);
    expect(repeat.idle).toBe(true);
  });

  it('runs the handlers only on dispatch', async () => {
    const receiver = createCallbackReceiver({ verifier });
    const seen: string[] = [];
    receiver.on('call.stateChanged', (event) => void seen.push(event.state));
    const committed = receiver.parse(caller, body(stateOf(CALL, 'establishing'))).commitNow?.() as CommittedCallback;
    expect(seen).toEqual([]);
    await committed.dispatch();
    expect(seen).toEqual(['establishing']);
  });

  it('answers with a promise when the store does, and stores in order', async () => {
    const store = new AsyncStore();
    const receiver = createCallbackReceiver({ verifier, store });
    const first = receiver.parse(caller, body(stateOf(CALL, 'establishing'), stateOf(OTHER, 'establishing'))).commitNow?.();
    const second = receiver.parse(caller, body(stateOf(CALL, 'established'))).commitNow?.();
    expect(isPromise(first)).toBe(true);
    expect(isPromise(second)).toBe(true);
    const [a, b] = await Promise.all([first, second]);
    expect(types(a?.events ?? [])).toEqual([`call.stateChanged ${CALL}`, `call.stateChanged ${OTHER}`]);
    expect(types(b?.events ?? [])).toEqual([`call.stateChanged ${CALL}`, `call.established ${CALL}`]);
    expect(store.inner.get(CALL)?.state).toBe('established');
  });

  it.each([
    ['a store whose promise rejects', () => new AsyncStore()],
    ['a store that throws synchronously', () => new ThrowingStore()],
  ])('stops at the first notification %s fails on, and says why', async (_name, make) => {
    const store = make();
    store.failOn = OTHER;
    const errors: unknown[] = [];
    const receiver = createCallbackReceiver({ verifier, store, onError: (error) => errors.push(error) });
    const committed = await receiver
      .parse(caller, body(stateOf(CALL, 'establishing'), stateOf(OTHER, 'establishing'), stateOf(CALL, 'established')))
      .commitNow?.();
    expect(committed?.complete).toBe(false);
    expect(String(committed?.failure)).toBe(`Error: store down for ${OTHER}`);
    expect(errors).toEqual([committed?.failure]);
    // Stored up to the failure, nothing after it.
    expect(types(committed?.events ?? [])).toEqual([`call.stateChanged ${CALL}`]);
    expect(await store.get(CALL)).toMatchObject({ state: 'establishing' });
    expect(await store.get(OTHER)).toBeUndefined();
  });
});

describe('graphCallbacks with a store that fails', () => {
  let issuer: Issuer;
  beforeAll(async () => {
    issuer = await startIssuer();
  });
  afterAll(() => issuer.close());

  it.each([
    ['asynchronously', () => new AsyncStore()],
    ['synchronously', () => new ThrowingStore()],
  ])('answers 503 with Retry-After when the store fails %s, 202 once it is back', async (_name, make) => {
    const store = make();
    store.failOn = CALL;
    const receiver = createCallbackReceiver({
      verifier: createTokenVerifier({ appIds: APP_ID, openIdConfigurationUrl: issuer.openIdConfigurationUrl }),
      store,
      onError: () => undefined,
    });
    const app = Fastify();
    await app.register(graphCallbacks, { receiver });
    const url = `${(await app.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1')}/callback`;
    try {
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${await issuer.sign()}` };
      const payload = JSON.stringify(body(stateOf(CALL, 'establishing')));
      const refused = await fetch(url, { method: 'POST', headers, body: payload });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(await refused.json()).toMatchObject({ error: { code: 'store-unavailable' } });
      store.failOn = undefined;
      const accepted = await fetch(url, { method: 'POST', headers, body: payload });
      expect(accepted.status).toBe(202);
      expect(await accepted.text()).toBe('');
      expect(await store.get(CALL)).toMatchObject({ state: 'establishing' });
    } finally {
      await app.close();
    }
  });
});

describe('graphCallbacks tracing', () => {
  let issuer: Issuer;
  beforeAll(async () => {
    issuer = await startIssuer();
  });
  afterAll(async () => {
    trace.disable();
    await issuer.close();
  });

  it('traces nothing while no SDK is installed, and every callback once one is, without a restart', async () => {
    const receiver = createCallbackReceiver({
      verifier: createTokenVerifier({ appIds: APP_ID, openIdConfigurationUrl: issuer.openIdConfigurationUrl }),
    });
    const app = Fastify();
    await app.register(graphCallbacks, { receiver });
    const url = `${(await app.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1')}/callback`;
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${await issuer.sign()}` };
    const post = (state: string) => fetch(url, { method: 'POST', headers, body: JSON.stringify(body(stateOf(CALL, state))) });
    // A provider as an SDK registers one (only the API's interfaces): it records what each span is told.
    const spans: Array<{ name: string; events: string[]; attributes: Record<string, unknown>; ended: boolean }> = [];
    const provider: TracerProvider = {
      getTracer: () => ({
        startSpan(name: string, options?: SpanOptions): Span {
          const record = { name, events: [] as string[], attributes: { ...options?.attributes } as Record<string, unknown>, ended: false };
          spans.push(record);
          const context: SpanContext = {
            traceId: '0af7651916cd43dd8448eb211c80319c',
            spanId: 'b7ad6b7169203331',
            traceFlags: TraceFlags.SAMPLED,
          };
          const span: Span = {
            spanContext: () => context,
            setAttribute: (key, value) => ((record.attributes[key] = value), span),
            setAttributes: (attributes) => (Object.assign(record.attributes, attributes), span),
            addEvent: (event) => (record.events.push(event), span),
            addLink: () => span,
            addLinks: () => span,
            setStatus: () => span,
            updateName: () => span,
            end: () => void (record.ended = true),
            isRecording: () => !record.ended,
            recordException: () => undefined,
          };
          return span;
        },
        startActiveSpan: () => {
          throw new Error('not used by the callback route');
        },
      }),
    };
    try {
      expect((await post('establishing')).status).toBe(202);
      expect(spans).toEqual([]);
      trace.setGlobalTracerProvider(provider);
      expect((await post('established')).status).toBe(202);
      await eventually(() => expect(spans.map((s) => s.ended)).toEqual([true]));
      expect(spans[0]).toMatchObject({
        name: 'callback /callback',
        events: ['verified', 'parsed', 'stored', 'dispatched'],
        attributes: { 'http.route': '/callback', 'graph.call_id': CALL, 'http.response.status_code': 202 },
      });
    } finally {
      trace.disable();
      await app.close();
    }
  });
});
