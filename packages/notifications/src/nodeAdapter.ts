import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallbackReceiver } from './createCallbackReceiver';
import { NotificationBodyError } from './NotificationBodyError';
import { answerCommitted, type Acknowledge } from './acknowledge';
import { traceCallback, type CallbackTrace } from './callbackTracing';
import { assertJsonBodyHeaders, DEFAULT_BODY_LIMIT, parseJsonBody } from './readJsonBody';
import { asRefusal, closeAfterAnswer, refusalBody, refusalHeaders, type Refusal } from './refusal';
import { DEFAULT_BODY_TIMEOUT_MS } from './serverLimits';

/** Options of {@link createNodeCallbackHandler}. */
export interface NodeCallbackHandlerOptions {
  /** Largest body accepted, in bytes (default 4 MiB). */
  readonly bodyLimit?: number;
  /** When to answer 202 (default `stored`; see the fastify plugin's option of the same name). */
  readonly acknowledge?: Acknowledge;
  /** Time allowed for the body once the headers are in, in ms (default 20 s); a slower body is answered 408. */
  readonly bodyTimeoutMs?: number;
  /**
   * Called with each refused request's error (already answered) and the request, for logging: the
   * error carries the detail the answer leaves out. Never given the token.
   */
  readonly onRefused?: (error: Refusal, request: IncomingMessage) => void;
  /** Called when handling failed on our side (answered 500). */
  readonly onError?: (error: unknown, context: { readonly request: IncomingMessage }) => void;
  /** The route named in each callback's span and metric (default `/callback`, as the fastify plugin's path). */
  readonly route?: string;
}

/**
 * A `node:http` request handler for the callback URL: verify the token (before reading the
 * body), read the body up to the limit and the deadline, parse, answer 202, then process in the
 * background. Refusals are answered 401/403/400/408/413/415/503 with `{ "error": { "code",
 * "message" } }` (a generic message) and the connection is closed instead of reading the rest of
 * the body. Pair it with {@link applyServerLimits} on the server. Each request gets the same
 * callback span and `graph_calling.callbacks` count as with the fastify plugin (callbackTracing.ts).
 */
export function createNodeCallbackHandler(receiver: CallbackReceiver, options: NodeCallbackHandlerOptions = {}) {
  const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const bodyTimeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  const route = options.route ?? '/callback';
  return (req: IncomingMessage, res: ServerResponse): void => {
    const traced = traceCallback(route);
    handle(req, res, traced).catch((error: unknown) => {
      const refusal = asRefusal(error);
      if (refusal !== undefined) {
        traced.refused(refusal.status, refusal.code);
        options.onRefused?.(refusal, req);
        closeAfterAnswer(req.socket);
        answer(res, refusal.status, refusalBody(refusal), refusalHeaders(refusal));
      } else {
        traced.end(500, error);
        options.onError?.(error, { request: req });
        answer(res, 500, { error: { code: 'internal', message: 'the callback could not be handled' } }, { connection: 'close' });
      }
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse, traced: CallbackTrace): Promise<void> {
    if (req.method !== 'POST') {
      traced.refused(405, 'method-not-allowed');
      answer(res, 405, { error: { code: 'method-not-allowed', message: 'expected POST' } }, { allow: 'POST', connection: 'close' });
      return;
    }
    const caller = await receiver.verify(req.headers.authorization);
    traced.phase('verified');
    assertJsonBodyHeaders(req.headers);
    const text = await readBody(req, limit, bodyTimeoutMs);
    const accepted = receiver.parse(caller, parseJsonBody(text));
    traced.calls(accepted.notifications.map((n) => n.callId ?? ''));
    traced.phase('parsed', { notifications: accepted.notifications.length, warnings: accepted.warnings.length });
    if (options.acknowledge === 'received') {
      answer(res, 202);
      setImmediate(() => {
        // process() hands each notification's failure to the receiver's onError; it rejects only when that
        // handler itself throws, which must not take the server down: it is reported as a process warning.
        traced
          .within(() => accepted.process())
          .then(() => traced.phase('dispatched'), warn)
          .finally(() => traced.end(202));
      });
      return;
    }
    const committed = await accepted.commit();
    traced.phase('stored', { complete: String(committed.complete), events: committed.events.length });
    const reply = answerCommitted(committed);
    answer(res, reply.status, reply.body, reply.headers);
    setImmediate(() => {
      // As with process(): a rejection means the error handler itself threw; reported, not lost.
      traced
        .within(() => committed.dispatch())
        .then(() => traced.phase('dispatched'), warn)
        .finally(() => traced.end(reply.status, committed.complete ? undefined : committed.failure));
    });
  }
}

function warn(error: unknown): void {
  process.emitWarning(error instanceof Error ? error : String(error));
}

function readBody(req: IncomingMessage, limit: number, timeoutMs: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit)
    return Promise.reject(
      new NotificationBodyError('too-large', `expected a body of at most ${limit} bytes, found Content-Length ${declared}`),
    );
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (error: Error) => {
      cleanup();
      // Paused, not drained: the refusal closes the connection instead (see refusalHeaders).
      req.pause();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) stop(new NotificationBodyError('too-large', `expected a body of at most ${limit} bytes, found more`));
      else chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size).toString('utf8'));
    };
    const onError = (error: Error) => stop(error);
    const timer =
      timeoutMs > 0 && !req.complete
        ? setTimeout(
            () => stop(new NotificationBodyError('body-timeout', `expected the body within ${timeoutMs} ms, found ${size} bytes by then`)),
            timeoutMs,
          )
        : undefined;
    function cleanup() {
      if (timer !== undefined) clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    }
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

function answer(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    ...(text ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
