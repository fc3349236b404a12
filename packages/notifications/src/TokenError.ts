import { GraphCallingError } from '@graph-calling/models';
/** Why a callback's bearer token was refused. Each has its own code; `status` is the HTTP answer. */
export type TokenErrorCode =
  | 'missing-authorization'
  | 'malformed-token'
  | 'unsupported-algorithm'
  | 'bad-signature'
  | 'unknown-key'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'expired'
  | 'not-yet-valid'
  | 'missing-expiry'
  | 'missing-issued-at'
  | 'lifetime-too-long'
  | 'missing-tenant'
  | 'tenant-not-allowed'
  | 'keys-unavailable';

const FORBIDDEN: ReadonlySet<TokenErrorCode> = new Set(['tenant-not-allowed']);

/**
 * A refused callback token. The message says what was expected and what arrived, never the
 * token itself, so it is safe to log.
 */
export class TokenError extends GraphCallingError<TokenErrorCode> {
  override readonly name = 'TokenError';
  /** 401 for a token that proves nothing, 403 for a valid token from a tenant that is not allowed, 503 when keys cannot be fetched. */
  readonly status: 401 | 403 | 503;

  constructor(code: TokenErrorCode, message: string, options?: { cause?: unknown; retryAfterMs?: number }) {
    super(code, message, options);
    this.status = code === 'keys-unavailable' ? 503 : FORBIDDEN.has(code) ? 403 : 401;
    if (options?.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }

  /** For `keys-unavailable`: when the keys will next be fetched (the adapters send it as `Retry-After`). */
  readonly retryAfterMs?: number;
}
