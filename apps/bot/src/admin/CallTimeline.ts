import { EventEmitter } from 'node:events';
import { CALL_ACTIONS, identityKind, type CallAction, type Participant } from '@graph-calling/models';
import type { CallbackEvent } from '@graph-calling/notifications';
import type { LeaseChange, TakeoverReason } from '@graph-calling/app';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { shownInstance } from './redact';

/** What a timeline entry is about: one lane of the picture each. */
export type TimelineKind = 'state' | 'roster' | 'operation' | 'graph' | 'callback' | 'keepAlive' | 'takeover' | 'tone';

/** One thing that happened to a call, as this instance saw it. */
export interface TimelineEntry {
  /** ms since the epoch. */
  readonly at: number;
  readonly kind: TimelineKind;
  /** A short label: `established`, `+ phone`, `playPrompt 200`, … (no display names without --pii). */
  readonly label: string;
  /** For requests and operations: how long it took. */
  readonly durationMs?: number;
  /** Ids that tie it to Graph and to the trace: `request-id`, `client-request-id`, trace id. */
  readonly ids?: Readonly<Record<string, string>>;
  /** False for an entry that failed (a 4xx/5xx answer, a failed operation, a refused callback). */
  readonly ok: boolean;
}

/** Options of {@link CallTimelines}. */
export interface CallTimelinesOptions {
  /** Calls remembered (least recently changed forgotten first; default 500). */
  readonly maxCalls?: number;
  /** Entries per call (the oldest dropped first; default 300). */
  readonly maxEntries?: number;
  /** Show display names of participants (default false: their kind only). */
  readonly pii?: boolean;
  readonly now?: () => number;
}

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
 * The recent history of each call as this instance saw it — state changes, roster joins and leaves,
 * operations with their durations, Graph requests (from the transport's spans), callbacks,
 * keep-alives — kept in memory, bounded (calls and entries per call), for the console's timeline.
 * Per instance: with several instances behind a load balancer, each shows what reached it.
 * Emits `entry` (callId, entry) for the console's server-sent events.
 */
export class CallTimelines extends EventEmitter<{ entry: [callId: string, entry: TimelineEntry] }> {
  private readonly calls = new Map<string, TimelineEntry[]>();
  /** Operations started (their Graph request answered) and not finished yet, per call. */
  private readonly pending = new Map<string, Array<{ readonly action: string; readonly at: number }>>();
  private readonly maxCalls: number;
  private readonly maxEntries: number;
  private readonly pii: boolean;
  private readonly now: () => number;

  constructor(options: CallTimelinesOptions = {}) {
    super();
    this.maxCalls = options.maxCalls ?? 500;
    this.maxEntries = options.maxEntries ?? 300;
    this.pii = options.pii ?? false;
    this.now = options.now ?? Date.now;
  }

  /** The entries of a call, oldest first (empty when this instance saw nothing of it). */
  of(callId: string): readonly TimelineEntry[] {
    return this.calls.get(callId) ?? [];
  }

  /** Adds an entry (and makes the call the most recently changed). */
  add(callId: string, entry: TimelineEntry): void {
    let entries = this.calls.get(callId);
    if (entries === undefined) {
      entries = [];
      if (this.calls.size >= this.maxCalls) {
        const oldest = this.calls.keys().next().value;
        if (oldest !== undefined) {
          this.calls.delete(oldest);
          this.pending.delete(oldest);
        }
      }
    } else this.calls.delete(callId);
    this.calls.set(callId, entries);
    entries.push(entry);
    if (entries.length > this.maxEntries) entries.splice(0, entries.length - this.maxEntries);
    this.emit('entry', callId, entry);
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
    if (!this.calls.has(change.callId)) return;
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
    const identity = (participant?.info?.identity ?? {}) as Record<string, { displayName?: string | null } | null | undefined>;
    const name = identity[kind]?.displayName;
    return this.pii && name ? `${kind} ${name}` : kind;
  }
}
