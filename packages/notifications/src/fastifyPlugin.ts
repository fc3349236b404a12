import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AcceptedCallback, CallbackReceiver, CommittedCallback } from './createCallbackReceiver';
import type { VerifiedCaller } from './createTokenVerifier';
import { BodyDeadlines, type PendingBody } from './BodyDeadlines';
import { NotificationBodyError } from './NotificationBodyError';
import { answerCommitted, type Acknowledge } from './acknowledge';
import { isPromise } from './isPromise';
import { assertJsonBodyHeaders, DEFAULT_BODY_LIMIT, parseJsonBody } from './readJsonBody';
import { asRefusal, closeAfterAnswer, refusalBody, refusalHeaders, type Refusal } from './refusal';
import { traceCallback, UNTRACED, type CallbackTrace } from './callbackTracing';
import { applyServerLimits, DEFAULT_BODY_TIMEOUT_MS, type ServerLimits } from './serverLimits';

/** Options of {@link graphCallbacks}. */
export interface GraphCallbacksOptions {
  readonly receiver: CallbackReceiver;
  /** The callback route (default `/callback`). */
  readonly path?: string;
  /** Largest body accepted, in bytes (default 4 MiB; fastify's own default of 1 MiB is too small for big rosters). */
  readonly bodyLimit?: number;
  /**
   * When to answer 202: once the notifications are `stored` (default: a store that fails is
   * answered 503 with Retry-After, so Graph retries and nothing is acknowledged unstored), or as
   * soon as the callback is verified and parsed (`received`: storing happens after the answer).
   */
  readonly acknowledge?: Acknowledge;
  /** Time allowed for the body once the headers are in, in ms (default 20 s); a slower body is answered 408. */
  readonly bodyTimeoutMs?: number;
  /**
   * Time and connection limits set on the fastify server at registration (see {@link applyServerLimits}):
   * by default each is tightened to its default when the server's is looser; `false` leaves the server alone.
   */
  readonly serverLimits?: Partial<ServerLimits> | false;
  /**
   * Called with each refused request's error (already answered) and the request, for logging: the error
   * carries the detail the answer leaves out. Never given the token. Default: `request.log.info`.
   */
  readonly onRefused?: (error: Refusal, request: FastifyRequest) => void;
  /** Called when handling failed on our side (answered 500). Default: `request.log.error`. */
  readonly onError?: (error: unknown, context: { readonly request: FastifyRequest }) => void;
}

/** Where `onRequest` leaves the verified caller for the handler (a request decoration: no per-request map entry). */
const CALLER = Symbol('graphCallbacks.caller');
/** The body being watched for its deadline, if it was still arriving when the route was found. */
const BODY = Symbol('graphCallbacks.body');
/** The request's trace (a request decoration too). */
const TRACE = Symbol('graphCallbacks.trace');
type Decorated = FastifyRequest & { [CALLER]: VerifiedCaller | null; [BODY]: ArrivingBody | null; [TRACE]: CallbackTrace | null };

/** A callback body still arriving: cut with a 408 if it is not in by its deadline. */
class ArrivingBody implements PendingBody {
  constructor(
    private readonly request: FastifyRequest,
    private readonly reply: FastifyReply,
    private readonly timeoutMs: number,
  ) {}

  /** What the body arrives on: the socket (HTTP/1: one body at a time), or the request itself (HTTP/2 streams share a socket). */
  get connection(): object {
    const raw = this.request.raw;
    return raw.httpVersionMajor >= 2 ? raw : raw.socket;
  }

  settled(): boolean {
    return this.request.raw.complete || this.request.raw.destroyed || this.reply.raw.writableFinished;
  }

  expire(): void {
    const error = new NotificationBodyError('body-timeout', `expected the body within ${this.timeoutMs} ms, found it still arriving`);
    // fastify's body reader listens for 'error' and answers through the error handler;
    // without a reader any more, the request is simply cut.
    const body = this.request.raw;
    if (body.listenerCount('error') > 0) body.emit('error', error);
    else this.request.raw.destroy();
  }
}
/** The trace of a request, once `onRequest` started it. */
function traceOf(request: FastifyRequest): CallbackTrace | null {
  return (request as Decorated)[TRACE];
}

