import type { Call, Participant, ResultInfo } from '@graph-calling/models';

/** Everything the receiver knows about one call, as built from its notifications. */
export interface CallRecord {
  readonly callId: string;
  readonly state?: string;
  /** The call's properties, merged from every applied notification. */
  readonly call: Call;
  /** The etag version of the last applied call update, when Graph sends one. */
  readonly version?: number;
  readonly participants: Readonly<Record<string, Participant>>;
  /** Highest roster sequence seen per participant (also for those who left). */
  readonly sequences: Readonly<Record<string, number>>;
  /** Participants who left, so a late older update cannot bring them back. */
  readonly departed: Readonly<Record<string, true>>;
  /** Version of the last full roster applied. */
  readonly rosterVersion?: number;
  readonly resultInfo?: ResultInfo;
  /** When the call first became established / terminated (ms since epoch). */
  readonly establishedAt?: number;
  readonly terminatedAt?: number;
  readonly createdAt: number;
  /** Sequence ids of the tones already reported (the latest 64), so a repeat is not reported twice. */
  readonly tonesSeen?: readonly number[];
  /** Keys of the operations already reported finished (the latest 64). */
  readonly operationsDone?: readonly string[];
}

/** A record for a call seen for the first time. */
export function emptyRecord(callId: string, now: number): CallRecord {
  return { callId, call: { id: callId }, participants: {}, sequences: {}, departed: {}, createdAt: now };
}
