import { CALL_ACTIONS, identityDisplayName, identityKind, type CallAction, type Participant } from '@graph-calling/models';
import type { CallbackEvent } from '@graph-calling/notifications';
import type { LeaseChange, TakeoverReason } from '@graph-calling/app';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { CallTimelines, TimelineEntry } from './CallTimeline';
import { shownInstance } from './redact';

/** Options of {@link TimelineObserver}. */
export interface TimelineObserverOptions {
  /** Show display names of participants (default false: their kind only). */
  readonly pii?: boolean;
  readonly now?: () => number;
}

/** Calls with operations under way remembered at most. */
const PENDING_CALLS = 500;

const WHY: Readonly<Record<TakeoverReason, string>> = {
  'owner-dead': 'owner dead',
  'owner-departed': 'owner departed',
  'lease-expired': 'lease expired',
  unknown: 'former owner unknown',
};

const OPERATION_ACTIONS: ReadonlyMap<string, string> = new Map(
  Object.values<CallAction>(CALL_ACTIONS).flatMap((a) => (a.operation === undefined ? [] : [[a.operation, a.name] as const])),
);

/**
 * What the bot's events, lease changes and spans mean for the console's timelines: each becomes an
 * entry of its call in a {@link CallTimelines} (operations get their durations from the Graph
 * request that started them to the notification that ended them). Runs in the bot's thread.
 */
export class TimelineObserver {
  /** Operations started (their Graph request answered) and not finished yet, per call. */
  private readonly pending = new Map<string, Array<{ readonly action: string; readonly at: number }>>();
  private readonly pii: boolean;
  private readonly now: () => number;

  constructor(
    readonly timelines: CallTimelines,
    options: TimelineObserverOptions = {},
  ) {
    this.pii = options.pii ?? false;
    this.now = options.now ?? Date.now;
  }

  private add(callId: string, entry: TimelineEntry): void {
    this.timelines.add(callId, entry);
    // Bounded as the timelines are: the call waiting longest is forgotten first.
    if (this.pending.size > PENDING_CALLS) this.pending.delete(this.pending.keys().next().value ?? '');
  }

  /** Notes what a receiver event says about its call. */
  observe(event: CallbackEvent): void {
    const at = this.now();
    switch (event.type) {
      case 'call.stateChanged':
        return this.add(event.callId, { at, kind: 'state', label: event.state, ok: true });
      case 'call.terminated':
        if (event.resultInfo)
          this.add(event.callId, {
            at,
            kind: 'state',
            label: `ended ${event.resultInfo.code ?? ''}/${event.resultInfo.subcode ?? ''}${event.inferred ? ' (inferred)' : ''}`,
            ok: (event.resultInfo.code ?? 0) < 400,
          });
        this.pending.delete(event.callId);
        return;
      case 'participant.joined':
        return this.add(event.callId, { at, kind: 'roster', label: `+ ${this.who(event.participant)}`, ok: true });
      case 'participant.left':
        return this.add(event.callId, { at, kind: 'roster', label: `− ${this.who(event.participant)}`, ok: true });
      case 'participant.inLobby':
        return this.add(event.callId, { at, kind: 'roster', label: `lobby ${this.who(event.participant)}`, ok: true });
      case 'tone.received':
        return this.add(event.callId, { at, kind: 'tone', label: `key ${event.tone}`, ok: true });
      case 'operation.completed':
      case 'operation.failed': {
        const action = OPERATION_ACTIONS.get(event.operationType) ?? event.operationType;
        const waiting = this.pending.get(event.callId) ?? [];
        const index = waiting.findIndex((p) => p.action === action);
        const started = index >= 0 ? waiting.splice(index, 1)[0] : undefined;
        return this.add(event.callId, {
          at: started?.at ?? at,
          kind: 'operation',
          label: `${action} ${event.type === 'operation.completed' ? (event.completionReason ?? 'completed') : 'failed'}`,
          ...(started !== undefined ? { durationMs: at - started.at } : {}),
          ok: event.type === 'operation.completed',
        });
      }
      default:
        return;
    }
  }

  /**
   * Notes a change of the call's owner seen by this instance: a take-over (from whom, why) always,
   * a loss only for a call this instance has a timeline of. Instance ids as elsewhere without `--pii`.
   */
  observeLease(change: LeaseChange): void {
    const shown = (id: string | undefined) => (id === undefined ? undefined : shownInstance(id, this.pii));
    const from = shown(change.from);
    const to = shown(change.to);
    const ids: Record<string, string> = {};
    if (from !== undefined) ids.from = from;
    if (to !== undefined) ids.to = to;
    if (change.type === 'takeover') {
      ids.why = change.reason;
      const label = `taken over${from !== undefined ? ` from ${from}` : ''} (${WHY[change.reason]})`;
      return this.add(change.callId, { at: change.at, kind: 'takeover', label, ids, ok: true });
    }
    if (this.timelines.of(change.callId).length === 0) return;
    this.pending.delete(change.callId);
    const label = to !== undefined ? `lease lost to ${to}` : 'lease lost';
    this.add(change.callId, { at: change.at, kind: 'takeover', label, ids, ok: false });
  }

  /** Notes an ended span of the transport (a Graph request) or of the receiver (a callback) that names a call. */
  observeSpan(span: ReadableSpan): void {
    const callId = span.attributes['graph.call_id'];
    if (typeof callId !== 'string') return;
    const at = span.startTime[0] * 1000 + span.startTime[1] / 1e6;
    const durationMs = Math.round((span.duration[0] * 1000 + span.duration[1] / 1e6) * 10) / 10;
    const answered = span.attributes['http.response.status_code'];
    const status = typeof answered === 'number' ? answered : undefined;
    const ok = status !== undefined && status < 400;
    const ids: Record<string, string> = { trace: span.spanContext().traceId };
    for (const [key, name] of [
      ['graph.request_id', 'request-id'],
      ['graph.client_request_id', 'client-request-id'],
      ['graph.scenario_id', 'scenario-id'],
    ] as const) {
      const value = span.attributes[key];
      if (typeof value === 'string') ids[name] = value;
    }
    const action = span.attributes['graph.action'];
    if (typeof action === 'string') {
      const retries = Number(span.attributes['graph.retries'] ?? 0);
      const label = `${action} ${String(status ?? 'failed')}${retries > 0 ? ` (${retries} retries)` : ''}`;
      this.add(callId, { at, kind: action === 'keepAlive' ? 'keepAlive' : 'graph', label, durationMs, ids, ok });
      if (ok && Object.values<CallAction>(CALL_ACTIONS).some((a) => a.name === action && a.operation !== undefined)) {
        const waiting = this.pending.get(callId) ?? [];
        waiting.push({ action, at: at + durationMs });
        this.pending.set(callId, waiting.slice(-16));
      }
      return;
    }
    if (span.name.startsWith('callback')) {
      const refusal = span.attributes['graph.refusal_code'];
      this.add(callId, {
        at,
        kind: 'callback',
        label: `callback ${String(status ?? '')}${typeof refusal === 'string' ? ` ${refusal}` : ''}`,
        durationMs,
        ids,
        ok,
      });
    }
  }

  private who(participant: Participant | undefined): string {
    const kind = identityKind(participant?.info) ?? 'participant';
    const name = identityDisplayName(participant?.info);
    return this.pii && name ? `${kind} ${name}` : kind;
  }
}
