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
  415: 'expected Content-Type application/json',
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
  const retryAfterMs = refusal instanceof TokenError ? refusal.retryAfterMs : undefined;
  return {
    connection: 'close',
    ...(retryAfterMs !== undefined ? { 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) } : {}),
  };
}

/** Maps an error met while receiving a callback to a refusal; `undefined` for our own failures (a 500). */
export function asRefusal(error: unknown): Refusal | undefined {
  if (error instanceof TokenError || error instanceof NotificationBodyError) return error;
  // fastify's own refusals (body limit, media type, JSON syntax) arrive as errors with a statusCode.
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status !== 'number' || status >= 500) return undefined;
  const reason = error instanceof Error ? error.message : String(error);
  const code = status === 413 ? 'too-large' : status === 415 ? 'unsupported-media-type' : status === 408 ? 'body-timeout' : 'invalid-json';
  return new NotificationBodyError(code, reason, [], { cause: error });
}
