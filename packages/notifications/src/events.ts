import type { Call, Participant, ResultInfo } from '@graph-calling/models';
import type { ParsedNotification } from './parseNotifications';

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
  'call.incoming': Base<'call.incoming'> & { readonly call: Call };
  'call.stateChanged': Base<'call.stateChanged'> & {
    readonly previousState: string | undefined;
    readonly state: string;
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
    readonly operation: Readonly<Record<string, unknown>>;
  };
  unknown: Base<'unknown'> & { readonly reason: string; readonly notification: ParsedNotification };
}

export type CallbackEvent = EventMap[EventName];
