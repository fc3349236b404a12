import { ROOT_CONTEXT, trace, SpanKind, SpanStatusCode, type SpanContext } from '@opentelemetry/api';
import type { CallbackEvent } from '@graph-calling/notifications';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { Telemetry } from './installTelemetry';

/** Operations remembered while waiting for their completion (the oldest forgotten first). */
const MAX_PENDING = 1000;

/**
 * Spans for Graph's long-running operations (a prompt playing, a recording, a tone subscription):
 * from the answer to the request that started one (its span names `graph.operation_id`) to the
 * notification saying it completed or failed, as a child of that request's span. Feed it the
 * transport's ended spans and the receiver's events.
 */
export class OperationSpans {
  private readonly pending = new Map<
    string,
    { readonly started: number; readonly parent: SpanContext; readonly action: string; readonly callId: string }
  >();

  /** Notes an operation started by a Graph request. */
  observeSpan(span: ReadableSpan): void {
    const operationId = span.attributes['graph.operation_id'];
    const callId = span.attributes['graph.call_id'];
    const action = span.attributes['graph.action'];
    if (typeof operationId !== 'string' || typeof callId !== 'string' || typeof action !== 'string') return;
    if (this.pending.size >= MAX_PENDING) {
      const oldest = this.pending.keys().next().value;
      if (oldest !== undefined) this.pending.delete(oldest);
    }
    this.pending.set(operationId, {
      started: span.endTime[0] * 1000 + span.endTime[1] / 1e6,
      parent: span.spanContext(),
      action,
      callId,
    });
  }

  /** Ends the span of an operation its completion notification names. */
  observe(event: CallbackEvent): void {
    if (event.type === 'call.terminated') {
      for (const [id, p] of this.pending) if (p.callId === event.callId) this.pending.delete(id);
      return;
    }
    if ((event.type !== 'operation.completed' && event.type !== 'operation.failed') || event.operationId === undefined) return;
    const started = this.pending.get(event.operationId);
    if (started === undefined) return;
    this.pending.delete(event.operationId);
    const span = trace.getTracer('@graph-calling/bot').startSpan(
      `operation ${started.action}`,
      {
        kind: SpanKind.INTERNAL,
        startTime: started.started,
        attributes: {
          'graph.call_id': started.callId,
          'graph.operation_id': event.operationId,
          'graph.operation_type': event.operationType,
          ...(event.completionReason !== undefined ? { 'graph.completion_reason': event.completionReason } : {}),
          ...(event.clientContext !== undefined ? { 'graph.client_context': event.clientContext } : {}),
        },
      },
      trace.setSpanContext(ROOT_CONTEXT, started.parent),
    );
    if (event.type === 'operation.failed') span.setStatus({ code: SpanStatusCode.ERROR, message: event.resultInfo?.message ?? 'failed' });
    span.end();
  }
}

/** Traces the operations of the calls a receiver hears about (with an SDK installed); returns what stops it. */
export function traceOperations(
  receiver: { on(name: '*', handler: (event: CallbackEvent) => void): () => void },
  telemetry: Telemetry | undefined,
): () => void {
  if (telemetry === undefined) return () => undefined;
  const operations = new OperationSpans();
  const offSpans = telemetry.spans.subscribe((span) => operations.observeSpan(span));
  const offEvents = receiver.on('*', (event) => operations.observe(event));
  return () => {
    offSpans();
    offEvents();
  };
}
