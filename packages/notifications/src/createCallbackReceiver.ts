import type { DecodeIssue } from '@graph-calling/models';
import type { CallRecord } from './CallRecord';
import type { CallStore } from './CallStore';
import { MemoryCallStore } from './CallStore';
import type { TokenVerifier, VerifiedCaller } from './createTokenVerifier';
import { EVENT_NAMES, type CallbackEvent, type EventMap, type EventName } from './events';
import { parseNotifications, type ParsedNotification, type ParseOptions } from './parseNotifications';
import { createReconciler, type Reconciler, type ReconcilerOptions } from './createReconciler';
import { notificationKey } from './notificationKey';
import { reduceCall } from './reduceCall';

/** Passed to every handler with its event. */
export interface EventContext {
  /** Who sent the callback; for reconciled events, {@link RECONCILER_CALLER}. */
  readonly caller: VerifiedCaller;
  readonly notification: ParsedNotification | undefined;
  /** `callback`: Graph notified it; `reconciler`: it was learnt by asking Graph (or from a 404). */
  readonly source: 'callback' | 'reconciler';
}

/** The caller handed to handlers with events the reconciler caused (no token was involved). */
export const RECONCILER_CALLER: VerifiedCaller = Object.freeze({
  tenantId: '',
  appId: '',
  issuer: 'graph-calling:reconciler',
  claims: Object.freeze({}),
});

export type EventHandler<N extends EventName> = (event: EventMap[N], context: EventContext) => void | Promise<void>;

/** Options of {@link createCallbackReceiver}. */
export interface CallbackReceiverOptions {
  readonly verifier: TokenVerifier;
  readonly store?: CallStore;
  /** Calls created with `isDeltaRosterEnabled` (all, or per call id). */
  readonly deltaRoster?: boolean | ((callId: string) => boolean);
  /** Refuse callbacks carrying more participants than this (default 5000). */
  readonly maxParticipants?: number;
  /** Refuse callbacks carrying more notifications than this (default 100). */
  readonly maxNotifications?: number;
  /** Errors thrown by handlers or the store after the response was sent. Never given the token. */
  readonly onError?: (error: unknown, context: { readonly callId?: string; readonly event?: CallbackEvent }) => void;
  /** Clock in ms (default Date.now): record timestamps and the reconciler's silence. */
  readonly now?: () => number;
  /**
   * Reconcile records with Graph (gaps, silence, 404s, on demand) through a calls client; the
   * events it causes reach the same handlers, with `source: 'reconciler'`.
   */
  readonly reconcile?: Omit<ReconcilerOptions, 'store' | 'emit' | 'now'>;
}

/** A verified and parsed callback, ready to be processed once the HTTP answer is out. */
export interface AcceptedCallback {
  readonly caller: VerifiedCaller;
  readonly notifications: readonly ParsedNotification[];
  readonly warnings: readonly DecodeIssue[];
  /** Reduces each notification into the store and runs the handlers; resolves with the events. */
  process(): Promise<readonly CallbackEvent[]>;
  /**
   * Reduces the notifications into the store, in order, stopping at the first the store fails on
   * (`failure`); the handlers run only when `dispatch` is called. Adapters store before they
   * acknowledge, so a callback is answered 2xx only once everything in it is stored.
   */
  commit(): Promise<CommittedCallback>;
}

/** The result of {@link AcceptedCallback.commit}. */
export interface CommittedCallback {
  /** Events of the notifications that were stored (with an outbox store, `dispatch` runs those this caller claims). */
  readonly events: readonly CallbackEvent[];
  /** Whether every notification was stored. */
  readonly complete: boolean;
  /** Why storing stopped (the store's error), when it did; the notifications from there on were not stored. */
  readonly failure: unknown;
  /** Runs the handlers for `events` (errors go to `onError`). */
  dispatch(): Promise<void>;
}

/** Verify → parse → reduce → typed dispatch, behind `on(name, handler)`. */
export interface CallbackReceiver {
  readonly store: CallStore;
  /** Present when the receiver was created with `reconcile`. */
  readonly reconciler: Reconciler | undefined;
  /** Stops the reconciler's timers. */
  close(): Promise<void>;
  /** Registers a handler for one event name, or for every event with `'*'`. Returns an unsubscribe function. */
  on<N extends EventName>(name: N, handler: EventHandler<N>): () => void;
  on(name: '*', handler: EventHandler<EventName>): () => void;
  /** Verifies the Authorization header and parses the body; throws TokenError / NotificationBodyError. */
  accept(request: { readonly authorization: string | null | undefined; readonly body: unknown }): Promise<AcceptedCallback>;
  /** Verifies the token only: adapters call this before reading the body. */
  verify(authorization: string | null | undefined): Promise<VerifiedCaller>;
  /** Parses an already verified body. */
  parse(caller: VerifiedCaller, body: unknown): AcceptedCallback;
}

/**
 * Creates the receiver behind the node:http and fastify adapters. Notifications for one call
 * are reduced one at a time, in arrival order, so concurrent callbacks cannot lose updates.
 */
