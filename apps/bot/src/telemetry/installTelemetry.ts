import { FastifyOtelInstrumentation } from '@fastify/otel';
import type { FastifyPluginCallback } from 'fastify';
import { context, diag, metrics, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, TracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace';
import type { ServedRequest } from '../admin/adminChannel';
import type { MetricsText } from '../admin/adminRoutes';
import { SpanTap } from './SpanTap';

/** What {@link installTelemetry} set up for this process. */
export interface Telemetry {
  /** Ended spans, for the console's timelines. */
  readonly spans: SpanTap;
  /** The Prometheus exposition of every metric (the admin routes' `/metrics`). */
  readonly metricsText: () => Promise<MetricsText>;
  /**
   * `@fastify/otel`'s plugin: registered first on the bot's public listener, it gives
   * each request an HTTP server span, the parent of the callback span (live event streams excepted).
   */
  readonly serverSpans: FastifyPluginCallback;
  /** Records the requests the admin worker answered as HTTP server spans (it has no SDK of its own). */
  readonly adminRequestSpans: (requests: readonly ServedRequest[]) => void;
  /** Where spans are exported (the OTLP endpoint), if anywhere. */
  readonly otlpEndpoint: string | undefined;
  /** Flushes and stops the exporters. */
  shutdown(): Promise<void>;
}

/** Options of {@link installTelemetry}. */
export interface TelemetryOptions {
  readonly serviceName?: string;
  /** OTLP/HTTP endpoint for traces (default: OTEL_EXPORTER_OTLP_ENDPOINT / OTEL_EXPORTER_OTLP_TRACES_ENDPOINT; none: no export). */
  readonly otlpEndpoint?: string;
  /** Extra span processors (tests pass an in-memory exporter's). */
  readonly spanProcessors?: readonly SpanProcessor[];
}

let installed: Telemetry | undefined;

/**
 * Installs the OpenTelemetry SDK for this process, once (later calls return the same): a tracer
 * provider (spans exported over OTLP/HTTP when an endpoint is configured, and tapped for the
 * console), the async-hooks context manager (so a callback's span is the parent of the Graph
 * requests its handlers make), `@fastify/otel` for HTTP server spans, and a meter provider read by a Prometheus exporter that the admin
 * listener serves. The packages only use `@opentelemetry/api`: this is what turns it on.
 */
export function installTelemetry(options: TelemetryOptions = {}, env: NodeJS.ProcessEnv = process.env): Telemetry {
  if (installed) return installed;
  const resource = resourceFromAttributes({ 'service.name': options.serviceName ?? env['OTEL_SERVICE_NAME'] ?? 'graph-calling-bot' });
  const spans = new SpanTap();
  const endpoint = options.otlpEndpoint ?? env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] ?? env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  const tracesUrl = endpoint === undefined || endpoint === '' ? undefined : tracesEndpoint(endpoint, env);
  const processors: SpanProcessor[] = [spans, ...(options.spanProcessors ?? [])];
  if (tracesUrl !== undefined) processors.push(new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: tracesUrl }) }));
  const tracerProvider = new TracerProvider({ resource, spanProcessors: processors });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(tracerProvider);
  const prometheus = new PrometheusExporter({ preventServerStart: true });
  // The exporter's own defaults (no prefix, no timestamps): the text its HTTP handler would write.
  const serializer = new PrometheusSerializer();
  const meterProvider = new MeterProvider({ resource, readers: [prometheus] });
  metrics.setGlobalMeterProvider(meterProvider);
  // No hook spans (the callback span already shows verify, parse, store, dispatch); no span for a
  // console's event stream, which is held open (hijacked) and never answered the usual way.
  const fastifyOtel = new FastifyOtelInstrumentation({
    instrumentHooks: false,
    ignorePaths: (route: { readonly url: string }) => route.url.endsWith('/events'),
  });
  fastifyOtel.setTracerProvider(tracerProvider);
  installed = {
    spans,
    serverSpans: fastifyOtel.plugin(),
    async metricsText() {
      const { resourceMetrics, errors } = await prometheus.collect();
      if (errors.length > 0) diag.error('metrics collection errors', ...errors);
      return { contentType: 'text/plain; version=0.0.4; charset=utf-8', body: serializer.serialize(resourceMetrics) };
    },
    adminRequestSpans(requests) {
      const tracer = tracerProvider.getTracer('@graph-calling/bot admin');
      for (const served of requests)
        tracer
          .startSpan(`${served.method} ${served.route}`, {
            kind: SpanKind.SERVER,
            startTime: served.start,
            root: true,
            attributes: {
              'http.request.method': served.method,
              'http.route': served.route,
              'http.response.status_code': served.status,
            },
          })
          .end(served.end);
    },
    otlpEndpoint: tracesUrl,
    async shutdown() {
      await Promise.allSettled([tracerProvider.shutdown(), meterProvider.shutdown()]);
    },
  };
  return installed;
}

/** The traces URL: the signal-specific variable as it is, the general one with `/v1/traces` appended (as the OTel spec says). */
function tracesEndpoint(endpoint: string, env: NodeJS.ProcessEnv): string {
  if (env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] === endpoint) return endpoint;
  return `${endpoint.replace(/\/+$/, '')}/v1/traces`;
}
