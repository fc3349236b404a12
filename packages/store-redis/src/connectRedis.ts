import { Redis, type RedisOptions } from 'ioredis';
import { redisCall } from './RedisStoreError';

/** Options of {@link connectRedis}: any ioredis option, with defaults chosen for a callback server. */
export type ConnectRedisOptions = Omit<RedisOptions, 'replyMapping'>;

/**
 * Connects an ioredis client the way the store needs it: commands fail at once while Redis is
 * unreachable (no offline queue, bounded retries and a command timeout) instead of waiting in
 * memory, so a callback is answered 503 and Graph retries it rather than being acknowledged unstored.
 * Auto-pipelining batches the many small lease and record commands of a sweep. Resolves once connected.
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
  client.on('error', () => undefined);
  try {
    await redisCall(`a connection at ${redactUrl(url)}`, () => client.connect());
  } catch (error) {
    client.disconnect();
    throw error;
  }
  return client;
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
