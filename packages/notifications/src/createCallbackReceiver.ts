import type { DecodeIssue } from '@graph-calling/models';
import type { CallRecord } from './CallRecord';
import type { CallStore, CallStoreChange, OutboxShare } from './CallStore';
import { MemoryCallStore } from './CallStore';
import type { TokenVerifier, VerifiedCaller } from './createTokenVerifier';
import { EVENT_NAMES, type CallbackEvent, type EventMap, type EventName } from './events';
import { parseNotifications, type ParsedNotification, type ParseOptions } from './parseNotifications';
import { createReconciler, type Reconciler, type ReconcilerOptions } from './createReconciler';
import { isPromise } from './isPromise';
import { PerCallTurns } from './PerCallTurns';
import { notificationKey } from './notificationKey';
import { reduceCall } from './reduceCall';

/** Passed to every handler with its event. */
export interface EventContext {
  /** Who sent the callback; for reconciled events, {@link RECONCILER_CALLER}; for recovered ones, {@link OUTBOX_CALLER}. */
  readonly caller: VerifiedCaller;
  readonly notification: ParsedNotification | undefined;
  /**
   * `callback`: Graph notified it; `reconciler`: it was learnt by asking Graph (or from a 404);
   * `outbox`: Graph notified it and another instance stored it, then died before dispatching it —
   * the owner of the call recovered it from the store's outbox (see {@link CallbackReceiver.recoverOutboxes}).
   */
  readonly source: 'callback' | 'reconciler' | 'outbox';
  /**
   * True when the store already published the event to the other instances, with the claim that took
   * it from the outbox (see the receiver's `share` option): it is not to be published again.
   */
  readonly shared?: boolean;
}

/** The caller handed to handlers with events the reconciler caused (no token was involved). */
export const RECONCILER_CALLER: VerifiedCaller = Object.freeze({
  tenantId: '',
  appId: '',
  issuer: 'graph-calling:reconciler',
  claims: Object.freeze({}),
});

/** The caller handed to handlers with events recovered from an outbox (the instance that checked the token is gone). */
export const OUTBOX_CALLER: VerifiedCaller = Object.freeze({
  tenantId: '',
  appId: '',
  issuer: 'graph-calling:outbox',
  claims: Object.freeze({}),
});

/** A handler of one event name: the event and where it came from. */
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
  /**
   * The feed this instance shares events on, and its name there. With a store that can publish to it
   * (`CallStore.publishesTo`), outbox claims publish the events they take in the same atomic step, and
   * handlers get those events with `shared: true`: an instance that dies right after claiming has
   * shared them all the same.
   */
  readonly share?: OutboxShare;
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
  /**
   * {@link commit}, answered synchronously when the store answers synchronously (the memory store):
   * adapters acknowledge such a callback without a hop through the microtask queue. Same outcome.
   */
  commitNow?(): CommittedCallback | Promise<CommittedCallback>;
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
  /** True when `dispatch` has nothing to do: no events, and no outbox entry to claim. */
  readonly idle?: boolean;
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
  /**
   * Optional: {@link verify} answered synchronously for a token the verifier has already accepted and
   * cached (see {@link TokenVerifier.verifyCached}); `undefined` when `verify` has to run.
   */
  verifyCached?(authorization: string | null | undefined): VerifiedCaller | undefined;
  /** Parses an already verified body. */
  parse(caller: VerifiedCaller, body: unknown): AcceptedCallback;
  /**
   * Takes the outbox entries of `callIds` that nobody claimed within `olderThanMs` — stored and
   * acknowledged by an instance that died before claiming them (see
   * `CallStore.claimOrphanedOutboxes`) — and runs the handlers for their events, each call's in the
   * order they were stored, with `source: 'outbox'`. The owner of the calls calls it on its sweeps.
   * Resolves with how many events it dispatched (0 with a store without an outbox). An entry whose
   * events cannot be read goes to `onError`.
   */
  recoverOutboxes(callIds: readonly string[], olderThanMs: number): Promise<number>;
}

/**
 * Creates the receiver behind the node:http and fastify adapters. Notifications for one call
 * are reduced one at a time, in arrival order, so concurrent callbacks cannot lose updates.
 */
export function createCallbackReceiver(options: CallbackReceiverOptions): CallbackReceiver {
  const core = new ReceiverCore(options);
  return {
    store: core.store,
    reconciler: core.reconciler,
    recoverOutboxes: (callIds, olderThanMs) => core.recoverOutboxes(callIds, olderThanMs),
    close: async () => core.reconciler?.close(),
    on: (name: string, handler: EventHandler<EventName>) => core.on(name, handler),
    verify: (authorization) => options.verifier.verify(authorization),
    verifyCached: (authorization) => options.verifier.verifyCached?.(authorization),
    parse: (caller, body) => core.parse(caller, body),
    async accept(request) {
      const caller = await options.verifier.verify(request.authorization);
      return core.parse(caller, request.body);
    },
  };
}

