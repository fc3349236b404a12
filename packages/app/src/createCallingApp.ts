import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { AddressInfo } from 'node:net';
import type { CallRequest } from '@graph-calling/models';
import {
  createCallbackReceiver,
  createNodeCallbackHandler,
  createOperationTracker,
  createTokenVerifier,
  emptyRecord,
  MemoryCallStore,
  MemoryEventFeed,
  type CallbackReceiver,
  type CallbackReceiverOptions,
  type CallLeases,
  type CallStore,
  type EventFeed,
  type EventName,
  type FeedMessage,
  type IncomingCall,
  type OperationTracker,
  type ReconcilerOptions,
  type TokenVerifier,
  type TokenVerifierOptions,
} from '@graph-calling/notifications';
import { createCallsClient, type CallsClient, type CallsClientOptions, type CreatedCall } from '@graph-calling/transport';
import * as t from 'io-ts';
import { AppCallDuties } from './AppCallDuties';
import { AppEvents, type AppEventHandler } from './AppEvents';
import { errorReporter, type AppLogger, type ReportError } from './AppLogger';
import { callData, type CallData } from './CallData';
import { CallHandles } from './CallHandles';
import { CallOwnership, type OwnedCallDuties } from './CallOwnership';
import { CloseGrace } from './CloseGrace';
import type { ShutdownReport } from './ShutdownReport';
import type { Call, CallContext, WaitOptions } from './Call';
import { AppClosedError, LeaseLostError } from './errors';
import { KeepAliveScheduler } from './KeepAliveScheduler';
import type { LeaseChange } from './LeaseChange';
import { LocalCallLeases } from './LocalCallLeases';
import { monotonicNow } from './monotonicNow';
import { errorMessage } from '@graph-calling/models';

/** Options of {@link createCallingApp}. Every part can be supplied; what is not is built from the rest. */
export interface CallingAppOptions<D = unknown> {
  /** The Graph client; or `graph`, the options to build one with `createCallsClient`. */
  readonly client?: CallsClient;
  readonly graph?: CallsClientOptions;
  /** Verifies callbacks; or `callbacks`, the options to build one with `createTokenVerifier`. */
  readonly verifier?: TokenVerifier;
  readonly callbacks?: TokenVerifierOptions;
  /** A receiver built elsewhere (its store is then the app's; `reconcile` is ignored). */
  readonly receiver?: CallbackReceiver;
  /** Where call records live (default: in memory; hand in a `RedisCallStore` to share them). */
  readonly store?: CallStore;
  /** Who owns which call (default: this instance owns every call; hand in `RedisCallLeases` with a shared store). */
  readonly leases?: CallLeases;
  /** How events reach the other instances (default: in this process; hand in `RedisEventFeed` with a shared store). */
  readonly feed?: EventFeed;
  /**
   * The public base URL Graph calls back (default: the `listen` address); the callback path is
   * appended. A function is read on every use: a host server that listens after the app is created
   * (port 0) gives its address then (or see {@link CallingApp.setPublicUrl}).
   */
  readonly publicUrl?: string | (() => string);
  /** The callback route (default `/callback`). */
  readonly callbackPath?: string;
  /** The codec of the application data kept with each call (`call.data`); default: any JSON. */
  readonly data?: t.Type<D, unknown, unknown>;
  /** Keep-alive interval per owned call (default 15 min). */
  readonly keepAliveMs?: number;
  /** Default limit of every wait (default 60 s). */
  readonly waitTimeoutMs?: number;
  /** Reconciler settings (default on, as `createCallbackReceiver`'s); `false` turns it off. */
  readonly reconcile?: false | Omit<ReconcilerOptions, 'store' | 'emit' | 'now' | 'client' | 'owns' | 'ownedIds'>;
  /** Ownership timings (see `CallOwnership`). */
  readonly ownership?: {
    readonly sweepMs?: number;
    readonly safetyMarginMs?: number;
    readonly adoptAfterMs?: number;
    /** How old an outbox entry nobody claimed must be before the call's owner dispatches it (default 3 s; see `CallOwnership`). */
    readonly orphanedOutboxAfterMs?: number;
  };
  /** What `close` does with owned calls (default: hand over when other instances live, else hang up). */
  readonly onShutdown?: 'handover' | 'hangup';
  /** Receiver limits. */
  readonly receiverOptions?: Pick<CallbackReceiverOptions, 'deltaRoster' | 'maxParticipants' | 'maxNotifications'>;
  readonly logger?: AppLogger;
  /**
   * Handlers registered before the first sweep (as {@link CallingApp.onIncoming} and
   * {@link CallingApp.onTakeover}): the calls adopted when the app starts reach them too.
   */
  readonly onIncoming?: (call: Call<D>, caller: IncomingCall) => void | Promise<void>;
  readonly onTakeover?: (call: Call<D>) => void | Promise<void>;
}

