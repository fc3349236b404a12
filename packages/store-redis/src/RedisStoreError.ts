import { GraphCallingError, errorMessage } from '@graph-calling/models';

/** What went wrong with the Redis store. */
export type RedisStoreErrorCode =
  /** Redis could not be reached or did not answer in time: nothing was stored (answer 503 so Graph retries). */
  | 'unavailable'
  /** Other writers changed the call every time this one tried, `maxAttempts` times in a row. */
  | 'conflict'
  /** A stored value is not a call record (another program wrote under this prefix?); the store quarantines such records. */
  | 'corrupt'
  /** A call id that UTF-8 cannot carry (a lone surrogate): Redis would store it under another key. */
  | 'invalid-key'
  /** `connectRedis`: Redis refused the credentials of the URL (a wrong password or user, or none given). A configuration error. */
  | 'auth-failed'
  /** `connectRedis`: nothing accepts connections at the URL's host and port (refused, unknown host, no route). */
  | 'unreachable'
  /** `connectRedis`: Redis accepted the connection but did not answer in time (paused, overloaded, or not Redis). */
  | 'timeout';

/** A typed failure of {@link RedisCallStore} or {@link RedisCallLeases}; `cause` keeps the client's error. */
export class RedisStoreError extends GraphCallingError<RedisStoreErrorCode> {
  override readonly name = 'RedisStoreError';
  /** 503 when retrying later can succeed (`unavailable`, `conflict`, `unreachable`, `timeout`), 500 otherwise. */
  readonly status: 500 | 503;

  constructor(code: RedisStoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.status = RETRYABLE.has(code) ? 503 : 500;
  }
}

const RETRYABLE: ReadonlySet<RedisStoreErrorCode> = new Set(['unavailable', 'conflict', 'unreachable', 'timeout']);

/** Runs one Redis round trip, turning connection failures into `unavailable`; Redis' own reply errors are bugs and surface as they are. */
export async function redisCall<T>(what: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (isReplyError(error)) throw error;
    throw new RedisStoreError('unavailable', `expected Redis to answer ${what}, found ${errorMessage(error)}`, {
      cause: error,
    });
  }
}

function isReplyError(error: unknown): boolean {
  return error instanceof Error && error.name === 'ReplyError';
}
