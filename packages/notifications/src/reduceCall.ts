import type { Call, Participant } from '@graph-calling/models';
import { advances, phaseOf } from './callStateOrder';
import { emptyRecord, idTable, ownEntry, type CallRecord, type GapReason } from './CallRecord';
import type { CallbackEvent, ParticipantChange } from './events';
import { incomingCallOf } from './incomingCall';
import { operationEvents } from './operationEvents';
import type { ParsedNotification } from './parseNotifications';
import { sameValue } from './sameValue';
import { toneEvents } from './toneEvents';

/** Options of {@link reduceCall}. */
export interface ReduceOptions {
  /** The call was created with `isDeltaRosterEnabled`: `updated` rosters carry changes, not the whole roster. */
  readonly deltaRoster?: boolean;
  /** Clock for timestamps (default Date.now). */
  readonly now?: number;
  /**
   * The notification was made up by a reconciler from Graph's answer rather than sent by Graph:
   * a termination it causes is recorded (and emitted) as inferred.
   */
  readonly inferred?: boolean;
}

/** The new record and the events the notification caused. */
export interface Reduction {
  readonly record: CallRecord;
  readonly events: readonly CallbackEvent[];
}

/**
 * Applies one notification to a call's record — a pure function. It is idempotent (a duplicate
 * changes nothing and emits nothing) and monotonic under reordering: call states only move
 * forward (`terminated` is final), an update older than the last applied one (by etag or roster
 * sequence number) is ignored, and a participant who left is not resurrected by a late update.
 * Rosters that carry neither sequence numbers nor an etag cannot be ordered and are applied in
 * arrival order.
 */
export function reduceCall(current: CallRecord | undefined, n: ParsedNotification, options: ReduceOptions = {}): Reduction {
  const now = options.now ?? Date.now();
  const callId = n.callId ?? current?.callId ?? '';
  const record = current ?? emptyRecord(callId, now);
  if (record.terminatedAt !== undefined && n.resource.kind !== 'operation') return { record, events: [] };
  const reduction = dispatch(record, n, options, now);
  if (reduction.record === record) return reduction;
  // Every change is stamped, so silence can be measured and a reconciler can detect a race with a notification.
  return { record: { ...reduction.record, updatedAt: now, revision: (record.revision ?? 0) + 1 }, events: reduction.events };
}

function dispatch(record: CallRecord, n: ParsedNotification, options: ReduceOptions, now: number): Reduction {
  const callId = record.callId;
  switch (n.resource.kind) {
    case 'call': {
      const applied = applyCall(record, n, n.resource.call, now, options.inferred ?? false);
      const tones = toneEvents(applied.record, n.resource.call);
      return tones.events.length === 0 ? applied : { record: tones.record, events: [...applied.events, ...tones.events] };
    }
    case 'participants':
      return applyRoster(record, n.changeType, n.resource.participants, n.version, options.deltaRoster ?? false);
    case 'participant':
      return applyRoster(
        record,
        n.changeType,
        n.resource.participant ? [n.resource.participant] : [],
        n.version,
        true,
        n.resource.participantId,
      );
    case 'operation':
      return operationEvents(record, n.changeType, n.resourceUrl, n.resource);
    default:
      return {
        record,
        events: [{ type: 'unknown', callId, reason: `no handler for resource ${JSON.stringify(n.resourceUrl)}`, notification: n }],
      };
  }
}

function applyCall(record: CallRecord, n: ParsedNotification, incoming: Call, now: number, inferred: boolean): Reduction {
  if (n.version !== undefined && record.version !== undefined && n.version < record.version) return { record, events: [] };
  const deleted = n.changeType === 'deleted';
  const nextState = deleted ? 'terminated' : (incoming.state ?? undefined);
  const moves = nextState !== undefined && advances(record.state, nextState);
  // Properties of a stale state (a late `establishing`) must not overwrite newer ones either.
  const stale = nextState !== undefined && !moves && nextState !== record.state;
  if (stale) return { record, events: [] };
  // The common case on a busy callback: a repeat of what is already known. Decide it without copying.
  if (!moves && sameAsKnown(incoming, record.call)) return { record, events: [] };
  const merged: Call = {
    ...record.call,
    ...stripUndefined(incoming),
    id: record.callId,
    ...(nextState !== undefined ? { state: nextState } : {}),
  };
  const resultInfo = incoming.resultInfo ?? record.resultInfo ?? undefined;
  const events: CallbackEvent[] = [];
  const callId = record.callId;
  if (n.changeType === 'created' && nextState === 'incoming' && record.state === undefined)
    events.push({ type: 'call.incoming', callId, call: merged, incoming: incomingCallOf(merged) });
  const terminates = moves && nextState === 'terminated';
  if (moves) {
    events.push({ type: 'call.stateChanged', callId, previousState: record.state, state: nextState, call: merged });
    if (nextState === 'established' && record.establishedAt === undefined) events.push({ type: 'call.established', callId, call: merged });
    if (terminates) events.push({ type: 'call.terminated', callId, resultInfo, call: merged, ...(inferred ? { inferred } : {}) });
  }
  // Past the early return above, something in `incoming` differs from what is known (or the state moves).
  const gap = callGap(record, n.version, moves ? nextState : undefined);
  return {
    record: {
      ...record,
      call: merged,
      ...(nextState !== undefined ? { state: nextState } : {}),
      ...(n.version !== undefined && (record.version === undefined || n.version > record.version) ? { version: n.version } : {}),
      ...(resultInfo !== undefined ? { resultInfo } : {}),
      ...(moves && nextState === 'established' && record.establishedAt === undefined ? { establishedAt: now } : {}),
      ...(terminates ? { terminatedAt: now, ...(inferred ? { terminationInferred: true } : {}) } : {}),
      ...(gap !== undefined && !terminates ? { gap } : {}),
    },
    events,
  };
}

