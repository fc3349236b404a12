import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallbackReceiver } from './createCallbackReceiver';
import { NotificationBodyError } from './NotificationBodyError';
import { answerCommitted, type Acknowledge } from './acknowledge';
import { assertJsonContentType, DEFAULT_BODY_LIMIT, parseJsonBody } from './readJsonBody';
import { TokenError } from './TokenError';

/** Options of {@link createNodeCallbackHandler}. */
export interface NodeCallbackHandlerOptions {
  /** Largest body accepted, in bytes (default 4 MiB). */
  readonly bodyLimit?: number;
  /** When to answer 202 (default `stored`; see the fastify plugin's option of the same name). */
  readonly acknowledge?: Acknowledge;
  /** Called with each refused request's error (already answered); never with the token. */
  readonly onRefused?: (error: TokenError | NotificationBodyError) => void;
}

/**
 * A `node:http` request handler for the callback URL: verify the token (before reading the
 * body), read the body up to the limit, parse, answer 202, then process in the background.
 * Refusals are answered 401/403/400/413/415 with `{ "error": { "code", "message" } }`.
 */
export function createNodeCallbackHandler(receiver: CallbackReceiver, options: NodeCallbackHandlerOptions = {}) {
  const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  return (req: IncomingMessage, res: ServerResponse): void => {
    void handle(req, res).catch((error: unknown) => {
      if (error instanceof TokenError || error instanceof NotificationBodyError) {
        options.onRefused?.(error);
        answer(res, error.status, { error: { code: error.code, message: error.message } });
      } else {
        answer(res, 500, { error: { code: 'internal', message: 'the callback could not be handled' } });
      }
      req.resume();
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      answer(res, 405, { error: { code: 'method-not-allowed', message: `expected POST, found ${req.method ?? ''}` } }, { allow: 'POST' });
      req.resume();
      return;
    }
    const caller = await receiver.verify(req.headers.authorization);
    assertJsonContentType(req.headers['content-type']);
    const text = await readBody(req, limit);
    const accepted = receiver.parse(caller, parseJsonBody(text));
    if (options.acknowledge === 'received') {
      answer(res, 202);
      setImmediate(() => void accepted.process());
      return;
    }
    const committed = await accepted.commit();
    const reply = answerCommitted(committed);
    answer(res, reply.status, reply.body, reply.headers);
    setImmediate(() => void committed.dispatch());
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit)
    return Promise.reject(
      new NotificationBodyError('too-large', `expected a body of at most ${limit} bytes, found Content-Length ${declared}`),
    );
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        reject(new NotificationBodyError('too-large', `expected a body of at most ${limit} bytes, found more`));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
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
