import type { Call, CommsOperation, InvitationParticipantInfo, Participant, ResultInfo, Tone, ToneInfo } from '@graph-calling/models';
import type { IncomingCall } from './incomingCall';
import type { ParsedNotification } from './parseNotifications';
import type { CallState, OpenUnion } from '@graph-calling/models';

/** Every event name the receiver emits, as data (handlers are registered by these). */
export const EVENT_NAMES = [
  'call.incoming',
  'call.stateChanged',
  'call.established',
  'call.terminated',
  'roster.updated',
  'participant.joined',
  'participant.left',
  'participant.updated',
  'participant.inLobby',
  'operation.updated',
  'operation.completed',
  'operation.failed',
  'tone.received',
  'participant.invited',
  'unknown',
] as const;

export type EventName = (typeof EVENT_NAMES)[number];

/** What about a participant changed. */
export type ParticipantChange = 'muted' | 'unmuted' | 'enteredLobby' | 'admitted' | 'mediaStreams' | 'info';

interface Base<N extends EventName> {
  readonly type: N;
  readonly callId: string;
}

/** The typed payload of each event, by name. */
export interface EventMap {
  /** A call rings the bot: answer, reject or redirect it within 15 seconds. */
  'call.incoming': Base<'call.incoming'> & { readonly call: Call; readonly incoming: IncomingCall };
  'call.stateChanged': Base<'call.stateChanged'> & {
    readonly previousState: OpenUnion<CallState> | undefined;
    readonly state: OpenUnion<CallState>;
    readonly call: Call;
  };
  'call.established': Base<'call.established'> & { readonly call: Call };
  'call.terminated': Base<'call.terminated'> & {
    readonly resultInfo: ResultInfo | undefined;
    readonly call: Call;
    /** `true` when the end was inferred (Graph answered 404 for the call) rather than notified. */
    readonly inferred?: boolean;
  };
  'roster.updated': Base<'roster.updated'> & {
    readonly participants: readonly Participant[];
    readonly joined: readonly Participant[];
    readonly left: readonly string[];
    readonly updated: readonly Participant[];
  };
  'participant.joined': Base<'participant.joined'> & { readonly participant: Participant };
  'participant.left': Base<'participant.left'> & { readonly participantId: string; readonly participant: Participant | undefined };
  'participant.updated': Base<'participant.updated'> & {
    readonly participant: Participant;
    readonly previous: Participant;
    readonly changes: readonly ParticipantChange[];
  };
  'participant.inLobby': Base<'participant.inLobby'> & { readonly participant: Participant };
  'operation.updated': Base<'operation.updated'> & {
    readonly operationId: string | undefined;
    readonly operationType: string;
    readonly operation: CommsOperation;
  };
  /** An operation finished well: a prompt played, a recording is ready, an invitation went out. */
  'operation.completed': Base<'operation.completed'> & OperationOutcome;
  /** An operation failed; `resultInfo` says why. */
  'operation.failed': Base<'operation.failed'> & OperationOutcome;
  /** The caller pressed a key (after `subscribeToTone`). */
  'tone.received': Base<'tone.received'> & { readonly tone: Tone; readonly sequenceId: number; readonly toneInfo: ToneInfo };
  /** An invitation finished: who was invited, and whether it worked. */
  'participant.invited': Base<'participant.invited'> & {
    readonly operationId: string | undefined;
    readonly succeeded: boolean;
    readonly participants: readonly InvitationParticipantInfo[];
    readonly resultInfo: ResultInfo | undefined;
    readonly clientContext: string | undefined;
  };
  unknown: Base<'unknown'> & { readonly reason: string; readonly notification: ParsedNotification };
}

export type CallbackEvent = EventMap[EventName];

/** What a finished operation reports, typed by its subtype. */
export interface OperationOutcome {
  readonly operationId: string | undefined;
  /** `playPromptOperation`, `recordOperation`, … */
  readonly operationType: string;
  readonly operation: CommsOperation;
  readonly resultInfo: ResultInfo | undefined;
  readonly clientContext: string | undefined;
  /** Why it stopped (`completedSuccessfully`, `maxRecordDurationReached`, …), when Graph says. */
  readonly completionReason: string | undefined;
  /** Record operations: where to download the recording, and the bearer token to do it with. */
  readonly recording: { readonly location: string; readonly accessToken: string | undefined } | undefined;
}
