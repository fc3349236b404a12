import Fastify, { type FastifyInstance, type FastifyPluginCallback } from 'fastify';
import type { CallbackReceiver } from '@graph-calling/notifications';
import { graphCallbacks } from '@graph-calling/notifications/fastify';
import type { AdminConfig } from './admin/adminConfig';
import type { AdminSource } from './admin/adminRoutes';
import { mountPublicAdmin } from './admin/adminServer';
import type { CallbackLimits } from './config';
import type { CallbackRefusal } from './refusalLog';

export type { CallbackRefusal } from './refusalLog';

/** What the bot's public HTTP routes read. */
export interface BotServerOptions {
  readonly receiver: CallbackReceiver;
  /** The admin routes, served here only when the configuration says `public` (behind its bearer token). */
  readonly admin?: { readonly config: AdminConfig | undefined; readonly source: AdminSource };
  /** Told about every refused (and every failed, 5xx) callback, with the detail the answer leaves out. */
  readonly onCallbackRefused?: (refusal: CallbackRefusal) => void;
  /** Limits that differ from the defaults of the notifications package. */
  readonly limits?: CallbackLimits;
  /** A plugin giving each request its HTTP server span (telemetry's `serverSpans`), registered before the routes. */
  readonly serverSpans?: FastifyPluginCallback;
}

/**
 * The bot's public HTTP server: Graph's callbacks on `/callback` and a constant-cost `/livez`,
 * nothing else — health, status, metrics and the console live on the admin listener (admin/), or
 * here behind a bearer token when the operator asks for `BOT_ADMIN_PORT=public`.
 */
export async function createBotServer(options: BotServerOptions): Promise<FastifyInstance> {
  const limits = options.limits ?? {};
  // The routes other than /callback take no body worth the name.
  const server = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  const onRefused = options.onCallbackRefused;
  if (options.serverSpans !== undefined) await server.register(options.serverSpans);
  await server.register(graphCallbacks, {
    receiver: options.receiver,
    path: '/callback',
    ...(limits.bodyLimit !== undefined ? { bodyLimit: limits.bodyLimit } : {}),
    ...(limits.bodyTimeoutMs !== undefined ? { bodyTimeoutMs: limits.bodyTimeoutMs } : {}),
    serverLimits: {
      ...(limits.headersTimeoutMs !== undefined ? { headersTimeoutMs: limits.headersTimeoutMs } : {}),
      ...(limits.requestTimeoutMs !== undefined ? { requestTimeoutMs: limits.requestTimeoutMs } : {}),
      ...(limits.keepAliveTimeoutMs !== undefined ? { keepAliveTimeoutMs: limits.keepAliveTimeoutMs } : {}),
      ...(limits.idleTimeoutMs !== undefined ? { idleTimeoutMs: limits.idleTimeoutMs } : {}),
      ...(limits.maxConnections !== undefined ? { maxConnections: limits.maxConnections } : {}),
    },
    ...(onRefused
      ? {
          onRefused: (error, request) =>
            onRefused({
              status: error.status,
              code: error.code,
              message: error.message,
              requestId: request.id,
              ...(request.socket.remoteAddress !== undefined ? { remoteAddress: request.socket.remoteAddress } : {}),
            }),
          onError: (error, { request }) =>
            onRefused({
              status: 500,
              code: 'internal',
              message: error instanceof Error ? error.message : String(error),
              requestId: request.id,
              ...(request.socket.remoteAddress !== undefined ? { remoteAddress: request.socket.remoteAddress } : {}),
            }),
        }
      : {}),
  });
  if (onRefused) {
    // Requests node refuses before any route runs (malformed, headers too large, too slow) leave a trace too.
    // (A second 'clientError' listener beside fastify's own answers nothing: it only counts.)
    server.server.on('clientError', (error: NodeJS.ErrnoException, socket: { remoteAddress?: string }) => {
      if (error.code === 'ECONNRESET') return;
      const known = CLIENT_ERRORS.get(error.code ?? '');
      onRefused({
        status: known?.[0] ?? 400,
        code: known?.[1] ?? 'bad-request',
        message: `${error.code ?? 'error'}: ${error.message}`,
        ...(socket.remoteAddress !== undefined ? { remoteAddress: socket.remoteAddress } : {}),
      });
    });
  }
  // Liveness only: the process answers HTTP. No store, no counters, nothing about calls.
  server.get('/livez', (_request, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok' }));
  if (options.admin) await mountPublicAdmin(server, options.admin.config, options.admin.source);
  return server;
}

const CLIENT_ERRORS: ReadonlyMap<string, readonly [number, string]> = new Map([
  ['ERR_HTTP_REQUEST_TIMEOUT', [408, 'request-timeout'] as const],
  ['HPE_HEADER_OVERFLOW', [431, 'headers-too-large'] as const],
]);
