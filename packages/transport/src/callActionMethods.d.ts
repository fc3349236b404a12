import { type AnswerOptions, type ClientContextOptions, type InviteParticipantsOptions, type MuteAllParticipantsOptions, type PlayPromptOptions, type RecordResponseOptions, type RedirectOptions, type RejectOptions, type SendDtmfTonesOptions, type StartHoldMusicOptions, type TransferOptions, type UpdateRecordingStatusOptions } from '@graph-calling/builders';
import type { CallActionName, CommsOperation, Participant } from '@graph-calling/models';
import type { RequestOptions } from './RequestOptions';
/** Options of an action that starts a long-running operation. */
export interface OperationRequestOptions extends RequestOptions {
    /** Also wait for the operation's completion notification (needs `operations` in the client options). */
    readonly wait?: boolean;
    /** How long to wait for it (default: the waiter's). */
    readonly waitTimeoutMs?: number;
}
/** A finished operation as the notification side reports it (`@graph-calling/notifications`' OperationCompletion). */
export interface OperationCompletionLike {
    readonly succeeded: boolean;
    readonly operationId: string | undefined;
    readonly operationType: string;
    readonly clientContext: string | undefined;
}
/**
 * Waits for operation completion notifications. `createOperationTracker` from
 * `@graph-calling/notifications` is one; transport does not depend on the receiving side.
 */