/**
 * Parses JSON bodies with the node:http adapter's parser (secure-json-parse, plus the cap on objects
 * counted before parsing); the plugin is encapsulated, so the application's own routes keep fastify's.
 */
function useCallbackJsonParser(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser(['application/json']);
  const parseJson = (_request: FastifyRequest, text: string | Buffer, done: (error: Error | null, body?: unknown) => void) => {
    let value: unknown;
    try {
      value = parseJsonBody(text as string);
    } catch (error) {
      done(error as Error, undefined);
      return;
    }
    done(null, value);
  };
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, parseJson);
  fastify.addContentTypeParser(/^application\/[\w.+-]+\+json\b/i, { parseAs: 'string' }, parseJson);
}

/** Answers a refused callback with its status and body (closing the connection), and any other failure with a 500. */
function answerFailures(fastify: FastifyInstance, options: GraphCallbacksOptions): void {
  const onRefused =
    options.onRefused ??
    ((error: Refusal, request: FastifyRequest) =>
      request.log.info({ code: error.code, status: error.status, reason: error.message }, 'callback refused'));
  fastify.setErrorHandler((error, request, reply) => {
    const refusal = asRefusal(error);
    if (refusal !== undefined) {
      traceOf(request)?.refused(refusal.status, refusal.code);
      onRefused(refusal, request);
      closeAfterAnswer(request.raw.socket);
      return reply.code(refusal.status).headers(refusalHeaders(refusal)).send(refusalBody(refusal));
    }
    traceOf(request)?.end(500, error);
    if (options.onError) options.onError(error, { request });
    else request.log.error({ err: error }, 'callback failed');
    return reply
      .code(500)
      .header('connection', 'close')
      .send({ error: { code: 'internal', message: 'the callback could not be handled' } });
  });
}

/**
 * A fastify plugin for the callback route: the token is verified in `onRequest`, before the
 * body is read; the JSON is parsed as by the node:http adapter (refusing `__proto__`); the route answers 202 and the
 * notifications are processed once the response has been written. Refusals carry a code and a
 * generic message, and close the connection rather than read the rest of the body.
 */
// eslint-disable-next-line @typescript-eslint/require-await -- FastifyPluginAsync is the published type; fastify awaits the plugin
export const graphCallbacks: FastifyPluginAsync<GraphCallbacksOptions> = async (fastify: FastifyInstance, options) => {
  const bodyTimeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  if (options.serverLimits !== false) applyServerLimits(fastify.server, options.serverLimits ?? {});
  const deadlines = bodyTimeoutMs > 0 ? new BodyDeadlines(bodyTimeoutMs) : undefined;
  fastify.addHook('onClose', (_instance, done) => {
    deadlines?.stop();
    done();
  });
  fastify.decorateRequest(CALLER, null);
  fastify.decorateRequest(BODY, null);
  fastify.decorateRequest(TRACE, null);
  useCallbackJsonParser(fastify);
  answerFailures(fastify, options);
  const route = options.path ?? '/callback';
  const callbacks = new CallbackRoute(fastify, options, route, deadlines, bodyTimeoutMs);
  fastify.post(
    route,
    {
      bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
      onRequest: (request, reply, done) => callbacks.onRequest(request, reply, done),
    },
    (request, reply) => callbacks.handle(request, reply),
  );
};

/** The callback route's steps: verify in `onRequest`, then parse, store, answer and dispatch in the handler. */
class CallbackRoute {
  private readonly receiver: CallbackReceiver;

  constructor(
    private readonly fastify: FastifyInstance,
    private readonly options: GraphCallbacksOptions,
    private readonly route: string,
    private readonly deadlines: BodyDeadlines | undefined,
    private readonly bodyTimeoutMs: number,
  ) {
    this.receiver = options.receiver;
  }

