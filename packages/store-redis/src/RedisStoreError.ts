import { GraphCallingError } from '@graph-calling/models';

/** What went wrong with the Redis store. */
export type RedisStoreErrorCode =
  /** Redis could not be reached or did not answer in time: nothing was stored (answer 503 so Graph retries). */
  | 'unavailable'
  /** Other writers changed the call every time this one tried, `maxAttempts` times in a row. */
  | 'conflict'
  /** A stored value is not a call record (another program wrote under this prefix?). */
  | 'corrupt';

/** A typed failure of {@link RedisCallStore} or {@link RedisCallLeases}; `cause` keeps the client's error. */
export class RedisStoreError extends GraphCallingError<RedisStoreErrorCode> {
  override readonly name = 'RedisStoreError';
  /** 503 for `unavailable` and `conflict` (retrying later can succeed), 500 for `corrupt`. */
  readonly status: 500 | 503;

  constructor(code: RedisStoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.status = code === 'corrupt' ? 500 : 503;
  }
}

/** Runs one Redis round trip, turning connection failures into `unavailable`; Redis' own reply errors are bugs and surface as they are. */
export async function redisCall<T>(what: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (isReplyError(error)) throw error;
    throw new RedisStoreError('unavailable', `expected Redis to answer ${what}, found ${(error as Error).message ?? String(error)}`, {
      cause: error,
    });
  }
}

function isReplyError(error: unknown): boolean {
  return error instanceof Error && error.name === 'ReplyError';
}