/** Whether a call update shows that something was missed: skipped etag versions, or a skipped state. */
function callGap(record: CallRecord, version: number | undefined, movedTo: string | undefined): GapReason | undefined {
  if (record.gap !== undefined) return record.gap;
  if (version !== undefined && record.version !== undefined && version > record.version + 1) return 'etag';
  // A live call is first establishing (outgoing) or incoming; arriving established from nothing means updates were lost.
  if (movedTo !== undefined && record.state === undefined && phaseOf(movedTo) === phaseOf('established')) return 'state-skipped';
  return undefined;
}

function applyRoster(
  record: CallRecord,
  changeType: string,
  incoming: readonly Participant[],
  version: number | undefined,
  delta: boolean,
  singleId?: string,
): Reduction {
  const snapshotVersion = maxSequence(incoming) ?? version;
  const fullSnapshot = !delta && changeType === 'updated' && singleId === undefined;
  if (fullSnapshot && snapshotVersion !== undefined && record.rosterVersion !== undefined && snapshotVersion < record.rosterVersion) {
    return { record, events: [] };
  }
  const highest = maxSequence(incoming);
  // A delta update that skips sequence numbers means one was lost; a full roster carries everything anyway.
  const skipped = !fullSnapshot && highest !== undefined && record.rosterSequence !== undefined && highest > record.rosterSequence + 1;
  const change = new RosterChange(record, changeType, fullSnapshot, record.gap ?? (skipped ? 'roster-sequence' : undefined));
  change.apply(incoming, singleId);
  const rosterSequence =
    highest !== undefined && (record.rosterSequence === undefined || highest > record.rosterSequence) ? highest : record.rosterSequence;
  const gap = change.gap;
  const marks = {
    ...(fullSnapshot && snapshotVersion !== undefined ? { rosterVersion: snapshotVersion } : {}),
    ...(rosterSequence !== undefined ? { rosterSequence } : {}),
    ...(gap !== undefined ? { gap } : {}),
  };
  if (change.joined.length === 0 && change.left.length === 0 && change.updated.length === 0) {
    const same =
      (marks.rosterVersion ?? record.rosterVersion) === record.rosterVersion &&
      rosterSequence === record.rosterSequence &&
      gap === record.gap;
    return { record: same ? record : { ...record, ...marks }, events: [] };
  }
  return {
    record: {
      ...record,
      participants: change.participants,
      sequences: change.sequencesChanged ? change.sequences : record.sequences,
      departed: change.departedChanged ? change.departed : record.departed,
      ...marks,
    },
    events: change.events(),
  };
}

/** One roster notification applied to a record's participant tables: who joined, left or changed. */
class RosterChange {
  readonly participants: Record<string, Participant>;
  readonly sequences: Record<string, number>;
  readonly departed: Record<string, true>;
  // A table nothing was written to stays the record's own (no copy kept per call for nothing).
  sequencesChanged = false;
  departedChanged = false;
  readonly joined: Participant[] = [];
  readonly left: string[] = [];
  readonly updated: Array<{ participant: Participant; previous: Participant; changes: ParticipantChange[] }> = [];

  constructor(
    private readonly record: CallRecord,
    private readonly changeType: string,
    private readonly fullSnapshot: boolean,
    public gap: GapReason | undefined,
  ) {
    this.participants = idTable(record.participants);
    this.sequences = idTable(record.sequences);
    this.departed = idTable(record.departed);
  }

  apply(incoming: readonly Participant[], singleId: string | undefined): void {
    if (this.changeType === 'deleted') {
      if (singleId !== undefined && incoming.length === 0) this.remove(singleId);
      for (const p of incoming) this.remove(participantId(p, singleId), p);
    } else if (this.fullSnapshot) {
      const present = new Set<string>();
      for (const p of incoming) {
        const id = participantId(p);
        present.add(id);
        this.upsert(p, id);
      }
      for (const id of Object.keys(this.record.participants)) if (!present.has(id)) this.remove(id);
    } else {
      for (const p of incoming) this.upsert(p, participantId(p, singleId));
    }
  }

  private setSequence(id: string, seq: number): void {
    if (ownEntry(this.sequences, id) === seq) return;
    this.sequences[id] = seq;
    this.sequencesChanged = true;
  }

  private isStale(id: string, p: Participant | undefined): boolean {
    const seq = p?.rosterSequenceNumber ?? undefined;
    const known = ownEntry(this.sequences, id);
    return seq !== undefined && seq !== null && known !== undefined && seq < known;
  }