/** A notification's events once stored; with an outbox store, `claim` says which of them are this caller's to dispatch. */
interface Stored {
  readonly events: readonly CallbackEvent[];
  readonly claim?: () => Promise<readonly CallbackEvent[]>;
  /** Whether `claim` publishes what it takes to the other instances (then the app does not publish it again). */
  readonly shared?: boolean;
}

/** A stored notification, with what its storing left to dispatch. */
interface Applied {
  readonly notification: ParsedNotification;
  readonly stored: Stored;
}

/** The events of a stored notification this caller dispatches. */
function claimed(stored: Stored): readonly CallbackEvent[] | Promise<readonly CallbackEvent[]> {
  return stored.claim === undefined ? stored.events : stored.claim();
}

/** What the receiver holds: the store, the handlers, the per-call turns and the reconciler; store and dispatch steps. */
class ReceiverCore {
  readonly store: CallStore;
  readonly reconciler: Reconciler | undefined;
  readonly onError: NonNullable<CallbackReceiverOptions['onError']>;
  private readonly handlers = new Map<string, Set<EventHandler<EventName>>>();
  private readonly turns = new PerCallTurns();
  private readonly now: () => number;
  /** Claims publish what they take only to a feed the store can reach in the same atomic step. */
  private readonly share: OutboxShare | undefined;
  private readonly parseOptions: ParseOptions;

  constructor(private readonly options: CallbackReceiverOptions) {
    const store: CallStore = options.store ?? new MemoryCallStore();
    this.store = store;
    this.onError = options.onError ?? (() => undefined);
    const now = options.now ?? Date.now;
    this.now = now;
    this.share = options.share !== undefined && store.publishesTo?.(options.share.feed) === true ? options.share : undefined;
    this.parseOptions = {
      ...(options.maxParticipants !== undefined ? { maxParticipants: options.maxParticipants } : {}),
      ...(options.maxNotifications !== undefined ? { maxNotifications: options.maxNotifications } : {}),
    };
    this.reconciler =
      options.reconcile === undefined
        ? undefined
        : createReconciler({
            ...options.reconcile,
            store,
            now,
            emit: async (events, notification) => {
              for (const event of events) await this.dispatch(event, { caller: RECONCILER_CALLER, notification, source: 'reconciler' });
            },
          });
  }