export function createCallbackReceiver(options: CallbackReceiverOptions): CallbackReceiver {
  const store: CallStore = options.store ?? new MemoryCallStore();
  const handlers = new Map<string, Set<EventHandler<EventName>>>();
  /** Per call: the tasks waiting for the one running now (an entry exists while one runs). */
  const waiting = new Map<string, { readonly items: Array<() => void>; head: number }>();
  const onError = options.onError ?? (() => undefined);
  const now = options.now ?? Date.now;
  const deltaFor = (callId: string) =>
    typeof options.deltaRoster === 'function' ? options.deltaRoster(callId) : (options.deltaRoster ?? false);

  function on(name: string, handler: EventHandler<EventName>): () => void {
    if (name !== '*' && !(EVENT_NAMES as readonly string[]).includes(name))
      throw new TypeError(`unknown event ${JSON.stringify(name)}; expected one of ${EVENT_NAMES.join(', ')} or *`);
    let set = handlers.get(name);
    if (set === undefined) handlers.set(name, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  async function dispatch(event: CallbackEvent, context: EventContext): Promise<void> {
    for (const handler of [...(handlers.get(event.type) ?? []), ...(handlers.get('*') ?? [])]) {
      try {
        await handler(event, context);
      } catch (error) {
        onError(error, { callId: event.callId, event });
      }
    }
  }

  /** Runs `task` after every earlier task for the same call; runs it at once when the call is idle. */
  async function serialised<T>(callId: string, task: () => T | Promise<T>): Promise<T> {
    const queue = waiting.get(callId);
    if (queue === undefined) waiting.set(callId, { items: [], head: 0 });
    else await new Promise<void>((resolve) => queue.items.push(resolve));
    try {
      return await task();
    } finally {
      const q = waiting.get(callId);
      const next = q !== undefined && q.head < q.items.length ? q.items[q.head++] : undefined;
      if (next !== undefined) next();
      else waiting.delete(callId);
    }
  }

  /** A notification's events once stored; with an outbox store, `claim` says which of them are this caller's to dispatch. */
  interface Stored {
    readonly events: readonly CallbackEvent[];
    readonly claim?: () => Promise<readonly CallbackEvent[]>;
  }

  function reduceInto(notification: ParsedNotification): Stored | Promise<Stored> {
    const at = now();
    const callId = notification.callId;
    // A resource that names no call has nothing to store: its `unknown` event is all there is.
    if (callId === undefined) return { events: reduceCall(undefined, notification, { now: at }).events };
    const change = (before: CallRecord | undefined) => {
      const { record, events } = reduceCall(before, notification, { deltaRoster: deltaFor(callId), now: at });
      return { record, result: events };
    };
    const gapCheck = (record: CallRecord) => {
      if (record.gap !== undefined && record.terminatedAt === undefined) reconciler?.request(callId, 'gap');
    };
    // A store whose writes can be applied after they time out keeps the events in an outbox until claimed.
    if (store.updateWithOutbox)
      return store.updateWithOutbox(callId, notificationKey(notification), change).then((a) => {
        gapCheck(a.record);
        return { events: a.events, claim: () => a.claim() };
      });
    const applied = store.update(callId, change);
    const settled = (a: { readonly record: CallRecord; readonly result: readonly CallbackEvent[] }): Stored => {
      gapCheck(a.record);
      return { events: a.result };
    };
    return isPromise(applied) ? applied.then(settled) : settled(applied);
  }

  /** The events of a stored notification this caller dispatches. */
  function claimed(stored: Stored): readonly CallbackEvent[] | Promise<readonly CallbackEvent[]> {
    return stored.claim === undefined ? stored.events : stored.claim();
  }

  const reconciler =
    options.reconcile === undefined
      ? undefined
      : createReconciler({
          ...options.reconcile,
          store,
          now,
          async emit(events, notification) {
            for (const event of events) await dispatch(event, { caller: RECONCILER_CALLER, notification, source: 'reconciler' });
          },
        });

  const parseOptions: ParseOptions = {
    ...(options.maxParticipants !== undefined ? { maxParticipants: options.maxParticipants } : {}),
    ...(options.maxNotifications !== undefined ? { maxNotifications: options.maxNotifications } : {}),
  };

  function parse(caller: VerifiedCaller, body: unknown): AcceptedCallback {
    const { notifications, warnings } = parseNotifications(body, parseOptions);
    return {
      caller,
      notifications,
      warnings,
      async process() {
        const all: CallbackEvent[] = [];
        for (const notification of notifications) {
          const callId = notification.callId ?? '';
          try {
            // A synchronous store (the in-memory one) is used without a round trip through the microtask queue.
            const events = await claimed(await serialised(callId, () => reduceInto(notification)));
            for (const event of events) await dispatch(event, { caller, notification, source: 'callback' });
            all.push(...events);
          } catch (error) {
            onError(error, {});
          }
        }
        return all;
      },
      async commit() {
        const applied: Array<{ readonly notification: ParsedNotification; readonly stored: Stored }> = [];
        let failure: unknown;
        let complete = true;
        for (const notification of notifications) {
          const callId = notification.callId ?? '';
          try {
            applied.push({ notification, stored: await serialised(callId, () => reduceInto(notification)) });
          } catch (error) {
            // The rest is not stored either: the sender retries the whole callback, and what was stored is a no-op then.
            failure = error;
            complete = false;
            onError(error, {});
            break;
          }
        }
        return {
          events: applied.flatMap((a) => a.stored.events),
          complete,
          failure,
          async dispatch() {
            for (const { notification, stored } of applied) {
              let events: readonly CallbackEvent[];
              try {
                events = await claimed(stored);
              } catch (error) {
                // The events stay in the store's outbox: a later delivery of this notification claims them.
                onError(error, {});
                continue;
              }
              for (const event of events) await dispatch(event, { caller, notification, source: 'callback' });
            }
          },
        };
      },
    };
  }

  return {
    store,
    reconciler,
    close: async () => reconciler?.close(),
    on: on,
    verify: (authorization) => options.verifier.verify(authorization),
    parse,
    async accept(request) {
      const caller = await options.verifier.verify(request.authorization);
      return parse(caller, request.body);
    },
  };
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | undefined)?.then === 'function';
}