/** Options of {@link CallingApp.place}. */
export interface PlaceOptions extends WaitOptions {
  /** Resolve once the call reached this state (default: as soon as Graph accepted the request). */
  readonly until?: 'establishing' | 'established';
  /** The call flow's id sent as `scenario-id` (default: a new UUID); the call keeps it as `call.scenarioId`. */
  readonly scenarioId?: string;
}

/** Options of {@link CallingApp.close}. */
export interface CloseOptions {
  /** How long hang-ups may take (default 30 s); the rest is left up, named in the report. */
  readonly graceMs?: number;
  /** Overrides the app's `onShutdown`. */
  readonly onShutdown?: 'handover' | 'hangup';
}

/** What a `/health` route reports, read without a scan (see {@link CallingApp.counts}). */
export interface AppCounts {
  /** Calls this instance believes it owns (some may be past their lease's deadline). */
  readonly owned: number;
  /** Calls kept alive by this instance now. */
  readonly keptAlive: number;
  /** Established calls taken over since start whose first keep-alive was sent at once (the last one may be long ago). */
  readonly adoptedKeepAlives: number;
  /** Other live instances, as of the last ownership sweep. */
  readonly others: number;
}

/** The runtime of a calling bot (see the package README). */
export interface CallingApp<D = unknown> extends AsyncDisposable {
  readonly instanceId: string;
  readonly client: CallsClient;
  readonly receiver: CallbackReceiver;
  readonly store: CallStore;
  readonly ownership: CallOwnership;
  readonly operations: OperationTracker;
  readonly keepAlive: KeepAliveScheduler;
  /** The URL Graph calls back (known once `publicUrl` is set or `listen` resolved). */
  readonly callbackUri: string;
  /** Sets the public base URL Graph calls back (a host server that learns its address after listening). */
  setPublicUrl(url: string | (() => string)): void;
  /** Serves the callback route on node:http (loopback by default); resolves with the base URL. */
  listen(options?: { readonly port?: number; readonly host?: string }): Promise<string>;
  /** A node:http handler for the callback route, to mount in your own server. */
  nodeHandler(): (request: import('node:http').IncomingMessage, response: import('node:http').ServerResponse) => void;
  /**
   * A handler for an event of every call, run on the instance that received the notification, in
   * the call's event order (see "Event order"). Returns the function that removes it.
   */
  on<N extends EventName>(name: N | '*', handler: AppEventHandler<N, D>): () => void;
  /** Calls that ring the bot (never outbound ones): decide within 15 s — `call.answer()`, `reject`, `redirect`. */
  onIncoming(handler: (call: Call<D>, caller: IncomingCall) => void | Promise<void>): () => void;
  /** This instance took a call over (its owner died or shut down): resume its flow from `call.data`, or end it. */
  onTakeover(handler: (call: Call<D>) => void | Promise<void>): () => void;
  /**
   * Listens to this instance's lease changes: a call it took over (from whom, why) or lost to
   * another instance (after its flow was stopped). For consoles and logs; returns the function that
   * removes the listener. A throwing listener is reported, never stops the sweep.
   */
  onLeaseChange(listener: (change: LeaseChange) => void): () => void;
  /** Places a call (the request built for `callbackUri` when a function) and claims it for this instance. */
  place(request: CallRequest | ((callbackUri: string) => CallRequest), options?: PlaceOptions): Promise<Call<D>>;
  /** The handle of a call by id (any call the store knows, on any instance). */
  call(callId: string): Call<D>;
  /** Resolves once every queued handler has run. */
  idle(): Promise<void>;
  /**
   * Stops taking new calls, gives away the calls it owns (hand-over when other instances live,
   * else hang-up, waiting for `terminated` within the grace period), then closes its parts in order.
   */
  close(options?: CloseOptions): Promise<ShutdownReport>;
  /** Shortens the grace period of a close under way (a second shutdown signal). */
  hurry(graceMs?: number): void;
  /** Counts for a health route, each O(1). */
  counts(): AppCounts;
}

