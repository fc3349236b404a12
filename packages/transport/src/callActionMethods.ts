import {
  addLargeGalleryView,
  answer,
  cancelMediaProcessing,
  changeScreenSharingRole,
  inviteParticipants,
  mute,
  muteAllParticipants,
  muteParticipant,
  playPrompt,
  recordResponse,
  redirect,
  reject,
  sendDtmfTones,
  startHoldMusic,
  stopHoldMusic,
  subscribeToTone,
  transfer,
  unmute,
  updateRecordingStatus,
  type AnswerOptions,
  type ClientContextOptions,
  type InviteParticipantsOptions,
  type MuteAllParticipantsOptions,
  type PlayPromptOptions,
  type RecordResponseOptions,
  type RedirectOptions,
  type RejectOptions,
  type SendDtmfTonesOptions,
  type StartHoldMusicOptions,
  type TransferOptions,
  type UpdateRecordingStatusOptions,
} from '@graph-calling/builders';
import type {
  AnsweringCallActionName,
  CallActionAnswer,
  CallActionBody,
  CallActionName,
  OperationCallActionName,
  Participant,
} from '@graph-calling/models';
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
  waitFor(
    callId: string,
    key: { readonly operationId?: string | null; readonly clientContext?: string | null },
    options?: { readonly timeoutMs?: number; readonly signal?: AbortSignal },
  ): Promise<C>;
}

/** What an operation-starting action resolves with: Graph's answer, and the completion when waited for. */
export interface StartedOperation<O> {
  readonly operation: O;
  readonly completion: OperationCompletionLike | undefined;
}

/** The ids in an action's path. */
export interface ActionParams {
  readonly callId: string;
  readonly participantId?: string;
}

/** Sends actions of the models' CALL_ACTIONS table (transport internals), typed by the table's codecs. */
export interface InvokeAction {
  /** Sends action `name` and decodes Graph's answer with the action's answer codec. */
  answer<N extends AnsweringCallActionName>(
    name: N,
    params: ActionParams,
    body: CallActionBody<N>,
    options: RequestOptions | undefined,
  ): Promise<CallActionAnswer<N>>;
  /** Sends action `name`, whose answer carries nothing to read. */
  send<N extends CallActionName>(
    name: N,
    params: ActionParams,
    body: CallActionBody<N>,
    options: RequestOptions | undefined,
  ): Promise<void>;
}

