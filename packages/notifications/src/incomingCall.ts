import {
  identityKind,
  type Call,
  type ChatInfo,
  type IncomingContext,
  type MeetingInfo,
  type Modality,
  type ParticipantInfo,
} from '@graph-calling/models';

/** What a bot needs to decide about an incoming call and to answer it. */
export interface IncomingCall {
  /** Who calls: their participantInfo (identity, region, language). */
  readonly source: ParticipantInfo | undefined;
  /** What kind of party calls: `user`, `application`, `applicationInstance`, `phone`, `guest`, … */
  readonly callerKind: string | undefined;
  /** The caller's id (a directory object id, or an E.164 number for `phone`). */
  readonly callerId: string | undefined;
  readonly callerDisplayName: string | undefined;
  /** Whom the call is for (the bot, or an application instance with a phone number). */
  readonly targets: readonly ParticipantInfo[];
  /** What the caller offers; answer with a subset. */
  readonly requestedModalities: readonly Modality[];
  /** Transfer and on-behalf-of details. */
  readonly incomingContext: IncomingContext | undefined;
  /** Set when the bot is invited into a group call or meeting. */
  readonly chatInfo: ChatInfo | undefined;
  readonly meetingInfo: MeetingInfo | undefined;
  /** The callback URI the call was created with, when Graph says. */
  readonly callbackUri: string | undefined;
}

/** Reads the answer-relevant parts of an incoming call's resource. */
export function incomingCallOf(call: Call): IncomingCall {
  const source = call.source ?? undefined;
  const kind = identityKind(source);
  const identity =
    kind !== undefined ? ((source?.identity as Record<string, { id?: unknown; displayName?: unknown }> | undefined)?.[kind] ?? {}) : {};
  return {
    source,
    callerKind: kind,
    callerId: typeof identity.id === 'string' ? identity.id : undefined,
    callerDisplayName: typeof identity.displayName === 'string' ? identity.displayName : undefined,
    targets: call.targets ?? [],
    requestedModalities: call.requestedModalities ?? [],
    incomingContext: call.incomingContext ?? undefined,
    chatInfo: call.chatInfo ?? undefined,
    meetingInfo: call.meetingInfo ?? undefined,
    callbackUri: call.callbackUri,
  };
}