/** Time left for the hang-ups under way once `hurry` is called. */
export const HURRIED_GRACE_MS = 5_000;

/** Longest wait for `terminated` after Graph accepted a close's DELETE (within the grace period). */
export const ENDED_AFTER_DELETE_MS = 3_000;

/**
 * Creates and starts a calling app: the transport client, the callback receiver (with the
 * reconciler), the operation tracker, the store, ownership with fenced leases, one keep-alive
 * scheduler and the event feed, wired in that order — the tracker is fed by the app, so the
 * client needs no reference to the receiver and nothing is built in a cycle.
 */
export async function createCallingApp<D = unknown>(options: CallingAppOptions<D>): Promise<CallingApp<D>> {
  const { logger } = options;
  const report = errorReporter(logger);
  const { client, store, leases, feed, instanceId, operations } = appParts(options);
  const state: AppState = { closing: false, closed: undefined, server: undefined };

  const ownershipRef: { current?: CallOwnership } = {};
  const verifier = options.verifier ?? (options.callbacks !== undefined ? createTokenVerifier(options.callbacks) : undefined);
  const receiver = options.receiver ?? appReceiver(options, { verifier, store, client, ownershipRef, report, feed, instanceId });
  const keepAlive = appKeepAlive(options, { client, receiver, ownershipRef, report });
  /** Calls whose lease this instance lost: no action from here until it adopts them again. */
  const lost = new Set<string>();
  const core = { client, store, leases, operations, receiver, keepAlive, lost, logger, report, state };

  const dataOf = (callId: string): CallData<D> => callData(store, callId, options.data ?? anyData<D>(), Date.now);
  const context: CallContext = callContext({
    ...core,
    dataOf,
    waitTimeoutMs: options.waitTimeoutMs ?? 60_000,
    ownership: (): CallOwnership => ownership,
    callbackUri: () => app.callbackUri,
  });
  const handles: CallHandles<D> = new CallHandles<D>(context, dataOf);

  const duties = new AppCallDuties<D>({ ...core, handles }, options.onTakeover);
  const ownership = appOwnership(options, { ...core, duties });
  ownershipRef.current = ownership;
  const events = new AppEvents<D>(
    { ...core, handles, acceptsIncoming: () => !state.closing && state.closed === undefined },
    options.onIncoming,
  );
  const unsubscribe = await shareEvents({ receiver, feed, instanceId, events, report });

  const app = new RunningApp<D>({
    ...core,
    instanceId,
    ownership,
    handles,
    context,
    events,
    duties,
    unsubscribe,
    onShutdown: options.onShutdown,
    callbackPath: options.callbackPath ?? '/callback',
    publicUrl: options.publicUrl,
  });
  // The first sweep adopts the calls of dead instances: the hooks it runs may use `app` already.
  await ownership.start();
  return app;
}

/** What a {@link RunningApp} is made of. */
interface RunningAppParts<D> extends Omit<ShutdownParts<D>, 'grace'> {
  readonly instanceId: string;
  readonly ownership: CallOwnership;
  readonly context: CallContext;
  readonly duties: AppCallDuties<D>;
  readonly callbackPath: string;
  readonly publicUrl: string | (() => string) | undefined;
  readonly unsubscribe: () => Promise<void>;
}

/** The app {@link createCallingApp} makes, once its parts are wired. */
class RunningApp<D> implements CallingApp<D> {
  readonly instanceId: string;
  readonly client: CallsClient;
  readonly receiver: CallbackReceiver;
  readonly store: CallStore;
  readonly ownership: CallOwnership;
  readonly operations: OperationTracker;
  readonly keepAlive: KeepAliveScheduler;
  private readonly grace = new CloseGrace();
  private publicUrl: string | (() => string) | undefined;
  private listenUrl: string | undefined;

