import {
  metrics,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Counter,
  type Histogram,
  type MeterProvider,
  type Span,
} from '@opentelemetry/api';
import { matchCallAction, type MatchedCallAction } from '@graph-calling/models';
import { VERSION } from '../version';
import type { GraphRequest, GraphResponse, Middleware } from './types';

const SCOPE = '@graph-calling/transport';

interface Instruments {
  readonly provider: MeterProvider;
  readonly duration: Histogram;
  readonly retries: Counter;
}

let instruments: Instruments | undefined;

/**
 * The metric instruments of the global meter provider. The metrics API has no proxy: instruments
 * made before the application installs an SDK stay no-ops, so they are made again when the
 * provider changes (once, in practice).
 */
function currentInstruments(): Instruments {
  const provider = metrics.getMeterProvider();
  if (instruments?.provider === provider) return instruments;
  const meter = provider.getMeter(SCOPE, VERSION);
  instruments = {
    provider,
    duration: meter.createHistogram('graph_calling.graph.request.duration', {
      unit: 's',
      description: 'Time of one Graph request, retries and their waits included, by action, method and answer status.',
      advice: { explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] },
    }),
    retries: meter.createCounter('graph_calling.graph.request.retries', {
      description: 'Retries made for Graph requests (throttling, transient failures), by action.',
    }),
  };
  return instruments;
}

/**
 * A span per Graph request (`graph <action>`, client kind), made with `@opentelemetry/api` only:
 * a no-op until the application installs an SDK. It sits outside the retry middleware, so one span
 * covers every attempt, and carries what joins it to Graph's side and to the notifications that
 * answer it: the action name from the models' table, the call id, `client-request-id`,
 * `scenario-id`, Graph's `request-id`, the status and the retries. Duration and retries are
 * also recorded as metrics by action.
 */
export function tracingMiddleware(): Middleware {
  const tracer = trace.getTracer(SCOPE, VERSION);
  return (request, next) => {
    const matched = matchCallAction(request.method, request.url);
    const action = matched?.action.name ?? 'unknown';
    const callId = matched?.params.callId;
    const started = performance.now();
    return tracer.startActiveSpan(
      `graph ${action}`,
      { kind: SpanKind.CLIENT, attributes: requestAttributes(request, action, callId) },
      async (span) => {
        const { duration, retries } = currentInstruments();
        let status = 'error';
        try {
          const response = await next(request);
          status = String(response.status);
          const retried = recordAnswer(span, response, matched);
          if (retried > 0) retries.add(retried, { 'graph.action': action });
          return response;
        } catch (error) {
          span.recordException(error instanceof Error ? error : String(error));
          span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
          throw error;
        } finally {
          duration.record((performance.now() - started) / 1000, {
            'graph.action': action,
            'http.request.method': request.method,
            'http.response.status_code': status,
          });
          span.end();
        }
      },
    );
  };
}

/** What a request's span says from the start: method, URL, action, call id, `client-request-id`, `scenario-id`. */
function requestAttributes(request: GraphRequest, action: string, callId: string | undefined): Attributes {
  return {
    'http.request.method': request.method,
    'url.full': request.url,
    'graph.action': action,
    ...(callId !== undefined ? { 'graph.call_id': callId } : {}),
    ...(request.headers['client-request-id'] ? { 'graph.client_request_id': request.headers['client-request-id'] } : {}),
    ...(request.scenarioId ? { 'graph.scenario_id': request.scenarioId } : {}),
  };
}

/** Puts Graph's answer on the span (status, retries, request id, the call or operation it made); returns the retries. */
function recordAnswer(span: Span, response: GraphResponse, matched: MatchedCallAction | undefined): number {
  const retried = (response.attempts ?? 1) - 1;
  const requestId = response.headers.get('request-id');
  span.setAttributes({
    'http.response.status_code': response.status,
    'graph.retries': retried,
    ...(requestId ? { 'graph.request_id': requestId } : {}),
  });
  if (matched?.params.callId === undefined && matched?.action.name === 'create' && response.status === 201) {
    // The call id is Graph's answer to a create: the span names it too, to join it to the call's other spans.
    const created = idOf(response.text);
    if (created !== undefined) span.setAttribute('graph.call_id', created);
  }
  if (matched?.action.operation !== undefined && response.status < 300) {
    // The operation this request started: its completion notification names the same id.
    const operationId = idOf(response.text);
    if (operationId !== undefined) span.setAttribute('graph.operation_id', operationId);
  }
  if (response.status >= 400) span.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${response.status}` });
  return retried;
}

/** The `id` of an answer's body (a created call, a started operation), if it is JSON with one (decoding proper happens in the client). */
function idOf(text: string): string | undefined {
  try {
    const id = (JSON.parse(text) as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
