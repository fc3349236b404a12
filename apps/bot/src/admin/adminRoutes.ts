import { setImmediate as nextTurn } from 'node:timers/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify';
import { checkAdminRequest, type AdminGuard } from './adminAccess';
import { AdmissionLimit } from './AdmissionLimit';
import { CursorError } from './CallCensus';
import { SharedAnswers } from './SharedAnswers';
import { parseStatusQuery, statusPage, StatusQueryError, type StatusSource } from './statusQuery';

/** What the admin routes read. */
export interface AdminSource extends StatusSource {
  /** The body of `GET /health`: counters only, O(1). */
  health(): Record<string, unknown> | Promise<Record<string, unknown>>;
  /** `GET /metrics`: writes the Prometheus exposition (content type included). */
  readonly metrics?: (request: IncomingMessage, response: ServerResponse) => void;
  /** Extra routes on the admin surface (the console), registered behind the same guard. */
  readonly extraRoutes?: (fastify: FastifyInstance) => void;
  /** Starts what feeds the routes (the console's timelines); returns what stops it (live streams included). */
  readonly start?: () => () => void;
}

/** Options of {@link adminRoutes}. */
export interface AdminRoutesOptions {
  readonly source: AdminSource;
  readonly guard: AdminGuard;
}

/**
 * The admin routes — `/health`, `/status` (paged: `?limit&cursor&state&direction&instance`;
 * identical queries share one answer, see {@link SharedAnswers}),
 * `/metrics`, and whatever `extraRoutes` adds — behind a guard checked on every request before
 * anything is read (the `Host` check on the admin listener, the bearer token when one is set).
 * An encapsulated plugin: on the public listener the guard covers these routes only, not `/callback`.
 */
// eslint-disable-next-line @typescript-eslint/require-await -- FastifyPluginAsync is the published type
export const adminRoutes: FastifyPluginAsync<AdminRoutesOptions> = async (fastify, { source, guard }) => {
  fastify.addHook('onRequest', async (request, reply) => {
    const refusal = checkAdminRequest(guard, { host: request.headers.host, authorization: request.headers.authorization });
    if (refusal === undefined) return;
    if (refusal.status === 401) void reply.header('www-authenticate', 'Bearer realm="graph-calling admin"');
    await reply.code(refusal.status).send({ error: { code: refusal.code, message: refusal.message } });
  });
  fastify.setErrorHandler(async (error: Error, _request, reply) => {
    if (error instanceof StatusQueryError || error instanceof CursorError)
      return reply.code(400).send({ error: { code: error.code, message: error.message } });
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status < 500) return reply.code(status).send({ error: { code: 'bad-request', message: error.message } });
    return reply.code(503).send({ error: { code: 'unavailable', message: 'the call store did not answer; try again' } });
  });
  const limit = new AdmissionLimit();
  const busy = (reply: FastifyReply) =>
    reply
      .code(503)
      .header('retry-after', '1')
      .send({ error: { code: 'busy', message: 'expected fewer status requests at once; try again in a second' } });
  fastify.get('/health', async () => source.health());
  // One read and one serialisation serve every identical query under way or answered in the last 250 ms.
  const pages = new SharedAnswers<string>();
  fastify.get('/status', async (request, reply) => {
    const query = parseStatusQuery(request.query as Record<string, unknown>);
    const key = JSON.stringify([query.limit, query.cursor ?? null, query.state ?? null, query.direction ?? null, query.instance ?? null]);
    // Even a shared answer takes a slot, and only after the I/O already waiting (callbacks first): at most
    // two status answers per turn of the event loop, however many clients ask and however cheap the answer.
    const answered = await limit.run(async () => {
      await nextTurn();
      return pages.get(key, async () => JSON.stringify(await statusPage(source, query)));
    });
    const body = answered?.value;
    return body === undefined ? busy(reply) : reply.type('application/json; charset=utf-8').send(body);
  });
  fastify.get('/status/:callId', async (request, reply) => {
    const { callId } = request.params as { callId: string };
    const read = await limit.run(async () => source.get(callId));
    if (read === undefined) return busy(reply);
    const record = read.value;
    if (record === undefined)
      return reply.code(404).send({
        error: {
          code: 'unknown-call',
          message: `expected a call this bot's store holds, found none with id ${JSON.stringify(callId.slice(0, 80))}`,
        },
      });
    return source.status(record);
  });
  const metrics = source.metrics;
  if (metrics)
    fastify.get('/metrics', (request, reply) => {
      reply.hijack();
      metrics(request.raw, reply.raw);
    });
  source.extraRoutes?.(fastify);
};