  constructor(private readonly parts: RunningAppParts<D>) {
    ({
      instanceId: this.instanceId,
      client: this.client,
      receiver: this.receiver,
      store: this.store,
      ownership: this.ownership,
      operations: this.operations,
      keepAlive: this.keepAlive,
      publicUrl: this.publicUrl,
    } = parts);
  }

  get callbackUri(): string {
    const base = (typeof this.publicUrl === 'function' ? this.publicUrl() : this.publicUrl)?.replace(/\/+$/, '') ?? this.listenUrl;
    if (base === undefined || base === '') throw new TypeError('callbackUri: set `publicUrl`, or call `listen()` first');
    return `${base}${this.parts.callbackPath}`;
  }

  setPublicUrl(url: string | (() => string)): void {
    this.publicUrl = url;
  }

  async listen(listenOptions: { readonly port?: number; readonly host?: string } = {}): Promise<string> {
    const server = createServer(this.nodeHandler());
    this.parts.state.server = server;
    const url = await listening(server, listenOptions);
    this.listenUrl ??= url;
    return url;
  }

  nodeHandler(): (request: IncomingMessage, response: ServerResponse) => void {
    return callbackRoute(this.receiver, this.parts.callbackPath, (error) => this.parts.report(error, {}, 'callback handling failed'));
  }

  on<N extends EventName>(name: N | '*', handler: AppEventHandler<N, D>): () => void {
    return this.parts.events.on(name, handler);
  }

  onIncoming(handler: (call: Call<D>, caller: IncomingCall) => void | Promise<void>): () => void {
    return this.parts.events.onIncoming(handler);
  }

  onTakeover(handler: (call: Call<D>) => void | Promise<void>): () => void {
    return this.parts.duties.onTakeover(handler);
  }

  onLeaseChange(listener: (change: LeaseChange) => void): () => void {
    return this.parts.duties.onLeaseChange(listener);
  }

  place(request: CallRequest | ((callbackUri: string) => CallRequest), placeOptions: PlaceOptions = {}): Promise<Call<D>> {
    return placeCall({ ...this.parts, callbackUri: () => this.callbackUri }, request, placeOptions);
  }

  call(callId: string): Call<D> {
    return this.parts.handles.for(callId).activate();
  }

  idle(): Promise<void> {
    return this.parts.events.idle();
  }

  close(closeOptions: CloseOptions = {}): Promise<ShutdownReport> {
    const { state, unsubscribe } = this.parts;
    state.closed ??= shutdown({ ...this.parts, grace: this.grace }, unsubscribe, closeOptions);
    return state.closed;
  }

  hurry(graceMs = HURRIED_GRACE_MS): void {
    if (!this.parts.state.closing || graceMs >= this.grace.remainingMs()) return;
    this.parts.logger?.warn({ graceMs }, 'hurrying the close: finishing the hang-ups under way, then stopping');
    this.grace.arm(graceMs);
  }

