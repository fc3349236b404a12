import type { Redis } from 'ioredis';
import type { EventFeed, FeedMessage } from '@graph-calling/notifications';
import { isEventOf } from './framing';
import { redisCall, RedisStoreError } from './RedisStoreError';

/** Options of {@link RedisEventFeed}. */
export interface RedisEventFeedOptions {
  /** A connected client (see `connectRedis`); publishing uses it, each subscription a duplicate of it. The feed does not close it. */
  readonly redis: Redis;
  /** The same prefix as the store's (default `graph-calling:`): instances sharing calls share the channel. */
  readonly prefix?: string;
  /** A message on the channel that is not a feed message (another program publishing there); it is skipped. */
  readonly onError?: (error: RedisStoreError, context: { readonly channel: string }) => void;
}

/**
 * The event feed of instances sharing one Redis: Redis Pub/Sub on one channel, `{prefix}events`.
 * Pub/Sub delivers each message to the instances subscribed at that moment, in the order one
 * connection published them, at most once — the contract `EventFeed` asks for (waits read the
 * store first, so a message missed during a reconnect is not a lost truth).
 */
export class RedisEventFeed implements EventFeed {
  private readonly redis: Redis;
  readonly channel: string;
  private readonly onError: (error: RedisStoreError, context: { readonly channel: string }) => void;

  constructor(options: RedisEventFeedOptions) {
    this.redis = options.redis;
    this.channel = `${options.prefix ?? 'graph-calling:'}events`;
    this.onError = options.onError ?? (() => undefined);
  }

  /**
   * Whether what is published through `redis` reaches this feed's subscribers: both talk to one server
   * (Pub/Sub channels are the server's, whatever the database). A store uses it to publish from its scripts.
   */
  reachedThrough(redis: Redis): boolean {
    const [mine, theirs] = [this.redis.options, redis.options];
    return (
      redis === this.redis ||
      (mine.path ?? `${mine.host ?? ''}:${mine.port ?? ''}`) === (theirs.path ?? `${theirs.host ?? ''}:${theirs.port ?? ''}`)
    );
  }

  /**
   * A feed message's text up to its events: what `publish` writes before the JSON array of events,
   * so that a store's script can publish events it holds as JSON text without parsing them (the text
   * is this head, the array, then `}`). The one place the message's framing is written besides `publish`.
   */
  static messageHead(origin: string, callId: string): string {
    return `{"origin":${JSON.stringify(origin)},"callId":${JSON.stringify(callId)},"events":`;
  }

  async publish(message: FeedMessage): Promise<void> {
    const text = `${RedisEventFeed.messageHead(message.origin, message.callId)}${JSON.stringify(message.events)}}`;
    await redisCall(`PUBLISH ${this.channel}`, () => this.redis.publish(this.channel, text));
  }

  async subscribe(instanceId: string, listener: (message: FeedMessage) => void): Promise<() => Promise<void>> {
    // A subscribed connection can do nothing else: each subscription has its own.
    const subscriber = this.redis.duplicate({ lazyConnect: true });
    subscriber.on('error', () => undefined);
    subscriber.on('message', (channel: string, text: string) => {
      if (channel !== this.channel) return;
      const message = parseMessage(text);
      if (message === undefined)
        this.onError(new RedisStoreError('corrupt', `expected a feed message on ${this.channel}, found ${preview(text)}`), {
          channel: this.channel,
        });
      else if (message.origin !== instanceId) listener(message);
    });
    try {
      await redisCall(`a subscriber connection for ${this.channel}`, () => subscriber.connect());
      await redisCall(`SUBSCRIBE ${this.channel}`, () => subscriber.subscribe(this.channel));
    } catch (error) {
      subscriber.disconnect();
      throw error;
    }
    return async () => {
      await subscriber.quit().catch(() => subscriber.disconnect());
    };
  }
}

/** The message, when `text` is one: JSON with a string origin and call id and an array of events of that call. */
function parseMessage(text: string): FeedMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { origin, callId, events } = value as { origin?: unknown; callId?: unknown; events?: unknown };
  if (typeof origin !== 'string' || typeof callId !== 'string' || !Array.isArray(events)) return undefined;
  const ofCall = events.every((event: unknown) => isEventOf(event, callId));
  // The events were produced by a receiver of this package family and published as JSON; only their framing is checked.
  return ofCall ? (value as FeedMessage) : undefined;
}

function preview(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}
