import type { CallScenario } from '@graph-calling/models';
import type { CallRequest, CallsCollection, IdentitySet, MediaStream, ResultInfo } from '@graph-calling/models';

/** A participant as the simulator keeps it (rendered as a Graph participant in rosters). */
export interface SimParticipant {
  readonly id: string;
  readonly identity: IdentitySet;
  isMuted: boolean;
  isInLobby: boolean;
  readonly mediaStreams: MediaStream[];
  /** The bot itself. */
  readonly self: boolean;
}

/** The true state of a simulated call. */
export interface SimCall {
  readonly id: string;
  readonly tenantId: string;
  readonly appId: string;
  readonly version: 'v1.0' | 'beta';
  /** `communications` for /communications/calls; `app` and `applications` for the deprecated beta /app/calls and /applications/{id}/calls. */
  readonly api: CallsCollection;
  readonly request: CallRequest;
  readonly scenario: CallScenario;
  /** Where notifications go; an answer may name a new one. */
  callbackUri: string;
  readonly myParticipantId: string;
  readonly callChainId: string;
  readonly createdAt: number;
  state: 'incoming' | 'establishing' | 'established' | 'transferring' | 'redirecting' | 'terminating' | 'terminated';
  /** `incoming` for calls that rang the bot (control ring); outgoing otherwise. */
  direction?: 'incoming' | 'outgoing';
  resultInfo?: ResultInfo;
  readonly participants: Map<string, SimParticipant>;
  /** Incremented on every roster change (the participants' rosterSequenceNumber). */
  rosterSequence: number;
  /** Incremented on every call notification (its @odata.etag). */
  etag: number;
  lastKeepAlive: number;
  /** Names the call's own sequence of fault decisions: its callback URL and how many calls used that URL before it. */
  readonly faultStream: string;
}

/** A snapshot of a call for tests and the control API: what the far side knows. */
export interface CallTruth {
  readonly id: string;
  readonly state: SimCall['state'];
  readonly scenario: CallScenario;
  readonly tenantId: string;
  readonly resultInfo?: ResultInfo;
  readonly participants: ReadonlyArray<{
    readonly id: string;
    readonly identity: IdentitySet;
    readonly isMuted: boolean;
    readonly isInLobby: boolean;
    readonly self: boolean;
  }>;
}

export function truthOf(call: SimCall): CallTruth {
  return {
    id: call.id,
    state: call.state,
    scenario: call.scenario,
    tenantId: call.tenantId,
    ...(call.resultInfo ? { resultInfo: call.resultInfo } : {}),
    participants: [...call.participants.values()].map((p) => ({
      id: p.id,
      identity: p.identity,
      isMuted: p.isMuted,
      isInLobby: p.isInLobby,
      self: p.self,
    })),
  };
}

/** End reasons, as the calling service reports them in resultInfo. */
export const END_REASONS = {
  endedByBot: { code: 200, subcode: 7000, message: 'The conversation has ended by bot.' },
  conversationEnded: { code: 200, subcode: 5001, message: 'The conversation has ended.' },
  peerLeft: { code: 200, subcode: 18503, message: 'The other participant in the peer-to-peer call left the conversation.' },
  noAnswer: { code: 408, subcode: 10057, message: 'Call timed out due to no signaling from callee endpoints.' },
  keepAliveTimeout: { code: 408, subcode: 8537, message: 'Keep Alive timeout, cleaned up inactive call.' },
  // Not in the published table: a callee declining is answered with SIP's 603 Decline.
  declined: { code: 603, subcode: 0, message: 'The callee declined the call.' },
} as const satisfies Record<string, ResultInfo>;