  counts(): AppCounts {
    return {
      owned: this.ownership.ownedCount,
      keptAlive: this.keepAlive.size,
      adoptedKeepAlives: this.parts.duties.adoptedKeepAlives,
      others: this.ownership.others.length,
    };
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/** Where the app is in its life: `closing` while it gives its calls away, `closed` once a close began. */
interface AppState {
  closing: boolean;
  closed: Promise<ShutdownReport> | undefined;
  /** The server `listen` started (closed with the app). */
  server: Server | undefined;
}

/** What {@link shutdown} closes, in order. */
interface ShutdownParts<D> {
  /** The app's `onShutdown` (a close's own option overrides it). */
  readonly onShutdown: 'handover' | 'hangup' | undefined;
  readonly state: AppState;
  readonly grace: CloseGrace;
  readonly ownership: CallOwnership;
  readonly keepAlive: KeepAliveScheduler;
  readonly handles: CallHandles<D>;
  readonly operations: OperationTracker;
  readonly receiver: CallbackReceiver;
  readonly events: AppEvents<D>;
  readonly store: CallStore;
  readonly client: CallsClient;
  readonly logger: AppLogger | undefined;
  readonly report: ReportError;
}

/**
 * Closes an app (see {@link CallingApp.close}): gives its calls away within the grace period, then
 * stops the keep-alives, the waits, the event feed, the server and the receiver, in that order.
 */
async function shutdown<D>(parts: ShutdownParts<D>, unsubscribe: () => Promise<void>, closeOptions: CloseOptions): Promise<ShutdownReport> {
  const { state, grace, ownership, keepAlive, handles, operations, receiver, events, logger, report } = parts;
  state.closing = true;
  grace.arm(closeOptions.graceMs ?? 30_000);
  const onShutdown = closeOptions.onShutdown ?? parts.onShutdown;
  const result = await ownership.close({
    ...(onShutdown !== undefined ? { onShutdown } : {}),
    hangUp: (callId) => grace.within((signal) => hangUpAndWait(parts, callId, signal)),
  });
  await keepAlive.close();
  logCloseResult(logger, result);
  grace.disarm();
  state.closing = false;
  handles.closeAll(new AppClosedError('a wait'));
  operations.close();
  await unsubscribe().catch((error: unknown) => report(error, {}, 'could not leave the event feed'));
  if (state.server !== undefined) await stopServer(state.server);
  await receiver.close();
  await events.idle();
  return result;
}

/** What {@link callContext} binds the call handles to. */
interface ContextParts<D> {
  readonly client: CallsClient;
  readonly store: CallStore;
  readonly operations: OperationTracker;
  readonly receiver: CallbackReceiver;
  readonly keepAlive: KeepAliveScheduler;
  readonly lost: ReadonlySet<string>;
  readonly leases: CallLeases;
  readonly logger: AppLogger | undefined;
  readonly state: AppState;
  readonly waitTimeoutMs: number;
  readonly dataOf: (callId: string) => CallData<D>;
  /** The app's ownership (made after the handles, read only when a handle acts). */
  readonly ownership: () => CallOwnership;
  readonly callbackUri: () => string;
}

/** What a call handle needs from its app: the client, the store, claims, waits and the app's state. */
function callContext<D>(parts: ContextParts<D>): CallContext {
  const { client, store, operations, receiver, keepAlive, lost, leases, logger, state, ownership } = parts;
  return {
    client,
    store,
    tracker: operations,
    waitTimeoutMs: parts.waitTimeoutMs,
    callbackUri: parts.callbackUri,
    async claim(callId) {
      const claimed = await ownership().claim(callId);
      if (!claimed) logger?.warn({ callId }, 'could not claim the call: another instance holds it');
      else keepAlive.add(callId);
      return claimed;
    },
    unclaim: (callId) => ownership().release(callId),
    remember: (callId, direction) => rememberDirection(store, callId, direction),
    async gone(callId) {
      await receiver.reconciler?.callGone(callId);
    },
    assertOpen(what) {
      if (state.closed !== undefined && !state.closing) throw new AppClosedError(what);
    },
    assertMayAct: (callId, what) => assertMayAct({ ownership: ownership(), lost, leaseMs: leases.leaseMs }, callId, what),
    dataFor: (callId) => parts.dataOf(callId),
  };
}

/** Places a call, claims it for this instance and keeps its direction and scenario (see {@link CallingApp.place}). */
async function placeCall<D>(
  parts: {
    readonly state: AppState;
    readonly client: CallsClient;
    readonly handles: CallHandles<D>;
    readonly context: CallContext;
    readonly store: CallStore;
    readonly receiver: CallbackReceiver;
    readonly logger: AppLogger | undefined;
    readonly callbackUri: () => string;
  },
  request: CallRequest | ((callbackUri: string) => CallRequest),
  placeOptions: PlaceOptions,
): Promise<Call<D>> {
  const { state, client, handles, context, store, receiver, logger } = parts;
  if (state.closing || state.closed !== undefined) throw new AppClosedError('placing a call');
  const body = typeof request === 'function' ? request(parts.callbackUri()) : request;
  const created: CreatedCall = await client.calls.create(body, {
    ...(placeOptions.signal ? { signal: placeOptions.signal } : {}),
    ...(placeOptions.scenarioId !== undefined ? { scenarioId: placeOptions.scenarioId } : {}),
  });
  const call = handles.for(created.id, undefined, 'outgoing').activate();
  call.scenarioId = created.scenarioId;
  await context.claim(created.id);
  await rememberDirection(store, created.id, 'outgoing', created);
  // Known from the create answer, so the call is reconciled even if none of its notifications arrives.
  await receiver.reconciler?.adopt(created.id, created.call);
  logger?.info({ callId: created.id, scenarioId: created.scenarioId }, 'call placed');
  if (placeOptions.until !== undefined) await call.waitFor(placeOptions.until, placeOptions);
  return call;
}

/** The parts an app is built on, each the one given or a default (in memory, this instance only). */
function appParts<D>(options: CallingAppOptions<D>) {
  const leases: CallLeases = options.leases ?? new LocalCallLeases();
  return {
    client: clientOf(options),
    store: options.receiver?.store ?? options.store ?? new MemoryCallStore(),
    leases,
    feed: options.feed ?? new MemoryEventFeed(),
    instanceId: leases.instanceId === 'local' ? `local:${randomUUID().slice(0, 8)}` : leases.instanceId,
    operations: createOperationTracker({ ...(options.waitTimeoutMs !== undefined ? { timeoutMs: options.waitTimeoutMs } : {}) }),
  };
}

/** The app's keep-alive scheduler: keeps the owned calls alive, records the end of a call Graph no longer knows. */
function appKeepAlive<D>(
  options: CallingAppOptions<D>,
  parts: {
    readonly client: CallsClient;
    readonly receiver: CallbackReceiver;
    readonly ownershipRef: { readonly current?: CallOwnership };
    readonly report: ReportError;
  },
): KeepAliveScheduler {
  const { client, receiver, ownershipRef, report } = parts;
  const { logger } = options;
  return new KeepAliveScheduler({
    send: (callId) => client.calls.keepAlive(callId),
    // Calls are added once ownership is made: it is set by then.
    mayAct: (callId) => ownershipRef.current?.owns(callId) ?? false,
    onGone: (callId) => {
      logger?.info({ callId }, 'keep-alive: Graph no longer knows the call');
      receiver.reconciler?.callGone(callId).then(
        () => undefined,
        (error: unknown) => report(error, { callId }, 'recording the end failed'),
      );
    },
    onError: (error, { callId }) => logger?.warn({ callId, err: errorMessage(error) }, 'keep-alive failed'),
    ...(options.keepAliveMs !== undefined ? { everyMs: options.keepAliveMs } : {}),
  });
}

/** The app's ownership of calls, running `duties`; a record the store lost is rebuilt from Graph. */
function appOwnership<D>(
  options: CallingAppOptions<D>,
  parts: {
    readonly store: CallStore;
    readonly leases: CallLeases;
    readonly duties: OwnedCallDuties;
    readonly receiver: CallbackReceiver;
    readonly report: ReportError;
  },
): CallOwnership {
  const { store, leases, duties, receiver, report } = parts;
  return new CallOwnership({
    store,
    leases,
    ...options.ownership,
    duties,
    onError: (error, { callId }) => report(error, { callId }, 'ownership sweep failed'),
    // A record the store lost (Redis restarted empty) comes back from Graph, through the reconciler.
    rebuild: async (callId) => {
      options.logger?.warn({ callId }, 'the store lost the record of a call this instance owns: claimed again, rebuilding it from Graph');
      await receiver.reconciler?.reconcile(callId);
    },
    // Events another instance stored and acknowledged, then died before dispatching: the owner dispatches them (and shares them).
    // Only a store with an outbox has any (sweeps of a memory store do no such work).
    ...(receiver.store.claimOrphanedOutboxes !== undefined
      ? {
          recoverOutboxes: async (callIds: readonly string[], olderThanMs: number) => {
            const events = await receiver.recoverOutboxes(callIds, olderThanMs);
            if (events > 0)
              options.logger?.warn({ events }, 'dispatched events another instance stored and acknowledged but never dispatched (it died)');
          },
        }
      : {}),
  });
}

/**
 * Delivers the receiver's events here and shares them with the other instances through the feed
 * (and theirs here); resolves with the function that leaves the feed.
 */
async function shareEvents<D>(parts: {
  readonly receiver: CallbackReceiver;
  readonly feed: EventFeed;
  readonly instanceId: string;
  readonly events: AppEvents<D>;
  readonly report: ReportError;
}): Promise<() => Promise<void>> {
  const { receiver, feed, instanceId, events, report } = parts;
  const publishFailed = (error: unknown) => report(error, {}, 'could not share an event with the other instances');
  receiver.on('*', (event, eventContext) => {
    events.deliver(event, true, eventContext);
    // An event the store published with the claim that took it from the outbox is already shared.
    if (eventContext.shared !== true) feed.publish({ origin: instanceId, callId: event.callId, events: [event] }).catch(publishFailed);
  });
  return feed.subscribe(instanceId, (message: FeedMessage) => {
    for (const event of message.events) events.deliver(event, false, undefined);
  });
}

/** Hangs a call up on close, then waits (within the grace period) for its `terminated`. */
async function hangUpAndWait<D>(
  parts: {
    readonly store: CallStore;
    readonly client: CallsClient;
    readonly receiver: CallbackReceiver;
    readonly handles: CallHandles<D>;
    readonly grace: CloseGrace;
    readonly logger: AppLogger | undefined;
  },
  callId: string,
  signal: AbortSignal,
): Promise<void> {
  const { handles, grace, logger } = parts;
  try {
    await hangUpOnClose(parts, callId, signal);
    // Graph accepted the DELETE: the call is over there; only its notification may be late or refused.
    const left = Math.min(ENDED_AFTER_DELETE_MS, grace.remainingMs());
    await handles
      .for(callId)
      .ended({ timeoutMs: left, signal })
      .catch(() => undefined);
    logger?.info({ callId }, 'hung up on close');
  } catch (error) {
    logger?.error(
      { callId, err: errorMessage(error) },
      'call left up on close: it ends 45 minutes after its last keep-alive unless hung up',
    );
    throw error;
  }
}

/** Stops `server`: no new connections, then the open ones closed. */
async function stopServer(server: Server): Promise<void> {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
}

/** Starts `server` on loopback (or `host`) and resolves with its URL. */
async function listening(server: Server, options: { readonly port?: number; readonly host?: string }): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
}

/** A Node request handler serving the receiver at `callbackPath` (JSON 404 elsewhere). */
function callbackRoute(
  receiver: CallbackReceiver,
  callbackPath: string,
  onError: (error: unknown) => void,
): (request: IncomingMessage, response: ServerResponse) => void {
  const handle = createNodeCallbackHandler(receiver, { onError });
  return (request, response) => {
    if ((request.url ?? '').split('?')[0] !== callbackPath) {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"not-found","message":"no such route"}}');
      return;
    }
    handle(request, response);
  };
}

