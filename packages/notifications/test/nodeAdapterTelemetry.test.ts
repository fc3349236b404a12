import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { MeterProvider, MetricReader, type SumMetricData } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { createCallbackReceiver, createNodeCallbackHandler, createTokenVerifier, MemoryCallStore } from '@graph-calling/notifications';
import { APP_ID, TENANT, startIssuer, type Issuer } from '@graph-calling/test-support/issuer';
import { eventually } from '@graph-calling/test-support/eventually';

/** Reads the metrics when asked (the SDK's pull reader with no exporter behind it). */
class PullReader extends MetricReader {
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

const CALL = '2f1a1100-b174-40a0-aba7-0b405e01ed92';
const established = {
  value: [
    {
      changeType: 'updated',
      resourceUrl: `/communications/calls/${CALL}`,
      resourceData: { '@odata.type': '#microsoft.graph.call', state: 'established' },
    },
  ],
};

const exporter = new InMemorySpanExporter();
const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
const reader = new PullReader();
const meterProvider = new MeterProvider({ readers: [reader] });
let issuer: Issuer;
let server: Server;
let url: string;
let store: MemoryCallStore;
/** The active span's id in each handler run (the callback span when the context flows into dispatch). */
const handlerParents: string[] = [];

beforeAll(async () => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  issuer = await startIssuer();
  store = new MemoryCallStore();
  const receiver = createCallbackReceiver({
    verifier: createTokenVerifier({ appIds: APP_ID, openIdConfigurationUrl: issuer.openIdConfigurationUrl, allowedTenants: [TENANT] }),
    store,
  });
  receiver.on('call.established', () => {
    // The active span in the handler is the callback's (the context flows into dispatch).
    handlerParents.push(trace.getActiveSpan()?.spanContext().spanId ?? 'none');
  });
  server = createServer(createNodeCallbackHandler(receiver, { route: '/graph/callback' }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graph/callback`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await issuer.close();
  await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
  trace.disable();
  metrics.disable();
  context.disable();
});

const post = (body: string, headers: Record<string, string>) =>
  fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
const callbackSpans = () => exporter.getFinishedSpans().filter((s: ReadableSpan) => s.name === 'callback /graph/callback');

async function callbackCounts(): Promise<Array<{ attributes: Record<string, unknown>; value: number }>> {
  const { resourceMetrics } = await reader.collect();
  const metric = resourceMetrics.scopeMetrics
    .filter((s) => s.scope.name === '@graph-calling/notifications')
    .flatMap((s) => s.metrics)
    .find((m) => m.descriptor.name === 'graph_calling.callbacks') as SumMetricData | undefined;
  return (metric?.dataPoints ?? []).map((p) => ({ attributes: p.attributes, value: p.value }));
}

describe('the node:http callback handler, through the OpenTelemetry SDK', () => {
  it('gives an accepted callback the same span as the fastify plugin: phases, call id, status; handlers are its children', async () => {
    const response = await post(JSON.stringify(established), { authorization: `Bearer ${await issuer.sign()}` });
    expect(response.status).toBe(202);
    await eventually(() => callbackSpans().length === 1, 10_000);
    const [span] = callbackSpans() as [ReadableSpan];
    expect(span.kind).toBe(1); // SpanKind.SERVER
    expect(span.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/graph/callback',
      'http.response.status_code': 202,
      'graph.call_id': CALL,
    });
    expect(span.events.map((e) => e.name)).toEqual(['verified', 'parsed', 'stored', 'dispatched']);
    expect(span.events[1]?.attributes).toEqual({ notifications: 1, warnings: 0 });
    expect(store.get(CALL)?.state).toBe('established');
    expect(handlerParents).toEqual([span.spanContext().spanId]);
    expect(await callbackCounts()).toContainEqual({ attributes: { outcome: 'accepted', 'http.response.status_code': 202 }, value: 1 });
  });

  it('counts a refused callback by its code, and its span says why', async () => {
    exporter.reset();
    expect((await post(JSON.stringify(established), {})).status).toBe(401);
    expect((await post('{"value": [', { authorization: `Bearer ${await issuer.sign()}` })).status).toBe(400);
    expect((await fetch(url)).status).toBe(405);
    await eventually(() => callbackSpans().length === 3, 10_000);
    const refusals = callbackSpans().map((s) => [
      s.attributes['http.response.status_code'],
      s.attributes['graph.refusal_code'],
      s.status.code,
    ]);
    expect(refusals).toEqual([
      [401, expect.any(String), 2],
      [400, expect.any(String), 2],
      [405, 'method-not-allowed', 2],
    ]);
    const counts = await callbackCounts();
    for (const [status, code] of refusals)
      expect(counts).toContainEqual({
        attributes: { outcome: 'refused', 'http.response.status_code': status, 'graph.refusal_code': code },
        value: 1,
      });
  });
});