export interface OperationWaiter<C extends OperationCompletionLike = OperationCompletionLike> {
    waitFor(callId: string, key: {
        readonly operationId?: string | null;
        readonly clientContext?: string | null;
    }, options?: {
        readonly timeoutMs?: number;
        readonly signal?: AbortSignal;
    }): Promise<C>;
}
/** What an operation-starting action resolves with: Graph's answer, and the completion when waited for. */
export interface StartedOperation<O> {
    readonly operation: O;
    readonly completion: OperationCompletionLike | undefined;
}
/** Sends one action of the models' CALL_ACTIONS table and decodes its answer (transport internals). */
export type InvokeAction = (name: CallActionName, params: {
    readonly callId: string;
    readonly participantId?: string;
}, body: unknown, options: RequestOptions | undefined) => Promise<unknown>;
/** The call actions of a calls client, built over {@link InvokeAction}. */
export declare function callActionMethods(invoke: InvokeAction, waiter: OperationWaiter | undefined): {
    /** Answers an incoming call (within 15 s of `call.incoming`). */
    answer: (callId: string, options: AnswerOptions, request?: RequestOptions) => Promise<void>;
    /** Declines an incoming call. */
    reject: (callId: string, options?: RejectOptions, request?: RequestOptions) => Promise<void>;
    /** Sends an incoming call elsewhere before answering it. */
    redirect: (callId: string, options: RedirectOptions, request?: RequestOptions) => Promise<void>;
    /** Hands an established call to someone else. */
    transfer: (callId: string, options: TransferOptions, request?: RequestOptions) => Promise<void>;
    /** Plays prompts; resolves with the playPromptOperation (and its completion with `wait`). */
    playPrompt: (callId: string, options: PlayPromptOptions, request?: OperationRequestOptions) => Promise<StartedOperation<{} & {
        '@odata.type'?: string;
        id?: string | null;
        status?: "running" | "completed" | "failed" | "notStarted" | "NotStarted" | "Running" | "Completed" | "Failed";
        clientContext?: string | null;
        resultInfo?: import("@graph-calling/models").ResultInfo | null;
        createdDateTime?: string | null;
        lastActionDateTime?: string | null;
        completionReason?: "unknownFutureValue" | "unknown" | "mediaOperationCanceled" | "completedSuccessfully" | null;
    }>>;
    /** Records a short answer; the completion carries the recording's location and access token. */
    record: (callId: string, options?: RecordResponseOptions, request?: OperationRequestOptions) => Promise<StartedOperation<{} & {
        '@odata.type'?: string;
        id?: string | null;
        status?: "running" | "completed" | "failed" | "notStarted" | "NotStarted" | "Running" | "Completed" | "Failed";
        clientContext?: string | null;
        resultInfo?: import("@graph-calling/models").ResultInfo | null;
        createdDateTime?: string | null;
        lastActionDateTime?: string | null;
        recordingLocation?: string | null;
        recordingAccessToken?: string | null;
        completionReason?: "stopToneDetected" | "maxRecordDurationReached" | "operationCanceled" | "none" | "initialSilenceTimeout" | "maxSilenceTimeout" | "playPromptFailed" | "playBeepFailed" | "mediaReceiveTimeout" | "unspecifiedError" | null;
    }>>;
    /** Subscribes to the caller's DTMF keys (they arrive as `tone.received`). */
    subscribeToTone: (callId: string, options?: ClientContextOptions, request?: OperationRequestOptions) => Promise<StartedOperation<CommsOperation>>;
    /** Sends DTMF tones into the call. */
    sendDtmfTones: (callId: string, options: SendDtmfTonesOptions, request?: OperationRequestOptions) => Promise<StartedOperation<CommsOperation>>;
    /** Stops every prompt and recording in progress or queued. */
    cancelMediaProcessing: (callId: string, options?: ClientContextOptions, request?: OperationRequestOptions) => Promise<StartedOperation<CommsOperation>>;
    /** Mutes the bot. */
    mute: (callId: string, options?: ClientContextOptions, request?: OperationRequestOptions) => Promise<StartedOperation<CommsOperation>>;
    /** Unmutes the bot. */
    unmute: (callId: string, options?: ClientContextOptions, request?: OperationRequestOptions) => Promise<StartedOperation<CommsOperation>>;
    /** Makes the bot a screen-sharing viewer or sharer. */
    changeScreenSharingRole: (callId: string, role: "viewer" | "sharer", request?: RequestOptions) => Promise<void>;
    /** Tells Graph whether a compliance bot records. */
    updateRecordingStatus: (callId: string, options: UpdateRecordingStatusOptions, request?: OperationRequestOptions) => Promise<StartedOperation<CommsOperation>>;
    /** Adds the large gallery view (group calls). */
    addLargeGalleryView: (callId: string, options?: ClientContextOptions, request?: OperationRequestOptions) => Promise<StartedOperation<CommsOperation>>;
    participants: {
        /** The call's roster. */
        list: (callId: string, request?: RequestOptions) => Promise<Participant[]>;
        /** One participant. */
        get: (callId: string, participantId: string, request?: RequestOptions) => Promise<Participant>;
        /** Removes a participant from a group call. */
        remove: (callId: string, participantId: string, request?: RequestOptions) => Promise<void>;
        /** Invites 1 to 5 participants; the completion says whether the invitation went through. */
        invite: (callId: string, options: InviteParticipantsOptions, request?: OperationRequestOptions) => Promise<StartedOperation<{} & {
            '@odata.type'?: string;
            id?: string | null;
            status?: "running" | "completed" | "failed" | "notStarted" | "NotStarted" | "Running" | "Completed" | "Failed";
            clientContext?: string | null;
            resultInfo?: import("@graph-calling/models").ResultInfo | null;
            createdDateTime?: string | null;
            lastActionDateTime?: string | null;
            participants?: import("@graph-calling/models").InvitationParticipantInfo[] | null;
        }>>;
        /** Mutes one participant of a group call. */
        mute: (callId: string, participantId: string, options?: ClientContextOptions, request?: OperationRequestOptions) => Promise<StartedOperation<CommsOperation>>;
        /** beta: mutes every participant. */
        muteAll: (callId: string, options?: MuteAllParticipantsOptions, request?: OperationRequestOptions) => Promise<StartedOperation<CommsOperation>>;
        /** Puts a participant on hold with music. */
        startHoldMusic: (callId: string, participantId: string, options?: StartHoldMusicOptions, request?: OperationRequestOptions) => Promise<StartedOperation<CommsOperation>>;
        /** Takes a participant off hold. */
        stopHoldMusic: (callId: string, participantId: string, options?: ClientContextOptions, request?: OperationRequestOptions) => Promise<StartedOperation<CommsOperation>>;
    };
};
/** The action methods of `client.calls` (besides create, get, delete, keepAlive). */
export type CallActionMethods = ReturnType<typeof callActionMethods>;
