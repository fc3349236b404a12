import type { CallbackEvent, CallbackReceiver } from '@graph-calling/notifications';
import type { Logger } from './logger';

/** A call this bot placed and has not seen end. */
interface LiveCall {
  readonly scenarioId: string;
}

/** How many ended calls keep their scenario id for logs and the status route. */
const ENDED_KEPT = 1000;

/**
 * The calls this bot placed: logs every event with its call and scenario (keeping calls alive is
 * the owner's duty, see CallKeeper), and forgets a call once it ends (only its scenario id is kept, for the last
 * {@link ENDED_KEPT} ended calls), so a long-running bot does not grow without bound.
 */
export class CallTracker {
  private readonly live = new Map<string, LiveCall>();
  private readonly ended = new Map<string, string>();

  constructor(private readonly logger: Logger) {}

  /** Follows the receiver's events; returns the unsubscribe function. */
  attach(receiver: CallbackReceiver): () => void {
    return receiver.on('*', (event: CallbackEvent) => this.observe(event));
  }

  /** Records a call this bot just placed; `ended` when its end was notified before Graph's answer to the create arrived. */
  add(callId: string, scenarioId: string, ended = false): void {
    if (ended) this.remember(callId, scenarioId);
    else this.live.set(callId, { scenarioId });
  }

  /** The scenario id of a call this bot placed (live or recently ended). */
  scenarioOf(callId: string): string | undefined {
    return this.live.get(callId)?.scenarioId ?? this.ended.get(callId);
  }

  /** Whether this bot placed the call. */
  placed(callId: string): boolean {
    return this.scenarioOf(callId) !== undefined;
  }

  /** The calls this bot placed that have not ended, with their scenario ids. */
  liveCalls(): Array<{ readonly callId: string; readonly scenarioId: string }> {
    return [...this.live].map(([callId, call]) => ({ callId, scenarioId: call.scenarioId }));
  }

  /** Stops tracking a call (it is no longer this bot's to keep alive or hang up). */
  release(callId: string): void {
    this.live.delete(callId);
  }

  private observe(event: CallbackEvent): void {
    const mine = this.live.get(event.callId);
    const log = this.logger.child({ callId: event.callId, scenarioId: this.scenarioOf(event.callId) });
    if (event.type === 'call.stateChanged') log.info({ event: event.type, from: event.previousState, to: event.state }, 'call state');
    else log.info({ event: event.type }, 'notification');
    if (event.type === 'call.terminated' && mine) {
      this.live.delete(event.callId);
      this.remember(event.callId, mine.scenarioId);
    }
  }

  private remember(callId: string, scenarioId: string): void {
    this.ended.set(callId, scenarioId);
    // Maps iterate in insertion order: the first key is the oldest ended call.
    if (this.ended.size > ENDED_KEPT) this.ended.delete(this.ended.keys().next().value as string);
  }
}
