import { setImmediate as nextTurn } from 'node:timers/promises';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify';
import type { CallStatus } from '../callStatus';
import { checkAdminRequest, type AdminGuard } from './adminAccess';
import { AdminAnswerError } from './adminChannel';
import { AdmissionLimit } from './AdmissionLimit';
import { CursorError } from './CursorError';
import type { CallTimelines } from './CallTimeline';
import { consoleRoutes } from './consoleRoutes';
import { SharedAnswers } from './SharedAnswers';
import { parseStatusQuery, StatusQueryError, type StatusPage, type StatusQuery } from './statusQuery';

/** The Prometheus exposition of every metric, as `/metrics` serves it. */
export interface MetricsText {
  readonly contentType: string;
  readonly body: string;
}

/**
 * What the admin routes read. Every answer is plain data (structured-cloneable), so the routes
 * read it the same way in the bot's thread (the public listener) and in the admin worker, which
 * asks the bot's thread over a message port (adminChannel.ts).
 */
export interface AdminSource {
  /** The body of `GET /health`: counters only, O(1). */
  health(): Promise<Record<string, unknown>>;
  /** One page of `GET /status` (statusQuery.ts: bounded, paged). */
  statusPage(query: StatusQuery): Promise<StatusPage>;
  /** One call as `GET /status/:callId` shows it; undefined when the store holds no such call. */
  callStatus(callId: string): Promise<CallStatus | undefined>;
  /** `GET /metrics`; absent without telemetry (no route then). */
  readonly metrics?: () => Promise<MetricsText>;
  /** The console's data: the timelines of the calls this instance saw, and its id as shown. */
  readonly console: { readonly timelines: CallTimelines; instanceId(): string };
  /** Starts what feeds the timelines; returns what stops it. */
  readonly start?: () => () => void;
}

/** Options of {@link adminRoutes}. */
export interface AdminRoutesOptions {
  readonly source: AdminSource;
  readonly guard: AdminGuard;
}

/**
 * The admin routes — `/health`, `/status` (paged: `?limit&cursor&state&direction&instance`),
 * `/status/:callId`, `/metrics` and the console (consoleRoutes.ts) — behind a guard checked on every
 * request before anything is read (the `Host` check on the admin listener, the bearer token when
 * one is set). Identical reads share one answer ({@link SharedAnswers}): however many clients poll,
 * the source is asked once per distinct query at a time (status pages: once per 250 ms).
 * An encapsulated plugin: on the public listener the guard covers these routes only, not `/callback`.
 */
// eslint-disable-next-line @typescript-eslint/require-await -- FastifyPluginAsync is the published type
export const adminRoutes: FastifyPluginAsync<AdminRoutesOptions> = async (fastify, { source, guard }) => {
  guardAndAnswerErrors(fastify, guard);
  const limit = new AdmissionLimit();
  // Health and metrics are read fresh (a probe right after a change sees it); concurrent probes share one read.
  const healths = new SharedAnswers<Record<string, unknown>>({ windowMs: 0 });
  fastify.get('/health', async () => healths.get('health', () => source.health()));
  statusRoutes(fastify, source, limit);
  const metrics = source.metrics;
  if (metrics) {
    const texts = new SharedAnswers<MetricsText>({ windowMs: 0 });
    fastify.get('/metrics', async (_request, reply) => {
      const text = await texts.get('metrics', metrics);
      return reply.type(text?.contentType ?? 'text/plain').send(text?.body ?? '');
    });
  }
  const live = consoleRoutes(source.console.timelines, () => source.console.instanceId());
  live.routes(fastify);
  // Live consoles hold their responses open: they end before the listener waits for its connections.
  fastify.addHook('preClose', (done) => {
    live.close();
    done();
  });
};

/** The guard on every request, before anything is read; errors answered 400 (bad query), as the source says, or 503. */
function guardAndAnswerErrors(fastify: FastifyInstance, guard: AdminGuard): void {
  fastify.addHook('onRequest', async (request, reply) => {
    const refusal = checkAdminRequest(guard, { host: request.headers.host, authorization: request.headers.authorization });
    if (refusal === undefined) return;
    if (refusal.status === 401) void reply.header('www-authenticate', 'Bearer realm="graph-calling admin"');
    await reply.code(refusal.status).send({ error: { code: refusal.code, message: refusal.message } });
  });
  fastify.setErrorHandler(async (error: Error, _request, reply) => {
    if (error instanceof StatusQueryError || error instanceof CursorError)
      return reply.code(400).send({ error: { code: error.code, message: error.message } });
    if (error instanceof AdminAnswerError)
      return reply.code(error.statusCode).send({ error: { code: error.code, message: error.message } });
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status < 500) return reply.code(status).send({ error: { code: 'bad-request', message: error.message } });
    return reply.code(503).send({ error: { code: 'unavailable', message: 'the call store did not answer; try again' } });
  });
}

/** 503 with `Retry-After` when the status routes already have as many reads under way as they admit. */
function busy(reply: FastifyReply): FastifyReply {
  return reply
    .code(503)
    .header('retry-after', '1')
    .send({ error: { code: 'busy', message: 'expected fewer status requests at once; try again in a second' } });
}

/** `/status` (paged, filtered) and `/status/:callId`, each read admitted by `limit` and shared between identical requests. */
function statusRoutes(fastify: FastifyInstance, source: AdminSource, limit: AdmissionLimit): void {
  // One read and one serialisation serve every identical query under way or answered in the last 250 ms.
  const pages = new SharedAnswers<string>();
  fastify.get<{ Querystring: Record<string, unknown> }>('/status', async (request, reply) => {
    const query = parseStatusQuery(request.query);
    const key = JSON.stringify([query.limit, query.cursor ?? null, query.state ?? null, query.direction ?? null, query.instance ?? null]);
    // Even a shared answer takes a slot, and only after the I/O already waiting: at most two status
    // answers per turn of the event loop, however many clients ask and however cheap the answer.
    const answered = await limit.run(async () => {
      await nextTurn();
      return pages.get(key, async () => JSON.stringify(await source.statusPage(query)));
    });
    const body = answered?.value;
    return body === undefined ? busy(reply) : reply.type('application/json; charset=utf-8').send(body);
  });
  const calls = new SharedAnswers<CallStatus>();
  fastify.get<{ Params: { callId: string } }>('/status/:callId', async (request, reply) => {
    const { callId } = request.params;
    const read = await limit.run(async () => calls.get(callId, () => source.callStatus(callId)));
    if (read === undefined) return busy(reply);
    const status = read.value;
    if (status === undefined)
      return reply.code(404).send({
        error: {
          code: 'unknown-call',
          message: `expected a call this bot's store holds, found none with id ${JSON.stringify(callId.slice(0, 80))}`,
        },
      });
    return status;
  });
}
