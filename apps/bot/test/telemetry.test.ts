import { SpanKind } from '@opentelemetry/api';
import { eventually } from '@graph-calling/test-support/eventually';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { Bot, createLogger, installTelemetry, loadConfig, runTour } from '../src';

// Each test starts bots (the embedded simulator, the admin worker compiling its sources under jest): a loaded
// 2-core machine can take longer than the default 30 s. A guard against hangs, not an assertion on time.
jest.setTimeout(90_000);

const exporter = new InMemorySpanExporter();
const telemetry = installTelemetry({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }, {});

const startOf = (span: ReadableSpan) => span.startTime[0] * 1e9 + span.startTime[1];
const endOf = (span: ReadableSpan) => span.endTime[0] * 1e9 + span.endTime[1];

describe('a trace of the tour, through the OpenTelemetry SDK', () => {
  let bot: Bot;
  let results: Awaited<ReturnType<typeof runTour>>;
  beforeAll(async () => {
    bot = await Bot.start(
      { ...loadConfig({}), port: 0 },
      { logger: createLogger({ level: 'silent' }), telemetry, keepAliveMs: 60_000, simulator: { timing: { stepMs: 5, autoAnswerMs: 10 } } },
    );
    results = await runTour(bot);
  }, 120_000);
  afterAll(async () => {
    await bot.close();
    await telemetry.shutdown();
  });

  it('one IVR call: every Graph request in order, with its ids, and the notifications that answered them', () => {
    const ivr = results.find((r) => r.name.startsWith('IVR'));
    expect(ivr?.ok).toBe(true);
    const id = ivr?.callId as string;
    const spans = exporter
      .getFinishedSpans()
      .filter((s) => s.attributes['graph.call_id'] === id)
      .sort((a, b) => startOf(a) - startOf(b));
    const graph = spans.filter((s) => s.name.startsWith('graph '));
    expect(graph.map((s) => s.attributes['graph.action'])).toEqual([
      'answer',
      'subscribeToTone',
      'playPrompt',
      'recordResponse',
      'transfer',
    ]);
    for (const span of graph) {
      expect(span.attributes).toMatchObject({
        'http.request.method': 'POST',
        'graph.call_id': id,
        'graph.client_request_id': expect.stringMatching(/^[0-9a-f-]{36}$/),
        'graph.request_id': expect.any(String),
        'graph.retries': 0,
      });
      expect(span.attributes['http.response.status_code']).toBeLessThan(300);
    }
    // The client request ids are each request's own.
    expect(new Set(graph.map((s) => s.attributes['graph.client_request_id'])).size).toBe(graph.length);

    const callbacks = spans.filter((s) => s.name === 'callback /callback');
    expect(callbacks.length).toBeGreaterThanOrEqual(5);
    for (const span of callbacks) {
      expect(span.attributes['http.response.status_code']).toBe(202);
      expect(span.events.map((e) => e.name)).toEqual(['verified', 'parsed', 'stored', 'dispatched']);
    }
    // The steps the IVR waits on are answered by a notification before the next request goes out
    // (established after answer; the prompt's and the recording's completions).
    const byAction = new Map(graph.map((s) => [s.attributes['graph.action'], s]));
    for (const [step, next] of [
      ['answer', 'subscribeToTone'],
      ['playPrompt', 'recordResponse'],
      ['recordResponse', 'transfer'],
    ] as const) {
      const [before, after] = [byAction.get(step) as ReadableSpan, byAction.get(next) as ReadableSpan];
      const between = callbacks.filter((c) => startOf(c) >= endOf(before) && startOf(c) <= startOf(after));
      expect(between.length).toBeGreaterThan(0);
    }
    // The IVR's later requests run in the handlers of a callback: the callback span is their parent.
    const callbackIds = new Set(callbacks.map((c) => c.spanContext().spanId));
    expect(graph.some((s) => s.parentSpanContext !== undefined && callbackIds.has(s.parentSpanContext.spanId))).toBe(true);
    expect(graph.every((s) => endOf(s) >= startOf(s))).toBe(true);
    // The prompt and the recording as operation spans: from the request's answer to the completion notification.
    const operations = spans.filter((s) => s.name.startsWith('operation '));
    expect(operations.map((s) => [s.name, s.attributes['graph.completion_reason']])).toEqual([
      ['operation subscribeToTone', undefined],
      ['operation playPrompt', 'completedSuccessfully'],
      ['operation recordResponse', 'stopToneDetected'],
    ]);
    for (const operation of operations) {
      const request = graph.find((g) => g.spanContext().spanId === operation.parentSpanContext?.spanId);
      expect(request?.attributes['graph.operation_id']).toBe(operation.attributes['graph.operation_id']);
      expect(startOf(operation)).toBeGreaterThanOrEqual(endOf(request as ReadableSpan) - 1e6);
    }
  });

  it('a placed call: create carries the scenario id every later request of that call repeats', () => {
    const first = results[0];
    const spans = exporter.getFinishedSpans().filter((s) => s.name.startsWith('graph ') && s.attributes['graph.scenario_id'] !== undefined);
    const create = spans.find((s) => s.attributes['graph.action'] === 'create' && s.attributes['graph.scenario_id'] !== undefined);
    expect(create).toBeDefined();
    const deleteOfFirst = exporter
      .getFinishedSpans()
      .find((s) => s.attributes['graph.action'] === 'delete' && s.attributes['graph.call_id'] === first?.callId);
    expect(deleteOfFirst?.attributes['graph.scenario_id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('metrics: callbacks, Graph latency by action, calls by state, in the Prometheus exposition on the admin listener', async () => {
    const text = await (await fetch(`${bot.adminUrl as string}/metrics`)).text();
    expect(text).toMatch(/^graph_calling_callbacks_total\{outcome="accepted",http_response_status_code="202"[^}]*\} \d+/m);
    expect(text).toMatch(
      /^graph_calling_graph_request_duration_count\{graph_action="playPrompt",http_request_method="POST",http_response_status_code="200"[^}]*\} \d+/m,
    );
    expect(text).toMatch(/^graph_calling_calls\{state="terminated"[^}]*\} \d+/m);
    expect(text).toContain('# TYPE graph_calling_reconciliations_total counter');
  });

  // The public listener's come from @fastify/otel; the admin worker's are recorded by the bot's thread from its reports.
  const requestSpans = () =>
    exporter.getFinishedSpans().filter((s) => s.kind === SpanKind.SERVER && s.attributes['http.route'] !== undefined);

  it('HTTP server spans (@fastify/otel): every callback span is the child of its request’s server span', () => {
    const callbacks = exporter.getFinishedSpans().filter((s) => s.name === 'callback /callback');
    expect(callbacks.length).toBeGreaterThan(0);
    const servers = new Map(requestSpans().map((s) => [s.spanContext().spanId, s]));
    for (const callback of callbacks) {
      const parent = servers.get(callback.parentSpanContext?.spanId ?? '');
      expect(parent?.kind).toBe(SpanKind.SERVER);
      // One server span per request: the callback's own is internal under it.
      expect(callback.kind).toBe(SpanKind.INTERNAL);
      expect(parent?.spanContext().traceId).toBe(callback.spanContext().traceId);
      expect(parent?.attributes).toMatchObject({
        'http.request.method': 'POST',
        'http.route': '/callback',
        'http.response.status_code': 202,
      });
    }
  });

  it('HTTP server spans on the admin listener too; none for a console’s event stream', async () => {
    exporter.reset();
    // The admin worker reports what it answered once a second: requests of the test before may still come.
    const since = Date.now();
    const spansSince = () => requestSpans().filter((s) => s.startTime[0] * 1000 + s.startTime[1] / 1e6 >= since);
    const controller = new AbortController();
    const stream = await fetch(`${bot.adminUrl as string}/console/events`, { signal: controller.signal });
    expect(stream.status).toBe(200);
    controller.abort();
    expect((await fetch(`${bot.adminUrl as string}/health`)).status).toBe(200);
    await eventually(() => spansSince().length > 0, 10_000);
    expect(spansSince().map((s) => [s.kind, s.attributes['http.route'], s.attributes['http.response.status_code']])).toEqual([
      [SpanKind.SERVER, '/health', 200],
    ]);
  });
});