/** Keeps whether the bot placed or answered the call in its record (for the instance that takes it over). */
async function rememberDirection(
  store: CallStore,
  callId: string,
  direction: 'incoming' | 'outgoing',
  created?: CreatedCall,
): Promise<void> {
  await store.update(callId, (before) =>
    before?.app?.direction === direction && (created === undefined || before.app.scenarioId === created.scenarioId)
      ? { record: before, result: undefined }
      : {
          record: {
            ...(before ?? { ...emptyRecord(callId, Date.now()), ...(created ? { call: created.call } : {}) }),
            app: { ...before?.app, direction, ...(created ? { scenarioId: created.scenarioId } : {}) },
          },
          result: undefined,
        },
  );
}

/**
 * Rejects with LeaseLostError when this instance lost the call's lease. Fenced (the last renewal was not
 * proven in time) is not lost: the next sweeps' renewal decides, within one lease.
 */
async function assertMayAct(
  parts: { readonly ownership: CallOwnership; readonly lost: ReadonlySet<string>; readonly leaseMs: number },
  callId: string,
  what: string,
): Promise<void> {
  const { ownership, lost, leaseMs } = parts;
  const until = monotonicNow() + leaseMs;
  while (!lost.has(callId) && ownership.fenced(callId) && !ownership.stopping && monotonicNow() < until) {
    await ownership.sweep().catch(() => undefined);
    if (ownership.fenced(callId) && !lost.has(callId)) await delay(Math.min(50, leaseMs / 10));
  }
  if (lost.has(callId) || ownership.fenced(callId)) throw new LeaseLostError(callId, what);
}

