import { trace } from '@opentelemetry/api';
import pino, { type Logger } from 'pino';

/**
 * Structured logs. Tokens, phone numbers and display names are redacted by default; set
 * BOT_LOG_PII=1 to see names while debugging locally.
 */
export function createLogger(options: { level?: string; pii?: boolean; destination?: pino.DestinationStream } = {}): Logger {
  const paths = ['authorization', '*.authorization', 'token', '*.token', 'headers.authorization', 'phone', '*.phone', '*.*.phone'];
  if (!options.pii) paths.push('displayName', '*.displayName', '*.*.displayName', 'participant.name', '*.name');
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths, censor: '[redacted]' },
      base: { app: 'graph-calling-bot' },
      // Each line logged inside a span (a callback, a Graph request) names its trace, to find it in the traces.
      mixin: () => {
        const span = trace.getActiveSpan()?.spanContext();
        return span !== undefined && span.traceId !== '00000000000000000000000000000000'
          ? { traceId: span.traceId, spanId: span.spanId }
          : {};
      },
    },
    options.destination,
  );
}

export type { Logger };
