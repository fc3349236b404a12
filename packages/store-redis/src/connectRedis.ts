import { Redis, type RedisOptions } from 'ioredis';
import { RedisStoreError } from './RedisStoreError';

/** Options of {@link connectRedis}: any ioredis option, with defaults chosen for a callback server. */
export type ConnectRedisOptions = Omit<RedisOptions, 'replyMapping'>;

/**
 * Connects an ioredis client the way the store needs it: commands fail at once while Redis is
 * unreachable (no offline queue, bounded retries and a command timeout) instead of waiting in
 * memory, so a callback is answered 503 and Graph retries it rather than being acknowledged unstored.
 * Auto-pipelining batches the many small lease and record commands of a sweep. Resolves once connected;
 * otherwise rejects with a {@link RedisStoreError} naming the cause: `auth-failed` (a configuration
 * error), `unreachable`, `timeout` (paused or overloaded), else `unavailable`.
 */
export async function connectRedis(url: string, options: ConnectRedisOptions = {}): Promise<Redis> {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 2000,
    connectTimeout: 2000,
    // After a refused connection ioredis waits this long for a close event that already happened.
    disconnectTimeout: 200,
    enableAutoPipelining: true,
    retryStrategy: (times) => Math.min(50 * times, 1000),
    ...options,
  });
  // The client reconnects by itself; errors reach callers through their commands, not as unhandled events.
  // While connecting, they are the cause: ioredis itself only says "Connection is closed".
  let cause: unknown;
  const remember = (error: unknown) => (cause ??= error);
  client.on('error', remember);
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw connectionError(redactUrl(url), cause ?? error);
  } finally {
    client.off('error', remember);
  }
  return client;
}

/** The typed failure of a connection attempt, from the first error the client met. */
function connectionError(where: string, cause: unknown): RedisStoreError {
  const error = cause as { name?: unknown; code?: unknown; message?: unknown } | null;
  const message = typeof error?.message === 'string' ? error.message : String(cause);
  const code = typeof error?.code === 'string' ? error.code : '';
  if (error?.name === 'ReplyError' && /^(WRONGPASS|NOAUTH|ERR (invalid password|AUTH|Client sent AUTH))/.test(message))
    return new RedisStoreError(
      'auth-failed',
      `expected Redis at ${where} to accept the URL's credentials, found it refused them (${message.split(/[.,]/)[0] ?? message}): set the password (and user) in BOT_REDIS_URL as redis://user:password@host:port`,
      { cause },
    );
  if (['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNRESET'].includes(code))
    return new RedisStoreError('unreachable', `expected Redis to accept a connection at ${where}, found ${code} (${message})`, { cause });
  if (code === 'ETIMEDOUT' || /timed out/i.test(message))
    return new RedisStoreError(
      'timeout',
      `expected Redis at ${where} to answer within the connect/command timeout, found no answer (${message}): is it paused, overloaded, or not Redis?`,
      { cause },
    );
  return new RedisStoreError('unavailable', `expected Redis to answer a connection at ${where}, found ${message}`, { cause });
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unparsable Redis URL)';
  }
}
