import type { CallbackEvent, EventContext, EventMap, EventName, IncomingCall, OperationTracker } from '@graph-calling/notifications';
import { added } from './added';
import type { ReportError } from './AppLogger';
import { runFlow } from './AppLogger';
import type { Call } from './Call';
import { CallEventQueue } from './CallEventQueue';
import type { CallHandles } from './CallHandles';

/** A handler of the app's events: the event, and its call. */
export type AppEventHandler<N extends EventName, D> = (event: EventMap[N], call: Call<D>, context: EventContext) => void | Promise<void>;

/** A handler of calls that ring the bot. */
export type IncomingHandler<D> = (call: Call<D>, caller: IncomingCall) => void | Promise<void>;

/** What {@link AppEvents} delivers events to. */
export interface AppEventsParts<D> {
  readonly operations: OperationTracker;
  readonly handles: CallHandles<D>;
  /** Calls whose lease this instance lost (an ended call is no longer one). */
  readonly lost: Set<string>;
  /** Whether incoming-call handlers run now (not once the app is closing). */
  readonly acceptsIncoming: () => boolean;
  readonly report: ReportError;
}

const NO_HANDLERS: readonly never[] = [];

/** The context handed to handlers of events that came through the feed (another instance received them). */
const FEED_CONTEXT: EventContext = Object.freeze({
  caller: Object.freeze({ tenantId: '', appId: '', issuer: 'graph-calling:event-feed', claims: Object.freeze({}) }),
  notification: undefined,
  source: 'callback',
});

/**
 * The app's event handlers and their delivery: each event reaches the operation tracker, its call's
 * handle, the call's own handlers and the app's, in the call's order (one event's handlers all
 * finish before its next event's run).
 */
export class AppEvents<D> {
  private readonly handlers = new Map<string, Set<AppEventHandler<EventName, D>>>();
  private readonly incoming: Set<IncomingHandler<D>>;
  private readonly queue: CallEventQueue;

  constructor(
    private readonly parts: AppEventsParts<D>,
    onIncoming?: IncomingHandler<D>,
  ) {
    this.incoming = new Set(onIncoming ? [onIncoming] : []);
    this.queue = new CallEventQueue((error, callId) => parts.report(error, { callId }, 'event handler failed'));
  }

  /** Adds a handler of `name` (or of every event); returns the function that removes it. */
  on<N extends EventName>(name: N | '*', handler: AppEventHandler<N, D>): () => void {
    let set = this.handlers.get(name);
    if (set === undefined) this.handlers.set(name, (set = new Set()));
    // Handlers are kept by event name: each receives only its own events.
    const entry = handler as AppEventHandler<EventName, D>;
    set.add(entry);
    return () => set.delete(entry);
  }

  /** Adds a handler of calls that ring the bot; returns the function that removes it. */
  onIncoming(handler: IncomingHandler<D>): () => boolean {
    return added(this.incoming, handler);
  }

  /** Resolves once every queued handler has run. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** One event, from this instance's receiver (`local`) or another instance's (through the feed). */
  deliver(event: CallbackEvent, local: boolean, eventContext: EventContext | undefined): void {
    const { operations, handles, lost, report } = this.parts;
    operations.observe(event);
    const handle = handles.for(event.callId, undefined, event.type === 'call.incoming' ? 'incoming' : undefined);
    handle.receive(event);
    if (event.type === 'call.terminated') {
      handles.forgetLater(event.callId);
      lost.delete(event.callId);
    }
    const perCall = handle.handlersFor(event);
    const global =
      local && this.handlers.size > 0 ? [...(this.handlers.get(event.type) ?? []), ...(this.handlers.get('*') ?? [])] : NO_HANDLERS;
    if (local && event.type === 'call.incoming' && this.parts.acceptsIncoming() && this.incoming.size > 0) {
      const caller = event.incoming;
      handle.activate();
      for (const handler of this.incoming) runFlow(() => handler(handle, caller), event.callId, 'incoming-call handler failed', report);
    }
    if (perCall.length === 0 && global.length === 0) return;
    const ctx = eventContext ?? FEED_CONTEXT;
    // Every handler of one event runs at once; the call's next event waits until all have finished.
    this.queue.push(event.callId, () => {
      let pending: Array<Promise<void>> | undefined;
      for (const handler of perCall) pending = guarded(() => handler(event), event, pending, report);
      for (const handler of global) pending = guarded(() => handler(event, handle, ctx), event, pending, report);
      return pending === undefined ? undefined : Promise.all(pending).then(() => undefined);
    });
  }
}

/** Runs one handler; a handler that returns a promise adds it to `pending`. Errors are reported, never thrown. */
function guarded(
  run: () => void | Promise<void>,
  event: CallbackEvent,
  pending: Array<Promise<void>> | undefined,
  report: ReportError,
): Array<Promise<void>> | undefined {
  const failed = (error: unknown) => report(error, { callId: event.callId, event: event.type }, 'event handler failed');
  try {
    const result = run();
    if (result === undefined) return pending;
    return [...(pending ?? []), Promise.resolve(result).catch(failed)];
  } catch (error) {
    failed(error);
    return pending;
  }
}
