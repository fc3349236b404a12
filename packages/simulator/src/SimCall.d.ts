import type { CallScenario } from '@graph-calling/builders';
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
    readonly callbackUri: string;
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
export declare function truthOf(call: SimCall): CallTruth;
/** End reasons, as the calling service reports them in resultInfo. */
export declare const END_REASONS: {
    readonly endedByBot: {
        readonly code: 200;
        readonly subcode: 7000;
        readonly message: "The conversation has ended by bot.";
    };
    readonly conversationEnded: {
        readonly code: 200;
        readonly subcode: 5001;
        readonly message: "The conversation has ended.";
    };
    readonly peerLeft: {
        readonly code: 200;
        readonly subcode: 18503;
        readonly message: "The other participant in the peer-to-peer call left the conversation.";
    };
    readonly noAnswer: {
        readonly code: 408;
        readonly subcode: 10057;
        readonly message: "Call timed out due to no signaling from callee endpoints.";
    };
    readonly keepAliveTimeout: {
        readonly code: 408;
        readonly subcode: 8537;
        readonly message: "Keep Alive timeout, cleaned up inactive call.";
    };
    readonly declined: {
        readonly code: 603;
        readonly subcode: 0;
        readonly message: "The callee declined the call.";
    };
};
