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
  CallActionName,
  CommsOperation,
  InviteParticipantsOperation,
  Participant,
  ParticipantCollection,
  PlayPromptOperation,
  RecordOperation,
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

/** Sends one action of the models' CALL_ACTIONS table and decodes its answer (transport internals). */
export type InvokeAction = (
  name: CallActionName,
  params: { readonly callId: string; readonly participantId?: string },
  body: unknown,
  options: RequestOptions | undefined,
) => Promise<unknown>;

/** The call actions of a calls client, built over {@link InvokeAction}. */
export function callActionMethods(invoke: InvokeAction, waiter: OperationWaiter | undefined) {
  async function started<O extends { id?: string | null; clientContext?: string | null }>(
    name: CallActionName,
    callId: string,
    body: unknown,
    options: OperationRequestOptions | undefined,
    participantId?: string,
  ): Promise<StartedOperation<O>> {
    if (options?.wait && waiter === undefined)
      throw new TypeError(
        `${name}: wait needs an operation waiter; pass operations: createOperationTracker({ receiver }) to createCallsClient`,
      );
    const operation = (await invoke(name, { callId, ...(participantId !== undefined ? { participantId } : {}) }, body, options)) as O;
    if (!options?.wait || waiter === undefined) return { operation, completion: undefined };
    const clientContext = operation?.clientContext ?? (body as { clientContext?: string }).clientContext;
    const completion = await waiter.waitFor(
      callId,
      { operationId: operation?.id ?? null, clientContext: clientContext ?? null },
      {
        ...(options.waitTimeoutMs !== undefined ? { timeoutMs: options.waitTimeoutMs } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
    return { operation, completion };
  }
  const accepted = async (name: CallActionName, callId: string, body: unknown, options?: RequestOptions): Promise<void> => {
    await invoke(name, { callId }, body, options);
  };

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
      started<PlayPromptOperation>('playPrompt', callId, playPrompt(options), request),
    /** Records a short answer; the completion carries the recording's location and access token. */
    record: (callId: string, options: RecordResponseOptions = {}, request?: OperationRequestOptions) =>
      started<RecordOperation>('recordResponse', callId, recordResponse(options), request),
    /** Subscribes to the caller's DTMF keys (they arrive as `tone.received`). */
    subscribeToTone: (callId: string, options: ClientContextOptions = {}, request?: OperationRequestOptions) =>
      started<CommsOperation>('subscribeToTone', callId, subscribeToTone(options), request),
    /** Sends DTMF tones into the call. */
    sendDtmfTones: (callId: string, options: SendDtmfTonesOptions, request?: OperationRequestOptions) =>
      started<CommsOperation>('sendDtmfTones', callId, sendDtmfTones(options), request),
    /** Stops every prompt and recording in progress or queued. */
    cancelMediaProcessing: (callId: string, options: ClientContextOptions = {}, request?: OperationRequestOptions) =>
      started<CommsOperation>('cancelMediaProcessing', callId, cancelMediaProcessing(options), request),
    /** Mutes the bot. */
    mute: (callId: string, options: ClientContextOptions = {}, request?: OperationRequestOptions) =>
      started<CommsOperation>('mute', callId, mute(options), request),
    /** Unmutes the bot. */
    unmute: (callId: string, options: ClientContextOptions = {}, request?: OperationRequestOptions) =>
      started<CommsOperation>('unmute', callId, unmute(options), request),
    /** Makes the bot a screen-sharing viewer or sharer. */
    changeScreenSharingRole: (callId: string, role: 'viewer' | 'sharer', request?: RequestOptions) =>
      accepted('changeScreenSharingRole', callId, changeScreenSharingRole({ role }), request),
    /** Tells Graph whether a compliance bot records. */
    updateRecordingStatus: (callId: string, options: UpdateRecordingStatusOptions, request?: OperationRequestOptions) =>
      started<CommsOperation>('updateRecordingStatus', callId, updateRecordingStatus(options), request),
    /** Adds the large gallery view (group calls). */
    addLargeGalleryView: (callId: string, options: ClientContextOptions = {}, request?: OperationRequestOptions) =>
      started<CommsOperation>('addLargeGalleryView', callId, addLargeGalleryView(options), request),
    participants: {
      /** The call's roster. */
      list: async (callId: string, request?: RequestOptions): Promise<Participant[]> => [
        ...((await invoke('listParticipants', { callId }, undefined, request)) as ParticipantCollection).value,
      ],
      /** One participant. */
      get: async (callId: string, participantId: string, request?: RequestOptions): Promise<Participant> =>
        (await invoke('getParticipant', { callId, participantId }, undefined, request)) as Participant,
      /** Removes a participant from a group call. */
      remove: async (callId: string, participantId: string, request?: RequestOptions): Promise<void> => {
        await invoke('deleteParticipant', { callId, participantId }, undefined, request);
      },
      /** Invites 1 to 5 participants; the completion says whether the invitation went through. */
      invite: (callId: string, options: InviteParticipantsOptions, request?: OperationRequestOptions) =>
        started<InviteParticipantsOperation>('inviteParticipants', callId, inviteParticipants(options), request),
      /** Mutes one participant of a group call. */
      mute: (callId: string, participantId: string, options: ClientContextOptions = {}, request?: OperationRequestOptions) =>
        started<CommsOperation>('muteParticipant', callId, muteParticipant(options), request, participantId),
      /** beta: mutes every participant. */
      muteAll: (callId: string, options: MuteAllParticipantsOptions = {}, request?: OperationRequestOptions) =>
        started<CommsOperation>('muteAllParticipants', callId, muteAllParticipants(options), request),
      /** Puts a participant on hold with music. */
      startHoldMusic: (callId: string, participantId: string, options: StartHoldMusicOptions = {}, request?: OperationRequestOptions) =>
        started<CommsOperation>('startHoldMusic', callId, startHoldMusic(options), request, participantId),
      /** Takes a participant off hold. */
      stopHoldMusic: (callId: string, participantId: string, options: ClientContextOptions = {}, request?: OperationRequestOptions) =>
        started<CommsOperation>('stopHoldMusic', callId, stopHoldMusic(options), request, participantId),
    },
  };
}

/** The action methods of `client.calls` (besides create, get, delete, keepAlive). */
export type CallActionMethods = ReturnType<typeof callActionMethods>;