/** What {@link appReceiver} wires the receiver to. */
interface ReceiverParts {
  readonly verifier: TokenVerifier | undefined;
  readonly store: CallStore;
  readonly client: CallsClient;
  /** The app's ownership, set once it is made (the receiver is made first). */
  readonly ownershipRef: { readonly current?: CallOwnership };
  readonly report: ReportError;
  /** The feed events are shared on, and this instance's name there (outbox claims publish to it when the store can). */
  readonly feed: EventFeed;
  readonly instanceId: string;
}

/** The app's callback receiver, with the reconciler acting only on the calls this instance owns. */
function appReceiver<D>(options: CallingAppOptions<D>, parts: ReceiverParts): CallbackReceiver {
  const { verifier, store, client, ownershipRef, report, feed, instanceId } = parts;
  if (verifier === undefined)
    throw new TypeError('createCallingApp: expected `verifier`, `callbacks` (createTokenVerifier options) or `receiver`, found none');
  return createCallbackReceiver({
    verifier,
    store,
    share: { feed, origin: instanceId },
    ...options.receiverOptions,
    ...(options.reconcile === false
      ? {}
      : {
          reconcile: {
            ...options.reconcile,
            client,
            // Only the owner reconciles a call by itself, and only while its lease is proven.
            owns: (callId: string) => ownershipRef.current?.owns(callId) ?? false,
            // A scan reads the records of the calls this instance owns, not every record in a shared store.
            ownedIds: () => ownershipRef.current?.ownedIds() ?? [],
            onError: (error, { callId }) => report(error, { callId }, 'reconciliation failed'),
          },
        }),
    onError: (error, { callId }) => report(error, { callId }, 'notification handling failed'),
  });
}

