import { EventEmitter } from 'node:events';

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
}

/**
 * The recent history of each call as this instance saw it — state changes, roster joins and leaves,
 * operations with their durations, Graph requests, callbacks, keep-alives, take-overs (what
 * `TimelineObserver` (TimelineObserver.ts) makes of them) — kept in memory, bounded (calls and entries per call),
 * for the console's timeline.
 * Per instance: with several instances behind a load balancer, each shows what reached it.
 * Emits `entry` (callId, entry) for the console's server-sent events.
 */
export class CallTimelines extends EventEmitter<{ entry: [callId: string, entry: TimelineEntry] }> {
  private readonly calls = new Map<string, TimelineEntry[]>();
  private readonly maxCalls: number;
  private readonly maxEntries: number;

  constructor(options: CallTimelinesOptions = {}) {
    super();
    this.maxCalls = options.maxCalls ?? 500;
    this.maxEntries = options.maxEntries ?? 300;
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
        if (oldest !== undefined) this.calls.delete(oldest);
      }
    } else this.calls.delete(callId);
    this.calls.set(callId, entries);
    entries.push(entry);
    if (entries.length > this.maxEntries) entries.splice(0, entries.length - this.maxEntries);
    this.emit('entry', callId, entry);
  }
}
