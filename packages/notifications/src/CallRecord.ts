import type { Call, Participant, ResultInfo } from '@graph-calling/models';
import type { CallState, OpenUnion } from '@graph-calling/models';

/**
 * A table keyed by ids that come from outside (participant ids). It is a plain JSON value, so a
 * shared store can serialise records as they are; the reducer builds every table with a null
 * prototype and reads it through {@link ownEntry}, so an id such as `__proto__` or `constructor`
 * is an ordinary key even in a table a shared store parsed back into an ordinary object.
 */
export type IdTable<V> = Readonly<Record<string, V>>;

/** Why the reducer suspects the record missed something, so a reconciler should ask Graph. */
export type GapReason =
  /** A delta roster update skipped roster sequence numbers. */
  | 'roster-sequence'
  /** A call update skipped etag versions. */
  | 'etag'
  /** The call reached a state without passing through one it must pass through (establishing before established). */
  | 'state-skipped'
  /** A delta update named a participant the record never saw join. */
  | 'unknown-participant';

/** Everything the receiver knows about one call, as built from its notifications (and reconciliation). */
export interface CallRecord {
  readonly callId: string;
  readonly state?: OpenUnion<CallState>;
  /** The call's properties, merged from every applied notification. */
  readonly call: Call;
  /** The etag version of the last applied call update, when Graph sends one. */
  readonly version?: number;
  readonly participants: IdTable<Participant>;
  /** Highest roster sequence seen per participant (also for those who left). */
  readonly sequences: IdTable<number>;
  /** Participants who left, so a late older update cannot bring them back. */
  readonly departed: IdTable<true>;
  /** Version of the last full roster applied. */
  readonly rosterVersion?: number;
  /** The highest roster sequence number applied from any update (full or delta), for gap detection. */
  readonly rosterSequence?: number;
  readonly resultInfo?: ResultInfo;
  /** When the call first became established / terminated (ms since epoch). */
  readonly establishedAt?: number;
  readonly terminatedAt?: number;
  readonly createdAt: number;
  /** When a notification (or reconciliation) last changed the record; silence is measured from here. */
  readonly updatedAt?: number;
  /** Incremented on every change, so a reconciler can tell whether the record moved while it asked Graph. */
  readonly revision?: number;
  /** Set when the record shows a gap; cleared by the reconciliation that repairs it. */
  readonly gap?: GapReason;
  /** When the record was last reconciled with Graph, and how many times. */
  readonly reconciledAt?: number;
  readonly reconciliations?: number;
  /** `true` when `terminated` was inferred (Graph answered 404 for the call) rather than notified. */
  readonly terminationInferred?: boolean;
  /** Sequence ids of the tones already reported (the latest 64), so a repeat is not reported twice. */
  readonly tonesSeen?: readonly number[];
  /** Keys of the operations already reported finished (the latest 64). */
  readonly operationsDone?: readonly string[];
  /**
   * What the bot keeps with the call (`@graph-calling/app` writes it): whether the bot placed or
   * answered it, and the application's own data (the step of a flow), so any instance can read it.
   * The reducer and the reconciler carry it over untouched.
   */
  readonly app?: AppRecord;
}

/** The bot's part of a call record (see {@link CallRecord.app}); plain JSON. */
export interface AppRecord {
  readonly direction?: 'incoming' | 'outgoing';
  /** The `scenario-id` the bot sent when it placed the call (what Microsoft support asks for). */
  readonly scenarioId?: string;
  readonly data?: unknown;
}

/**
 * What ownership sweeps and reconciler scans read of a record: its state and times, without the
 * call's properties and roster — so a shared store can answer for thousands of calls cheaply
 * (see `CallStore.summaries`). A whole record is a summary too.
 */
export type CallSummary = Pick<CallRecord, 'callId' | 'state' | 'createdAt' | 'updatedAt' | 'terminatedAt' | 'reconciledAt' | 'gap'> & {
  /**
   * How many outbox entries of the record nobody has claimed yet (see `CallStore.updateWithOutbox`),
   * when there are any: a store with an outbox says so in its summaries, and the call's owner
   * recovers the orphaned ones only for the calls that have some. Absent: none.
   */
  readonly unclaimedOutboxes?: number;
};

/** The summary of a record (only the fields of {@link CallSummary}, for a store to keep beside it). */
export function summaryOf(record: CallRecord): CallSummary {
  const { callId, state, createdAt, updatedAt, terminatedAt, reconciledAt, gap } = record;
  return {
    callId,
    createdAt,
    ...(state !== undefined ? { state } : {}),
    ...(updatedAt !== undefined ? { updatedAt } : {}),
    ...(terminatedAt !== undefined ? { terminatedAt } : {}),
    ...(reconciledAt !== undefined ? { reconciledAt } : {}),
    ...(gap !== undefined ? { gap } : {}),
  };
}

/**
 * The empty table every new record starts with: frozen and shared (a null-prototype object is a
 * dictionary of its own, a few hundred bytes, and most calls' `sequences` and `departed` stay
 * empty). The reducer copies a table before it writes to it, so sharing it is safe.
 */
const NO_ENTRIES: IdTable<never> = Object.freeze(idTable<never>());

/** A record for a call seen for the first time. */
export function emptyRecord(callId: string, now: number): CallRecord {
  return { callId, call: { id: callId }, participants: NO_ENTRIES, sequences: NO_ENTRIES, departed: NO_ENTRIES, createdAt: now };
}

/** A null-prototype copy of `source` (or an empty table), safe to assign any external id into. */
export function idTable<V>(source?: IdTable<V>): Record<string, V> {
  const table = Object.create(null) as Record<string, V>;
  if (source !== undefined) for (const key of Object.keys(source)) table[key] = source[key] as V;
  return table;
}

/** `table[key]` when `key` is the table's own entry, never something inherited from `Object.prototype`. */
export function ownEntry<V>(table: IdTable<V>, key: string): V | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}
