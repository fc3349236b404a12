import { BuilderError, buildActionBody, type ActionBuilderOptions, type BuiltCallActionName } from '@graph-calling/builders';
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

/** The body of action `name` from the caller's options, or from `defaults` when none are given. */
function bodyOf<N extends BuiltCallActionName>(name: N, options: ActionBuilderOptions<N> | undefined, defaults?: ActionBuilderOptions<N>) {
  const given = options ?? defaults;
  if (given === undefined) throw new BuilderError('invalid-value', `${name}.options`, 'an options object', 'undefined');
  return buildActionBody(name, given);
}

type Started<N extends OperationCallActionName> = Promise<StartedOperation<CallActionAnswer<N>>>;
type Operation = BuiltCallActionName & OperationCallActionName;

/** Makes the client's action methods: each builds its action's body with the builders' table and sends it by the actions table. */
class ActionMethodFactory {
  constructor(
    private readonly invoke: InvokeAction,
    private readonly waiter: OperationWaiter | undefined,
  ) {}

  /** Sends an operation-starting action and, with `wait`, waits for its completion notification. */
  async started<N extends OperationCallActionName>(
    name: N,
    callId: string,
    body: CallActionBody<N>,
    options: OperationRequestOptions | undefined,
    participantId?: string,
  ): Started<N> {
    const waiter = this.waiter;
    if (options?.wait && waiter === undefined)
      throw new TypeError(
        `${name}: wait needs an operation waiter; pass operations: createOperationTracker({ receiver }) to createCallsClient`,
      );
    const operation = await this.invoke.answer(name, { callId, ...(participantId !== undefined ? { participantId } : {}) }, body, options);
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

  /** `(callId, options, request)`: sends action `name`, whose answer carries nothing to read. */
  accepted<N extends BuiltCallActionName>(
    name: N,
  ): (callId: string, options: ActionBuilderOptions<N>, request?: RequestOptions) => Promise<void>;
  accepted<N extends BuiltCallActionName>(
    name: N,
    defaults: ActionBuilderOptions<N>,
  ): (callId: string, options?: ActionBuilderOptions<N>, request?: RequestOptions) => Promise<void>;
  accepted<N extends BuiltCallActionName>(name: N, defaults?: ActionBuilderOptions<N>) {
    return (callId: string, options?: ActionBuilderOptions<N>, request?: RequestOptions) =>
      this.invoke.send(name, { callId }, bodyOf(name, options, defaults), request);
  }

  /** `(callId, options, request)`: sends operation action `name` (see {@link ActionMethodFactory.started}). */
  operation<N extends Operation>(
    name: N,
  ): (callId: string, options: ActionBuilderOptions<N>, request?: OperationRequestOptions) => Started<N>;
  operation<N extends Operation>(
    name: N,
    defaults: ActionBuilderOptions<N>,
  ): (callId: string, options?: ActionBuilderOptions<N>, request?: OperationRequestOptions) => Started<N>;
  operation<N extends Operation>(name: N, defaults?: ActionBuilderOptions<N>) {
    return (callId: string, options?: ActionBuilderOptions<N>, request?: OperationRequestOptions) =>
      this.started(name, callId, bodyOf(name, options, defaults), request);
  }

  /** `(callId, participantId, options, request)`: sends operation action `name` to one participant. */
  participantOperation<N extends Operation>(
    name: N,
    defaults: ActionBuilderOptions<N>,
  ): (callId: string, participantId: string, options?: ActionBuilderOptions<N>, request?: OperationRequestOptions) => Started<N> {
    return (callId, participantId, options, request) => this.started(name, callId, bodyOf(name, options, defaults), request, participantId);
  }
}

/** The call actions of a calls client, built over {@link InvokeAction}. */
export function callActionMethods(invoke: InvokeAction, waiter: OperationWaiter | undefined) {
  const make = new ActionMethodFactory(invoke, waiter);
  return {
    /** Answers an incoming call (within 15 s of `call.incoming`). */
    answer: make.accepted('answer'),
    /** Declines an incoming call. */
    reject: make.accepted('reject', {}),
    /** Sends an incoming call elsewhere before answering it. */
    redirect: make.accepted('redirect'),
    /** Hands an established call to someone else. */
    transfer: make.accepted('transfer'),
    /** Plays prompts; resolves with the playPromptOperation (and its completion with `wait`). */
    playPrompt: make.operation('playPrompt'),
    /** Records a short answer; the completion carries the recording's location and access token. */
    record: make.operation('recordResponse', {}),
    /** Subscribes to the caller's DTMF keys (they arrive as `tone.received`). */
    subscribeToTone: make.operation('subscribeToTone', {}),
    /** Sends DTMF tones into the call. */
    sendDtmfTones: make.operation('sendDtmfTones'),
    /** Stops every prompt and recording in progress or queued. */
    cancelMediaProcessing: make.operation('cancelMediaProcessing', {}),
    /** Mutes the bot. */
    mute: make.operation('mute', {}),
    /** Unmutes the bot. */
    unmute: make.operation('unmute', {}),
    /** Makes the bot a screen-sharing viewer or sharer. */
    changeScreenSharingRole: (callId: string, role: 'viewer' | 'sharer', request?: RequestOptions) =>
      invoke.send('changeScreenSharingRole', { callId }, buildActionBody('changeScreenSharingRole', { role }), request),
    /** Tells Graph whether a compliance bot records. */
    updateRecordingStatus: make.operation('updateRecordingStatus'),
    /** Adds the large gallery view (group calls). */
    addLargeGalleryView: make.operation('addLargeGalleryView', {}),
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
      invite: make.operation('inviteParticipants'),
      /** Mutes one participant of a group call. */
      mute: make.participantOperation('muteParticipant', {}),
      /** beta: mutes every participant. */
      muteAll: make.operation('muteAllParticipants', {}),
      /** Puts a participant on hold with music. */
      startHoldMusic: make.participantOperation('startHoldMusic', {}),
      /** Takes a participant off hold. */
      stopHoldMusic: make.participantOperation('stopHoldMusic', {}),
    },
  };
}

/** The action methods of `client.calls` (besides create, get, delete, keepAlive). */
export type CallActionMethods = ReturnType<typeof callActionMethods>;