  onRequest(request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void {
    const traced = traceCallback(this.route);
    (request as Decorated)[TRACE] = traced;
    // Watched from the end of the headers: the body is parsed after this hook, so even a small one
    // sent with its headers is watched until the handler has it. (No preParsing hook: fastify reads
    // the body from request.raw.)
    if (this.deadlines !== undefined && !request.raw.complete) {
      const body = new ArrivingBody(request, reply, this.bodyTimeoutMs);
      this.deadlines.watch(body.connection, body);
      (request as Decorated)[BODY] = body;
    }
    // A callback hook rather than an async one; a token already verified is answered without a promise.
    let cached: VerifiedCaller | undefined;
    try {
      cached = this.receiver.verifyCached?.(request.headers.authorization);
    } catch (error) {
      done(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (cached !== undefined) verified(request, traced, cached, done);
    else this.receiver.verify(request.headers.authorization).then((caller) => verified(request, traced, caller, done), done);
  }

  handle(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> | undefined {
    const { [CALLER]: caller, [BODY]: body, [TRACE]: traced } = request as Decorated;
    if (body !== null) this.deadlines?.forget(body.connection, body);
    if (caller === null || traced === null) throw new Error('graphCallbacks: the onRequest hook did not verify this request');
    const accepted = this.receiver.parse(caller, request.body);
    if (traced !== UNTRACED) {
      traced.calls(accepted.notifications.map((n) => n.callId ?? ''));
      traced.phase('parsed', { notifications: accepted.notifications.length, warnings: accepted.warnings.length });
    }
    if (this.options.acknowledge === 'received') {
      reply.code(202).send();
      setImmediate(() => this.processLater(traced, accepted));
      // A synchronous handler that answered returns nothing (returning the reply would send it twice).
      return undefined;
    }
    // Synchronous with a synchronous store (the memory one): answered without a promise.
    const committed = accepted.commitNow !== undefined ? accepted.commitNow() : accepted.commit();
    if (isPromise(committed)) return committed.then((c) => this.answer(reply, traced, c));
    this.answer(reply, traced, committed);
    return undefined;
  }

  /** `acknowledge: 'received'`: the notifications processed after the 202. */
  private processLater(traced: CallbackTrace, accepted: AcceptedCallback): void {
    // process() hands each notification's failure to the receiver's onError; it rejects only when that
    // handler itself throws, which is logged rather than left as an unhandled rejection.
    traced
      .within(() => accepted.process())
      .then(
        () => traced.phase('dispatched'),
        (error: unknown) => this.fastify.log.error({ err: error }, 'processing accepted notifications failed'),
      )
      .finally(() => traced.end(202));
  }

  /** Answers a stored callback: 202, or 503 when the store failed (nothing is acknowledged unstored). */
  private answer(reply: FastifyReply, traced: CallbackTrace, committed: CommittedCallback): FastifyReply {
    if (traced !== UNTRACED) traced.phase('stored', { complete: String(committed.complete), events: committed.events.length });
    if (committed.complete) reply.code(202).send();
    else {
      const refused = answerCommitted(committed);
      reply.headers(refused.headers).code(refused.status).send(refused.body);
    }
    const status = reply.statusCode;
    // After the answer is written: a slow handler never delays Graph. (setImmediate is much cheaper
    // than a 'finish' listener on every response.) Nothing is scheduled when nothing is left to do.
    if (committed.idle === true && traced === UNTRACED) return reply;
    setImmediate(dispatchLater, this, traced, committed, status);
    return reply;
  }

  /** Runs the handlers of a stored callback once its answer is out, and ends its trace. */
  dispatchLater(traced: CallbackTrace, committed: CommittedCallback, status: number): void {
    traced
      .within(() => committed.dispatch())
      .then(
        () => traced.phase('dispatched'),
        // As with process(): a rejection means the error handler itself threw; it is logged, not lost.
        (error: unknown) => this.fastify.log.error({ err: error }, 'dispatching committed notifications failed'),
      )
      .finally(() => traced.end(status, committed.complete ? undefined : committed.failure));
  }
}

/** {@link CallbackRoute.dispatchLater} as `setImmediate` calls it (its arguments passed, no closure per callback). */
function dispatchLater(route: CallbackRoute, traced: CallbackTrace, committed: CommittedCallback, status: number): void {
  route.dispatchLater(traced, committed, status);
}

/** The caller is verified: kept for the handler, then the content type is checked. */
function verified(request: FastifyRequest, traced: CallbackTrace, caller: VerifiedCaller, done: (error?: Error) => void): void {
  (request as Decorated)[CALLER] = caller;
  traced.phase('verified');
  let refusal: NotificationBodyError | undefined;
  try {
    assertJsonBodyHeaders(request.headers);
  } catch (error) {
    if (!(error instanceof NotificationBodyError)) throw error;
    refusal = error;
  }
  done(refusal);
}