/** The call actions of a calls client, built over {@link InvokeAction}. */
export function callActionMethods(invoke: InvokeAction, waiter: OperationWaiter | undefined) {
  /** Sends an operation-starting action and, with `wait`, waits for its completion notification. */
  async function started<N extends OperationCallActionName>(
    name: N,
    callId: string,
    body: CallActionBody<N>,
    options: OperationRequestOptions | undefined,
    participantId?: string,
  ): Promise<StartedOperation<CallActionAnswer<N>>> {
    if (options?.wait && waiter === undefined)
      throw new TypeError(
        `${name}: wait needs an operation waiter; pass operations: createOperationTracker({ receiver }) to createCallsClient`,
      );
    const operation = await invoke.answer(name, { callId, ...(participantId !== undefined ? { participantId } : {}) }, body, options);
    if (!options?.wait || waiter === undefined) return { operation, completion: undefined };
    const completion = await waiter.waitFor(
      callId,
      { operationId: operation.id ?? null, clientContext: operation.clientContext ?? body.clientContext ?? null },
      {
        ...(options.waitTimeoutMs !== undefined ? { timeoutMs: options.waitTimeoutMs } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
    return { operation, completion };
  }
  const accepted = <N extends CallActionName>(name: N, callId: string, body: CallActionBody<N>, options?: RequestOptions) =>
    invoke.send(name, { callId }, body, options);

  return {
    /** Answers an incoming call (within 15 s of `call.incoming`). */
    answer: (callId: string, options: AnswerOptions, request?: RequestOptions) => accepted('answer', callId, answer(options), request),
    /** Declines an incoming call. */
    reject: (callId: string, options: RejectOptions = {}, request?: RequestOptions) => accepted('reject', callId, reject(options), request),
    /** Sends an incoming call elsewhere before answering it. */
    redirect: (callId: string, options: RedirectOptions, request?: RequestOptions) =>
      accepted('redirect', callId, redirect(options), request),
    /** Hands an established call to someone else. */
    transfer: (callId: string, options: TransferOptions, request?: RequestOptions) =>
      accepted('transfer', callId, transfer(options), request),
    /** Plays prompts; resolves with the playPromptOperation (and its completion with `wait`). */
    playPrompt: (callId: string, options: PlayPromptOptions, request?: OperationRequestOptions) =>
      started('playPrompt', callId, playPrompt(options), request),
    /** Records a short answer; the completion carries the recording's location and access token. */
    record: (callId: string, options: RecordResponseOptions = {}, request?: OperationRequestOptions) =>
      started('recordResponse', callId, recordResponse(options), request),
    /** Subscribes to the caller's DTMF keys (they arrive as `tone.received`). */
    subscribeToTone: (callId: string, options: ClientContextOptions = {}, request?: OperationRequestOptions) =>
      started('subscribeToTone', callId, subscribeToTone(options), request),
    /** Sends DTMF tones into the call. */
    sendDtmfTones: (callId: string, options: SendDtmfTonesOptions, request?: OperationRequestOptions) =>
      started('sendDtmfTones', callId, sendDtmfTones(options), request),
    /** Stops every prompt and recording in progress or queued. */
    cancelMediaProcessing: (callId: string, options: ClientContextOptions = {}, request?: OperationRequestOptions) =>
      started('cancelMediaProcessing', callId, cancelMediaProcessing(options), request),
    /** Mutes the bot. */
    mute: (callId: string, options: ClientContextOptions = {}, request?: OperationRequestOptions) =>
      started('mute', callId, mute(options), request),
    /** Unmutes the bot. */
    unmute: (callId: string, options: ClientContextOptions = {}, request?: OperationRequestOptions) =>
      started('unmute', callId, unmute(options), request),
    /** Makes the bot a screen-sharing viewer or sharer. */
    changeScreenSharingRole: (callId: string, role: 'viewer' | 'sharer', request?: RequestOptions) =>
      accepted('changeScreenSharingRole', callId, changeScreenSharingRole({ role }), request),
    /** Tells Graph whether a compliance bot records. */
    updateRecordingStatus: (callId: string, options: UpdateRecordingStatusOptions, request?: OperationRequestOptions) =>
      started('updateRecordingStatus', callId, updateRecordingStatus(options), request),
    /** Adds the large gallery view (group calls). */
    addLargeGalleryView: (callId: string, options: ClientContextOptions = {}, request?: OperationRequestOptions) =>
      started('addLargeGalleryView', callId, addLargeGalleryView(options), request),
    participants: {
      /** The call's roster. */
      list: async (callId: string, request?: RequestOptions): Promise<Participant[]> => [
        ...(await invoke.answer('listParticipants', { callId }, undefined, request)).value,
      ],
      /** One participant. */
      get: async (callId: string, participantId: string, request?: RequestOptions): Promise<Participant> =>
        invoke.answer('getParticipant', { callId, participantId }, undefined, request),
      /** Removes a participant from a group call. */
      remove: async (callId: string, participantId: string, request?: RequestOptions): Promise<void> => {
        await invoke.send('deleteParticipant', { callId, participantId }, undefined, request);
      },
      /** Invites 1 to 5 participants; the completion says whether the invitation went through. */
      invite: (callId: string, options: InviteParticipantsOptions, request?: OperationRequestOptions) =>
        started('inviteParticipants', callId, inviteParticipants(options), request),
      /** Mutes one participant of a group call. */
      mute: (callId: string, participantId: string, options: ClientContextOptions = {}, request?: OperationRequestOptions) =>
        started('muteParticipant', callId, muteParticipant(options), request, participantId),
      /** beta: mutes every participant. */
      muteAll: (callId: string, options: MuteAllParticipantsOptions = {}, request?: OperationRequestOptions) =>
        started('muteAllParticipants', callId, muteAllParticipants(options), request),
      /** Puts a participant on hold with music. */
      startHoldMusic: (callId: string, participantId: string, options: StartHoldMusicOptions = {}, request?: OperationRequestOptions) =>
        started('startHoldMusic', callId, startHoldMusic(options), request, participantId),
      /** Takes a participant off hold. */
      stopHoldMusic: (callId: string, participantId: string, options: ClientContextOptions = {}, request?: OperationRequestOptions) =>
        started('stopHoldMusic', callId, stopHoldMusic(options), request, participantId),
    },
  };
}

/** The action methods of `client.calls` (besides create, get, delete, keepAlive). */
export type CallActionMethods = ReturnType<typeof callActionMethods>;
