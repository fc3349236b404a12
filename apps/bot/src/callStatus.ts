import type { Participant } from '@graph-calling/models';
import type { CallRecord } from '@graph-calling/notifications';

/** What the status route shows for each call. */
export interface CallStatus {
  readonly id: string;
  readonly state: string;
  /** This bot placed or answered the call. */
  readonly owned: boolean;
  /** This instance holds the call's lease: it keeps the call alive, reconciles it and ends it on shutdown. */
  readonly keeper: boolean;
  readonly durationSeconds: number;
  /** Why the call ended (code/subcode as Graph reports them), once it has. */
  readonly resultInfo: { readonly code: number; readonly subcode: number; readonly message: string | undefined } | undefined;
  readonly roster: ReadonlyArray<{
    readonly id: string;
    readonly kind: string;
    readonly name: string | undefined;
    readonly muted: boolean;
    readonly inLobby: boolean;
  }>;
}

/** The status of one call as the bot's store holds it; display names only with `pii`. */
export function callStatus(record: CallRecord, pii: boolean, now: number, keeper = false): CallStatus {
  return {
    id: record.callId,
    state: record.state ?? 'unknown',
    owned: record.app?.direction === 'outgoing' || record.establishedAt !== undefined,
    keeper,
    durationSeconds: Math.round(((record.terminatedAt ?? now) - (record.establishedAt ?? record.createdAt)) / 1000),
    resultInfo: record.resultInfo
      ? { code: record.resultInfo.code ?? 0, subcode: record.resultInfo.subcode ?? 0, message: record.resultInfo.message ?? undefined }
      : undefined,
    roster: Object.values(record.participants).map((p) => rosterEntry(p, pii)),
  };
}

function rosterEntry(p: Participant, pii: boolean): CallStatus['roster'][number] {
  const identity = (p.info?.identity ?? {}) as Record<string, { displayName?: string | null } | null | undefined>;
  const kind = Object.keys(identity).find((k) => k !== '@odata.type' && identity[k]) ?? 'unknown';
  const name = identity[kind]?.displayName ?? undefined;
  return {
    id: p.id ?? '',
    kind,
    name: name === undefined ? undefined : pii ? name : '[redacted]',
    muted: p.isMuted === true,
    inLobby: p.isInLobby === true,
  };
}