  on(name: string, handler: EventHandler<EventName>): () => void {
    if (name !== '*' && !(EVENT_NAMES as readonly string[]).includes(name))
      throw new TypeError(`unknown event ${JSON.stringify(name)}; expected one of ${EVENT_NAMES.join(', ')} or *`);
    let set = this.handlers.get(name);
    if (set === undefined) this.handlers.set(name, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  async dispatch(event: CallbackEvent, context: EventContext): Promise<void> {
    for (const handler of [...(this.handlers.get(event.type) ?? []), ...(this.handlers.get('*') ?? [])]) {
      try {
        await handler(event, context);
      } catch (error) {
        this.onError(error, { callId: event.callId, event });
      }
    }
  }

  parse(caller: VerifiedCaller, body: unknown): AcceptedCallback {
    const { notifications, warnings } = parseNotifications(body, this.parseOptions);
    return new Accepted(this, caller, notifications, warnings);
  }

  /**
   * Stores `notification` after every earlier one of the same call. When the call is idle and the store
   * answers synchronously (the memory store), so does this: no promise, no hop through the microtask queue.
   */
  storeInTurn(notification: ParsedNotification): Stored | Promise<Stored> {
    return this.turns.run(notification.callId ?? '', () => this.reduceInto(notification));
  }

  private reduceInto(notification: ParsedNotification): Stored | Promise<Stored> {
    const at = this.now();
    const callId = notification.callId;
    // A resource that names no call has nothing to store: its `unknown` event is all there is.
    if (callId === undefined) return { events: reduceCall(undefined, notification, { now: at }).events };
    const store = this.store;
    // The change is written inline (an arrow given a name would be renamed on every call by some transpilers).
    // A store whose writes can be applied after they time out keeps the events in an outbox until claimed.
    if (store.updateWithOutbox)
      return store
        .updateWithOutbox(callId, notificationKey(notification), (before) => this.reduced(before, notification, callId, at), this.share)
        .then((a) => {
          this.gapCheck(a.record);
          return { events: a.events, claim: () => a.claim(), ...(a.shared === true ? { shared: true } : {}) };
        });
    const applied = store.update(callId, (before) => this.reduced(before, notification, callId, at));
    return isPromise(applied) ? applied.then((done) => this.settled(done)) : this.settled(applied);
  }

  /** A notification applied to a call's record, as the store's change. */
  private reduced(
    before: CallRecord | undefined,
    notification: ParsedNotification,
    callId: string,
    at: number,
  ): CallStoreChange<readonly CallbackEvent[]> {
    const deltaRoster = this.options.deltaRoster;
    const delta = typeof deltaRoster === 'function' ? deltaRoster(callId) : (deltaRoster ?? false);
    const { record, events } = reduceCall(before, notification, { deltaRoster: delta, now: at });
    return { record, result: events };
  }

  /** Asks the reconciler about a live call whose record shows a gap. */
  private gapCheck(record: CallRecord): void {
    if (record.gap !== undefined && record.terminatedAt === undefined) this.reconciler?.request(record.callId, 'gap');
  }

  private settled(applied: { readonly record: CallRecord; readonly result: readonly CallbackEvent[] }): Stored {
    this.gapCheck(applied.record);
    return { events: applied.result };
  }

  async recoverOutboxes(callIds: readonly string[], olderThanMs: number): Promise<number> {
    const store = this.store;
    if (store.claimOrphanedOutboxes === undefined || callIds.length === 0) return 0;
    let dispatched = 0;
    for (const entry of await store.claimOrphanedOutboxes(callIds, olderThanMs, this.share)) {
      if (entry.error !== undefined) this.onError(entry.error, { callId: entry.callId });
      const context: EventContext = {
        caller: OUTBOX_CALLER,
        notification: undefined,
        source: 'outbox',
        ...(entry.shared === true ? { shared: true } : {}),
      };
      for (const event of entry.events) await this.dispatch(event, context);
      dispatched += entry.events.length;
    }
    return dispatched;
  }
}

/** A verified and parsed callback (a class: nothing is made per callback beyond the instance). */
class Accepted implements AcceptedCallback {
  constructor(
    private readonly core: ReceiverCore,
    readonly caller: VerifiedCaller,
    readonly notifications: readonly ParsedNotification[],
    readonly warnings: readonly DecodeIssue[],
  ) {}

  async process(): Promise<readonly CallbackEvent[]> {
    const all: CallbackEvent[] = [];
    const core = this.core;
    for (const notification of this.notifications) {
      try {
        // A synchronous store (the in-memory one) is used without a round trip through the microtask queue.
        const stored = await core.storeInTurn(notification);
        const events = await claimed(stored);
        for (const event of events)
          await core.dispatch(event, {
            caller: this.caller,
            notification,
            source: 'callback',
            ...(stored.shared === true ? { shared: true } : {}),
          });
        all.push(...events);
      } catch (error) {
        core.onError(error, {});
      }
    }
    return all;
  }

  async commit(): Promise<CommittedCallback> {
    return this.commitNow();
  }

  /** Stores the notifications in order; synchronous as long as the store answers synchronously. */
  commitNow(): CommittedCallback | Promise<CommittedCallback> {
    const applied: Applied[] = [];
    const { notifications } = this;
    for (let i = 0; i < notifications.length; i += 1) {
      const notification = notifications[i] as ParsedNotification;
      let stored: Stored | Promise<Stored>;
      try {
        stored = this.core.storeInTurn(notification);
      } catch (error) {
        return this.stopped(applied, error);
      }
      if (isPromise(stored))
        return stored.then(
          (s) => this.commitFrom(applied, { notification, stored: s }, i + 1),
          (error: unknown) => this.stopped(applied, error),
        );
      applied.push({ notification, stored });
    }
    return new Committed(this.core, this.caller, applied, true, undefined);
  }

  /** The rest of {@link commitNow} once a store answered asynchronously. */
  private async commitFrom(applied: Applied[], first: Applied, from: number): Promise<CommittedCallback> {
    applied.push(first);
    for (const notification of this.notifications.slice(from)) {
      try {
        applied.push({ notification, stored: await this.core.storeInTurn(notification) });
      } catch (error) {
        return this.stopped(applied, error);
      }
    }
    return new Committed(this.core, this.caller, applied, true, undefined);
  }

  /** The store failed: the rest is not stored either (the sender retries the whole callback, and what was stored is a no-op then). */
  private stopped(applied: readonly Applied[], error: unknown): CommittedCallback {
    this.core.onError(error, {});
    return new Committed(this.core, this.caller, applied, false, error);
  }
}

/** The outcome of a commit. */
class Committed implements CommittedCallback {
  readonly events: readonly CallbackEvent[];
  readonly idle: boolean;

  constructor(
    private readonly core: ReceiverCore,
    private readonly caller: VerifiedCaller,
    private readonly applied: readonly Applied[],
    readonly complete: boolean,
    readonly failure: unknown,
  ) {
    this.events = applied.length === 1 ? (applied[0] as Applied).stored.events : applied.flatMap((a) => a.stored.events);
    // Nothing to run when no notification left events or an outbox entry to claim.
    this.idle = applied.every((a) => a.stored.claim === undefined && a.stored.events.length === 0);
  }

  async dispatch(): Promise<void> {
    for (const { notification, stored } of this.applied) {
      let events: readonly CallbackEvent[];
      try {
        events = await claimed(stored);
      } catch (error) {
        // The events stay in the store's outbox: a later delivery of this notification claims them.
        this.core.onError(error, {});
        continue;
      }
      const context: EventContext =
        stored.shared === true
          ? { caller: this.caller, notification, source: 'callback', shared: true }
          : { caller: this.caller, notification, source: 'callback' };
      for (const event of events) await this.core.dispatch(event, context);
    }
  }
}
