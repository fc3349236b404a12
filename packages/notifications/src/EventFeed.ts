import type { CallbackEvent } from './events';

/** One batch of a call's events, as an instance shares it with the others. */
export interface FeedMessage {
  /** The instance that applied the events (its own subscription does not receive them). */
  readonly origin: string;
  readonly callId: string;
  readonly events: readonly CallbackEvent[];
}

/**
 * How the events one instance applies reach every other instance sharing its store: waits,
 * operation completions and handlers then work on whichever instance runs a call's flow.
 *
 * The contract every feed keeps:
 * - `publish` hands a batch to every subscriber of every other instance (a subscription names its
 *   instance and never receives that instance's own batches), batches of one publisher in the order
 *   they were published.
 * - Delivery is at most once: a subscriber that is disconnected misses what was published
 *   meanwhile. Waits therefore read the store first, and the store stays the truth.
 * - Messages are plain JSON: an event that does not survive `JSON.stringify` is not shareable.
 */
export interface EventFeed {
  publish(message: FeedMessage): Promise<void>;
  /**
   * Calls `listener` with every message other instances than `instanceId` publish from now on;
   * resolves with the unsubscribe function.
   */
  subscribe(instanceId: string, listener: (message: FeedMessage) => void): Promise<() => Promise<void>>;
}

/**
 * The feed of instances in one process (the memory store's companion): a message reaches every
 * subscriber on a later turn of the event loop, as a network feed would, never inside `publish`.
 */
export class MemoryEventFeed implements EventFeed {
  private readonly listeners = new Set<{ readonly instanceId: string; readonly listener: (message: FeedMessage) => void }>();

  publish(message: FeedMessage): Promise<void> {
    // A copy through JSON, as a network feed delivers: no subscriber shares objects with the publisher.
    // Made only when another instance listens (a single app publishes to nobody).
    let text: string | undefined;
    for (const { instanceId, listener } of this.listeners) {
      if (instanceId === message.origin) continue;
      text ??= JSON.stringify(message);
      const copy = text;
      setImmediate(() => listener(JSON.parse(copy) as FeedMessage));
    }
    return Promise.resolve();
  }

  subscribe(instanceId: string, listener: (message: FeedMessage) => void): Promise<() => Promise<void>> {
    // Each subscription is its own entry, so one listener subscribed twice is unsubscribed once each.
    const entry = { instanceId, listener };
    this.listeners.add(entry);
    return Promise.resolve(() => {
      this.listeners.delete(entry);
      return Promise.resolve();
    });
  }
}
