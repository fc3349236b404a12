import type { EventFeed, FeedMessage } from '@graph-calling/notifications';
import { connectRedis } from '@graph-calling/store-redis';
import type { Redis } from 'ioredis';

/** The Pub/Sub channel the bot's instances share events on. */
const CHANNEL = 'graph-calling:events';

/**
 * The `EventFeed` contract on Redis Pub/Sub: `publish` on the store's connection, every subscriber
 * on a connection of its own (a subscribed ioredis client takes no other command). At most once,
 * as the contract allows. A stand-in until `@graph-calling/store-redis` offers one.
 */
export class RedisEventFeed implements EventFeed {
  constructor(
    private readonly redis: Redis,
    private readonly url: string,
  ) {}

  async publish(message: FeedMessage): Promise<void> {
    await this.redis.publish(CHANNEL, JSON.stringify(message));
  }

  async subscribe(listener: (message: FeedMessage) => void): Promise<() => Promise<void>> {
    const subscriber = await connectRedis(this.url, { enableOfflineQueue: true, commandTimeout: undefined });
    subscriber.on('message', (_channel: string, text: string) => {
      let message: FeedMessage;
      try {
        // Published by the instances of this bot, as JSON of a FeedMessage.
        message = JSON.parse(text) as FeedMessage;
      } catch {
        return;
      }
      listener(message);
    });
    await subscriber.subscribe(CHANNEL);
    return async () => {
      await subscriber.quit().catch(() => subscriber.disconnect());
    };
  }
}