  private upsert(p: Participant, id: string): void {
    if (this.isStale(id, p)) return;
    const wasDeparted = ownEntry(this.departed, id) !== undefined;
    // Without sequence numbers, a participant who left stays gone unless a full roster says otherwise.
    if (wasDeparted && !this.fullSnapshot && p.rosterSequenceNumber == null) return;
    const seq = p.rosterSequenceNumber;
    if (typeof seq === 'number') this.setSequence(id, seq);
    const previous = ownEntry(this.participants, id);
    if (previous === undefined && this.changeType === 'updated' && !this.fullSnapshot && !wasDeparted && this.gap === undefined)
      this.gap = 'unknown-participant';
    if (wasDeparted) {
      delete this.departed[id];
      this.departedChanged = true;
    }
    this.participants[id] = p;
    if (previous === undefined) this.joined.push(p);
    else {
      const changes = diffParticipant(previous, p);
      if (changes.length > 0) this.updated.push({ participant: p, previous, changes });
    }
  }

  private remove(id: string, p?: Participant): void {
    if (this.isStale(id, p)) return;
    const seq = p?.rosterSequenceNumber;
    if (typeof seq === 'number') this.setSequence(id, seq);
    if (ownEntry(this.departed, id) === undefined) {
      this.departed[id] = true;
      this.departedChanged = true;
    }
    if (ownEntry(this.participants, id) !== undefined) {
      delete this.participants[id];
      this.left.push(id);
    }
  }

  /** The events of the change: joins (and lobby arrivals), departures, updates, then the roster. */
  events(): CallbackEvent[] {
    const callId = this.record.callId;
    const events: CallbackEvent[] = [];
    for (const p of this.joined) {
      events.push({ type: 'participant.joined', callId, participant: p });
      if (p.isInLobby === true) events.push({ type: 'participant.inLobby', callId, participant: p });
    }
    for (const id of this.left)
      events.push({ type: 'participant.left', callId, participantId: id, participant: ownEntry(this.record.participants, id) });
    for (const u of this.updated) {
      events.push({ type: 'participant.updated', callId, ...u });
      if (u.changes.includes('enteredLobby')) events.push({ type: 'participant.inLobby', callId, participant: u.participant });
    }
    events.push({
      type: 'roster.updated',
      callId,
      participants: Object.values(this.participants),
      joined: this.joined,
      left: this.left,
      updated: this.updated.map((u) => u.participant),
    });
    return events;
  }
}

/**
 * A participant's key: its id, else the id named in the resource path, else who it is (each
 * identity's kind and id, from the fields the schema describes), so one person keeps one key.
 */
export function participantId(p: Participant, fallback?: string): string {
  if (p.id) return p.id;
  if (fallback !== undefined) return fallback;
  const identity = (p.info?.identity ?? {}) as Readonly<Record<string, unknown>>;
  const parts: string[] = [];
  for (const kind of Object.keys(identity).sort()) {
    const who = identity[kind] as { id?: unknown; displayName?: unknown } | null | undefined;
    if (kind.startsWith('@') || typeof who !== 'object' || who === null) continue;
    const name = typeof who.id === 'string' ? who.id : typeof who.displayName === 'string' ? `name:${who.displayName}` : '';
    parts.push(`${kind}:${name}`);
  }
  return parts.length > 0 ? `identity:${parts.join('|')}` : 'identity:unknown';
}

function maxSequence(list: readonly Participant[]): number | undefined {
  let max: number | undefined;
  for (const p of list)
    if (typeof p.rosterSequenceNumber === 'number') max = Math.max(max ?? p.rosterSequenceNumber, p.rosterSequenceNumber);
  return max;
}

function diffParticipant(before: Participant, after: Participant): ParticipantChange[] {
  const changes: ParticipantChange[] = [];
  if (before.isMuted !== after.isMuted && after.isMuted !== undefined) changes.push(after.isMuted ? 'muted' : 'unmuted');
  if (before.isInLobby !== after.isInLobby && after.isInLobby !== undefined) changes.push(after.isInLobby ? 'enteredLobby' : 'admitted');
  if (!sameValue(before.mediaStreams ?? null, after.mediaStreams ?? null)) changes.push('mediaStreams');
  // Everything but the fields compared above (and the sequence number, which changes with every roster).
  const rest = (p: Participant) => ({
    ...p,
    isMuted: undefined,
    isInLobby: undefined,
    mediaStreams: undefined,
    rosterSequenceNumber: undefined,
  });
  if (!sameValue(rest(before), rest(after))) changes.push('info');
  return changes;
}

/** True when every property of `incoming` already has that value in `known`. */
function sameAsKnown(incoming: Call, known: Call): boolean {
  const a = incoming as Record<string, unknown>;
  const b = known as Record<string, unknown>;
  for (const key in a) {
    const value = a[key];
    if (value === undefined) continue;
    if (!sameValue(value, Object.prototype.hasOwnProperty.call(b, key) ? b[key] : undefined)) return false;
  }
  return true;
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
