import { identityDisplayName, identityKind, type Participant } from '@graph-calling/models';
import type { CallRecord } from '@graph-calling/notifications';

/** What the status route shows for each call. */
export interface CallStatus {
  readonly id: string;
  readonly state: string;
  /** This bot placed or answered the call (not merely heard of it). */
  readonly placedOrAnswered: boolean;
  /**
   * This instance owns the call — holds its lease: it keeps the call alive, reconciles it and ends it on
   * shutdown (what `/health`'s `owned` counts).
   */
  readonly owner: boolean;
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
export function callStatus(record: CallRecord, pii: boolean, now: number, owner = false): CallStatus {
  return {
    id: record.callId,
    state: record.state ?? 'unknown',
    placedOrAnswered: record.app?.direction === 'outgoing' || record.establishedAt !== undefined,
    owner,
    durationSeconds: Math.round(((record.terminatedAt ?? now) - (record.establishedAt ?? record.createdAt)) / 1000),
    resultInfo: record.resultInfo
      ? { code: record.resultInfo.code ?? 0, subcode: record.resultInfo.subcode ?? 0, message: record.resultInfo.message ?? undefined }
      : undefined,
    roster: Object.values(record.participants).map((p) => rosterEntry(p, pii)),
  };
}

function rosterEntry(p: Participant, pii: boolean): CallStatus['roster'][number] {
  const kind = identityKind(p.info) ?? 'unknown';
  const name = identityDisplayName(p.info);
  return {
    id: p.id ?? '',
    kind,
    name: name === undefined ? undefined : pii ? name : '[redacted]',
    muted: p.isMuted === true,
    inLobby: p.isInLobby === true,
  };
}