/** Hangs a call up on close: `gone` when it had already ended (in the store, or Graph says so). */
async function hangUpOnClose(
  parts: { readonly store: CallStore; readonly client: CallsClient; readonly receiver: CallbackReceiver },
  callId: string,
  signal: AbortSignal,
): Promise<'hung-up' | 'gone'> {
  const { store, client, receiver } = parts;
  // Without the store (Redis down at shutdown) the call is hung up all the same: Graph says if it already ended.
  const known = await Promise.resolve(store.get(callId)).catch(() => undefined);
  if (known?.state === 'terminated') return 'gone';
  try {
    const { alreadyGone } = await client.calls.delete(callId, { signal });
    if (alreadyGone) await receiver.reconciler?.callGone(callId);
    return alreadyGone ? 'gone' : 'hung-up';
  } catch (error) {
    if ((error as { status?: unknown } | null)?.status !== 404) throw error;
    await receiver.reconciler?.callGone(callId);
    return 'gone';
  }
}

/** Logs what a close did with the calls it did not hang up: handed over, not this instance's, or left up. */
function logCloseResult(logger: CallingAppOptions['logger'], result: ShutdownReport): void {
  if (result.handedOver.length > 0)
    logger?.info({ calls: result.handedOver, to: result.others }, 'handed calls over to the other instances');
  if (result.notHeld.length > 0) logger?.warn({ calls: result.notHeld }, 'left alone on close: their lease is not this instance’s');
  for (const callId of result.unproven) {
    logger?.error(
      { callId },
      'call left up on close: the lease service did not answer and the lease is past its deadline, so this instance may not hang it up; it ends 45 minutes after its last keep-alive unless hung up',
    );
  }
}

/**
 * The data codec of an app created without one: any JSON, typed as the app's `D` — which is
 * `unknown` unless the app was given a `data` codec (give one to have the data checked and typed).
 */
function anyData<D>(): t.Type<D, unknown, unknown> {
  return t.unknown as t.Type<unknown, unknown, unknown> as t.Type<D, unknown, unknown>;
}

function clientOf(options: Pick<CallingAppOptions, 'client' | 'graph'>): CallsClient {
  if (options.client !== undefined) return options.client;
  if (options.graph !== undefined) return createCallsClient(options.graph);
  throw new TypeError('createCallingApp: expected `client` or `graph` (createCallsClient options), found neither');
}
