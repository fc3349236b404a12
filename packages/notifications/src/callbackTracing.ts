import {
  context,
  createNoopMeter,
  metrics,
  ProxyTracerProvider,
  SpanKind,
  SpanStatusCode,
  trace,
  type Counter,
  type MeterProvider,
  type Span,
} from '@opentelemetry/api';

const SCOPE = '@graph-calling/notifications';

/** One callback's trace: a server span (internal under an HTTP server span) from the first byte to the end of dispatch, its phases as events. */
export interface CallbackTrace {
  /** verified / parsed (with the call ids) / stored / dispatched. */
  phase(name: 'verified' | 'parsed' | 'stored' | 'dispatched', attributes?: Record<string, string | number | readonly string[]>): void;
  /** The call ids the callback's notifications are about (the first one is `graph.call_id`). */
  calls(callIds: readonly string[]): void;
  /** Runs `work` (handlers, so their spans, Graph requests included, are children of this one). */
  within<T>(work: () => T): T;
  /** Refused: the status and the refusal code; ends the span. */
  refused(status: number, code: string): void;
  /** Answered and dispatched (or failed, answered `status`): ends the span. */
  end(status: number, error?: unknown): void;
}

let counter: { readonly provider: MeterProvider; readonly callbacks: Counter; readonly noop: boolean } | undefined;

/** The no-op tracer provider the API's proxy answers with while no SDK is installed (a fresh proxy has no delegate). */
const NOOP_TRACER_PROVIDER = new ProxyTracerProvider().getDelegate();
/** The meter every no-op meter provider hands out. */
const NOOP_METER = createNoopMeter();

/** The callbacks counter of the current meter provider (remade when an SDK is installed later). */
function callbacksCounter(): { readonly callbacks: Counter; readonly noop: boolean } {
  const provider = metrics.getMeterProvider();
  if (counter?.provider !== provider) {
    const meter = provider.getMeter(SCOPE);
    counter = {
      provider,
      noop: meter === NOOP_METER,
      callbacks: meter.createCounter('graph_calling.callbacks', {
        description: 'Callbacks received, by outcome (accepted, refused, failed), HTTP status and refusal code.',
      }),
    };
  }
  return counter;
}

/** Whether neither traces nor metrics go anywhere (no SDK installed): then a callback is not traced at all. */
function telemetryOff(): boolean {
  const tracers = trace.getTracerProvider();
  const delegate = tracers instanceof ProxyTracerProvider ? tracers.getDelegate() : tracers;
  return delegate === NOOP_TRACER_PROVIDER && callbacksCounter().noop;
}

/** The trace of every callback while no SDK is installed: each call is a no-op, `within` runs its work as is. */
export const UNTRACED: CallbackTrace = Object.freeze({
  phase: () => undefined,
  calls: () => undefined,
  within: <T>(work: () => T): T => work(),
  refused: () => undefined,
  end: () => undefined,
});

/**
 * Starts the span of one callback with `@opentelemetry/api` only (a no-op, and no cost beyond a
 * few calls, until the application installs an SDK), and counts its outcome as a metric.
 */
export function traceCallback(route: string): CallbackTrace {
  // Checked per callback, so an SDK installed later is picked up at once.
  if (telemetryOff()) return UNTRACED;
  // Under an HTTP server instrumentation's span (`@fastify/otel`, `@opentelemetry/instrumentation-http`)
  // that span is the request's server span: this one is then internal, its child (one server span per request).
  const kind = trace.getActiveSpan() === undefined ? SpanKind.SERVER : SpanKind.INTERNAL;
  const span: Span = trace
    .getTracer(SCOPE)
    .startSpan(`callback ${route}`, { kind, attributes: { 'http.request.method': 'POST', 'http.route': route } });
  let ended = false;
  const finish = (status: number, outcome: 'accepted' | 'refused' | 'failed', code?: string) => {
    if (ended) return;
    ended = true;
    span.setAttribute('http.response.status_code', status);
    callbacksCounter().callbacks.add(1, {
      outcome,
      'http.response.status_code': status,
      ...(code !== undefined ? { 'graph.refusal_code': code } : {}),
    });
    span.end();
  };
  return {
    phase: (name, attributes) => span.addEvent(name, attributes),
    calls(callIds) {
      const distinct = [...new Set(callIds)].filter((id) => id !== '');
      if (distinct[0] !== undefined) span.setAttribute('graph.call_id', distinct[0]);
      if (distinct.length > 1) span.setAttribute('graph.call_ids', distinct);
    },
    within: (work) => context.with(trace.setSpan(context.active(), span), work),
    refused(status, code) {
      span.setAttribute('graph.refusal_code', code);
      span.setStatus({ code: SpanStatusCode.ERROR, message: code });
      finish(status, 'refused', code);
    },
    end(status, error) {
      if (error !== undefined) {
        const failure = error instanceof Error ? error : new Error(typeof error === 'string' ? error : 'callback failed');
        span.recordException(failure);
        span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
      }
      finish(status, status >= 500 || error !== undefined ? 'failed' : 'accepted');
    },
  };
}
