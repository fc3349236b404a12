import type { Socket } from 'node:net';
import { NotificationBodyError } from './NotificationBodyError';
import { TokenError } from './TokenError';

/** A refused callback: what went wrong, typed. */
export type Refusal = TokenError | NotificationBodyError;

// Answers go to whoever knocked, so they say which rule refused the request and nothing about
// the configuration (app id, tenants, key URLs); the error itself, with the detail, goes to the log.
const GENERIC: Readonly<Record<number, string>> = {
  400: 'the body is not a valid commsNotifications body',
  401: 'the bearer token was not accepted',
  403: 'callbacks from this caller are not accepted',
  408: 'the request body did not arrive in time',
  413: 'the body is larger than this endpoint accepts',
  415: 'expected an application/json body in UTF-8, without Content-Encoding',
  503: 'the callback cannot be verified right now; retry later',
};

/** The body of a refusal: `{ "error": { "code", "message" } }` with a generic message. */
export function refusalBody(refusal: Refusal): { readonly error: { readonly code: string; readonly message: string } } {
  return { error: { code: refusal.code, message: GENERIC[refusal.status] ?? 'the callback was refused' } };
}

/**
 * Headers of a refusal. `connection: close` makes node close the socket once the answer is
 * flushed rather than read (possibly megabytes of) a body nobody will look at.
 */
export function refusalHeaders(refusal: Refusal): Record<string, string> {
  const retryAfterMs = (refusal as { retryAfterMs?: unknown }).retryAfterMs;
  return {
    connection: 'close',
    // RFC 9110 §12.5.3: a 415 for a content coding says which codings are accepted.
    ...(refusal.code === 'unsupported-content-encoding' ? { 'accept-encoding': 'identity' } : {}),
    ...(typeof retryAfterMs === 'number' ? { 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) } : {}),
  };
}

/**
 * Our refusal errors, recognised by shape rather than `instanceof`: the root entry and the
 * `/fastify` entry are built as separate bundles (and a package can be loaded as ESM and CJS at
 * once), so the class a verifier threw may not be the class this module sees.
 */
function isRefusal(error: unknown): error is Refusal {
  if (error instanceof TokenError || error instanceof NotificationBodyError) return true;
  if (!(error instanceof Error) || (error.name !== 'TokenError' && error.name !== 'NotificationBodyError')) return false;
  const { code, status } = error as { code?: unknown; status?: unknown };
  return typeof code === 'string' && typeof status === 'number' && status >= 400 && status < 600;
}

/** Maps an error met while receiving a callback to a refusal; `undefined` for our own failures (a 500). */
export function asRefusal(error: unknown): Refusal | undefined {
  if (isRefusal(error)) return error;
  // fastify's own refusals (body limit, media type, JSON syntax) arrive as errors with a statusCode.
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status !== 'number' || status >= 500) return undefined;
  const reason = error instanceof Error ? error.message : String(error);
  const code = status === 413 ? 'too-large' : status === 415 ? 'unsupported-media-type' : status === 408 ? 'body-timeout' : 'invalid-json';
  return new NotificationBodyError(code, reason, [], { cause: error });
}

/** How long a refused connection stays half-closed and unread before it is closed. */
const LINGER_MS = 500;
const lingering = new WeakSet<Socket>();

/**
 * Makes the close that follows a refusal a lingering one (RFC 9112 §9.6): node would close the
 * socket the moment the answer is flushed, and a client still sending its body then gets a reset
 * that can destroy the answer before it is read. Instead the socket is half-closed after the answer,
 * left unread (so nothing more of the body is taken in), and closed after a short wait.
 */
export function closeAfterAnswer(socket: Socket | null | undefined): void {
  if (!socket || lingering.has(socket)) return;
  lingering.add(socket);
  // node calls destroySoon() on this socket once a `connection: close` answer is written.
  socket.destroySoon = function lingeringClose(this: Socket) {
    this.pause();
    this.end();
    const timer = setTimeout(() => this.destroy(), LINGER_MS);
    timer.unref();
    this.once('close', () => clearTimeout(timer));
  };
}
