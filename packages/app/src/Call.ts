import { randomUUID } from 'node:crypto';
import {
  serviceHosted,
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
  CallState,
  CommsOperation,
  InviteParticipantsOperation,
  OpenUnion,
  Participant,
  PlayPromptOperation,
  RecordOperation,
} from '@graph-calling/models';
import {
  callStatePhase,
  type CallbackEvent,
  type CallRecord,
  type CallStore,
  type EventMap,
  type EventName,
  type OperationCompletion,
  type OperationTracker,
} from '@graph-calling/notifications';
import type { CallsClient } from '@graph-calling/transport';
import type { CallData } from './CallData';
import { AppClosedError, CallEndedError, OperationFailedError, WaitTimeoutError } from './errors';
import type { OperationResult, RecordResult } from './OperationResult';

/** Options of every wait. */
export interface WaitOptions {
  /** Give up after this long with a `WaitTimeoutError` (default: the app's `waitTimeoutMs`). */
  readonly timeoutMs?: number;
  /** Give up when this signal aborts (rejecting with its reason). */
  readonly signal?: AbortSignal;
}

/** Options of an action that starts an operation: how long to wait for its completion. */
export type OperationOptions = WaitOptions;

/** Answering options: media defaults to service-hosted, the callback to the app's. */
export type CallAnswerOptions = Partial<AnswerOptions>;

/** A call's handler: runs in the call's event order (see the package README, "Event order"). */
export type CallEventHandler<N extends EventName> = (event: EventMap[N]) => void | Promise<void>;

/**
 * One call, bound to its id (as octokit binds a client to an installation): what it is, its state
 * from the store, every action of the calls API as a method, and waits that work on any instance.
 */
export interface Call<D = unknown> {
  readonly id: string;
  /** `incoming`: it rang the bot; `outgoing`: the bot placed it (or joined a meeting). */
  readonly direction: 'incoming' | 'outgoing';
  /** The `scenario-id` sent when the bot placed the call (`undefined` for a call it answered). */
  readonly scenarioId?: string | undefined;

  /** The call's record in the store (`undefined` when the store does not know it). */
  snapshot(): Promise<CallRecord | undefined>;
  /** Its state, from the store. */
  state(): Promise<OpenUnion<CallState> | undefined>;
  /** Its roster, from the store. */
  participants(): Promise<readonly Participant[]>;
  /** Application data kept with the call's record (any instance reads it). */
  readonly data: CallData<D>;

  /** Answers an incoming call (within 15 s of ringing) and claims it for this instance. */
  answer(options?: CallAnswerOptions, wait?: WaitOptions): Promise<void>;
  reject(options?: RejectOptions): Promise<void>;
  redirect(options: RedirectOptions): Promise<void>;
  transfer(options: TransferOptions): Promise<void>;
  /** Plays prompts; resolves once they played. */
  playPrompt(options: PlayPromptOptions, wait?: OperationOptions): Promise<OperationResult<PlayPromptOperation>>;
  /** Records the caller; resolves with where the recording is. */
  record(options?: RecordResponseOptions, wait?: OperationOptions): Promise<RecordResult<RecordOperation>>;
  /** Subscribes to the caller's keys (they arrive as `tone.received`: see {@link Call.next}). */
  subscribeToTone(options?: ClientContextOptions, wait?: OperationOptions): Promise<OperationResult>;
  sendDtmfTones(options: SendDtmfTonesOptions, wait?: OperationOptions): Promise<OperationResult>;
  cancelMediaProcessing(options?: ClientContextOptions, wait?: OperationOptions): Promise<OperationResult>;
  mute(options?: ClientContextOptions, wait?: OperationOptions): Promise<OperationResult>;
  unmute(options?: ClientContextOptions, wait?: OperationOptions): Promise<OperationResult>;
  updateRecordingStatus(options: UpdateRecordingStatusOptions, wait?: OperationOptions): Promise<OperationResult>;
  addLargeGalleryView(options?: ClientContextOptions, wait?: OperationOptions): Promise<OperationResult>;
  /** Invites 1 to 5 participants; resolves once the invitation went through. */
  invite(options: InviteParticipantsOptions, wait?: OperationOptions): Promise<OperationResult<InviteParticipantsOperation>>;
  muteParticipant(participantId: string, options?: ClientContextOptions, wait?: OperationOptions): Promise<OperationResult>;
  muteAll(options?: MuteAllParticipantsOptions, wait?: OperationOptions): Promise<OperationResult>;
  startHoldMusic(participantId: string, options?: StartHoldMusicOptions, wait?: OperationOptions): Promise<OperationResult>;
  stopHoldMusic(participantId: string, options?: ClientContextOptions, wait?: OperationOptions): Promise<OperationResult>;
  changeScreenSharingRole(role: 'viewer' | 'sharer'): Promise<void>;
  removeParticipant(participantId: string): Promise<void>;
  /** Graph's view of one participant. */
  getParticipant(participantId: string): Promise<Participant>;
  /** Graph's roster (a request; {@link Call.participants} reads the store). */
  listParticipants(): Promise<readonly Participant[]>;
  /** Keeps the call alive now (the owner does it on a schedule by itself). */
  keepAlive(): Promise<void>;
  /**
   * Ends the call. Idempotent: a call that already ended, or that Graph no longer knows (404), is
   * not an error. Resolves once the request is accepted; `ended()` waits for `terminated`.
   */
  hangUp(): Promise<void>;

  /**
   * The oldest event of this type that this call's handle received since the application got it
   * (from `onIncoming`, `place`, `onTakeover` or `app.call`) and no wait returned yet — so a key
   * pressed during a prompt is not missed — else the next one to arrive. Rejects with
   * `CallEndedError` when the call ends first (except for `call.terminated` itself).
   */
  next<N extends EventName>(name: N, options?: WaitOptions): Promise<EventMap[N]>;
  /** Resolves with the record once the call is in `state` (or past it, for the states before `established`). */
  waitFor(state: OpenUnion<CallState>, options?: WaitOptions): Promise<CallRecord>;
  /** Resolves with the record once `predicate` holds for it. */
  waitUntil(predicate: (record: CallRecord) => boolean, options?: WaitOptions): Promise<CallRecord>;
  /** Resolves with the record once the call has ended (no time limit unless given). */
  ended(options?: WaitOptions): Promise<CallRecord>;
  /** A handler for this call's events, run in the call's order. Returns the function that removes it. */
  on<N extends EventName>(name: N | '*', handler: CallEventHandler<N>): () => void;
}

/** What a call handle needs from its app (internal). */
export interface CallContext {
  readonly client: CallsClient;
  readonly store: CallStore;
  readonly tracker: OperationTracker;
  readonly waitTimeoutMs: number;
  callbackUri(): string;
  /** Claims the call for this instance; false when another instance holds it. */
  claim(callId: string): Promise<boolean>;
  /** Gives up a claim this instance made (an answer that failed). */
  unclaim(callId: string): Promise<void>;
  /** Keeps the call's direction in its record. */
  remember(callId: string, direction: 'incoming' | 'outgoing'): Promise<void>;
  /** Records that Graph no longer knows the call (a 404). */
  gone(callId: string): Promise<void>;
  /** Throws AppClosedError once the app is closed. */
  assertOpen(what: string): void;
  /**
   * Rejects with LeaseLostError when this instance lost the call's lease. A lease that is only not
   * proven in time waits for the next renewal's verdict (bounded by the lease): renewed, it resolves.
   */
  assertMayAct(callId: string, what: string): Promise<void>;
  dataFor(callId: string): CallData<unknown>;
}

const MAILBOX = 128;
const NONE: ReadonlyArray<CallEventHandler<EventName>> = [];

/** The call handle behind {@link Call} (one per call and app instance). */
export class CallHandle<D = unknown> implements Call<D> {
  // A handle exists for every call this instance hears of: what only some calls need (a mailbox,
  // waiters, handlers, the data accessor) is made on first use, so a quiet call costs a few fields.
  private mailbox: CallbackEvent[] | undefined;
  private listeners: Set<(event: CallbackEvent) => void> | undefined;
  private handlers: Map<string, Set<CallEventHandler<EventName>>> | undefined;
  private closed: Error | undefined;
  private active = false;
  private closeListeners: Set<(error: Error) => void> | undefined;
  private dataAccess: CallData<D> | undefined;
  /** The `scenario-id` sent when the bot placed the call (the app sets it from `place` or the record). */
  scenarioId: string | undefined;

  /** `makeData` makes the call's {@link CallData} when it is first asked for. */
  constructor(
    readonly id: string,
    public direction: 'incoming' | 'outgoing',
    private readonly context: CallContext,
    private readonly makeData: (callId: string) => CallData<D>,
  ) {}

  get data(): CallData<D> {
    this.dataAccess ??= this.makeData(this.id);
    return this.dataAccess;
  }

  /**
   * Marks the handle as held by application code: from now on it keeps the events {@link Call.next}
   * may ask for. Handles the app makes for calls nobody asked about keep nothing (no memory per event).
   */
  activate(): this {
    this.active = true;
    return this;
  }

  /** Hands the handle an event of its call (the app calls this, in the call's order of arrival). */
  receive(event: CallbackEvent): void {
    if (this.active) {
      this.mailbox ??= [];
      this.mailbox.push(event);
      if (this.mailbox.length > MAILBOX) this.mailbox.shift();
    }
    if (this.listeners !== undefined && this.listeners.size > 0) for (const listener of [...this.listeners]) listener(event);
  }

  /** The handlers registered with {@link CallHandle.on} for an event (the app runs them in order). */
  handlersFor(event: CallbackEvent): ReadonlyArray<CallEventHandler<EventName>> {
    if (this.handlers === undefined || this.handlers.size === 0) return NONE;
    return [...(this.handlers.get(event.type) ?? []), ...(this.handlers.get('*') ?? [])];
  }

  /** Rejects every wait under way (the app is closing). */
  close(error: Error): void {
    this.closed = error;
    this.interrupt(error);
  }

  /** Rejects the waits under way with `error` (the lease was lost); later waits work again. */
  interrupt(error: Error): void {
    if (this.closeListeners !== undefined) for (const listener of [...this.closeListeners]) listener(error);
  }

  /** Refuses to act once the app is closed or this instance lost the call's lease. */
  private async guard(what: string): Promise<void> {
    this.context.assertOpen(`${what} on call ${this.id}`);
    await this.context.assertMayAct(this.id, what);
  }

  on<N extends EventName>(name: N | '*', handler: CallEventHandler<N>): () => void {
    this.handlers ??= new Map();
    let set = this.handlers.get(name);
    if (set === undefined) this.handlers.set(name, (set = new Set()));
    // The map is keyed by name, so a handler only ever receives events of its own name.
    const entry = handler as CallEventHandler<EventName>;
    set.add(entry);
    return () => set.delete(entry);
  }

  async snapshot(): Promise<CallRecord | undefined> {
    return this.context.store.get(this.id);
  }

  async state(): Promise<OpenUnion<CallState> | undefined> {
    return (await this.snapshot())?.state;
  }

  async participants(): Promise<readonly Participant[]> {
    const record = await this.snapshot();
    return record === undefined ? [] : Object.values(record.participants);
  }

  async answer(options: CallAnswerOptions = {}, _wait?: WaitOptions): Promise<void> {
    await this.guard('answer');
    // Claimed before the request: no other instance's sweep adopts a call this one is answering.
    const claimed = await this.context.claim(this.id);
    try {
      await this.context.client.calls.answer(this.id, {
        ...options,
        media: options.media ?? serviceHosted(),
        callbackUri: options.callbackUri ?? this.context.callbackUri(),
      });
    } catch (error) {
      if (claimed) await this.context.unclaim(this.id).catch(() => undefined);
      throw error;
    }
    this.direction = 'incoming';
    await this.context.remember(this.id, 'incoming');
  }

  async reject(options: RejectOptions = {}): Promise<void> {
    await this.guard('reject');
    await this.context.client.calls.reject(this.id, options);
  }

  async redirect(options: RedirectOptions): Promise<void> {
    await this.guard('redirect');
    await this.context.client.calls.redirect(this.id, { ...options, callbackUri: options.callbackUri ?? this.context.callbackUri() });
  }

  async transfer(options: TransferOptions): Promise<void> {
    await this.guard('transfer');
    await this.context.client.calls.transfer(this.id, options);
  }

  playPrompt(options: PlayPromptOptions, wait?: OperationOptions) {
    return this.operation(options, wait, (o, r) => this.calls.playPrompt(this.id, o, r));
  }

  async record(options: RecordResponseOptions = {}, wait?: OperationOptions): Promise<RecordResult<RecordOperation>> {
    const result = await this.operation(options, wait, (o, r) => this.calls.record(this.id, o, r));
    return { ...result, recording: result.completion.recording };
  }

  subscribeToTone(options: ClientContextOptions = {}, wait?: OperationOptions) {
    return this.operation(options, wait, (o, r) => this.calls.subscribeToTone(this.id, o, r));
  }

  sendDtmfTones(options: SendDtmfTonesOptions, wait?: OperationOptions) {
    return this.operation(options, wait, (o, r) => this.calls.sendDtmfTones(this.id, o, r));
  }

  cancelMediaProcessing(options: ClientContextOptions = {}, wait?: OperationOptions) {
    return this.operation(options, wait, (o, r) => this.calls.cancelMediaProcessing(this.id, o, r));
  }

  mute(options: ClientContextOptions = {}, wait?: OperationOptions) {
    return this.operation(options, wait, (o, r) => this.calls.mute(this.id, o, r));
  }

  unmute(options: ClientContextOptions = {}, wait?: OperationOptions) {
    return this.operation(options, wait, (o, r) => this.calls.unmute(this.id, o, r));
  }

  updateRecordingStatus(options: UpdateRecordingStatusOptions, wait?: OperationOptions) {
    return this.operation(options, wait, (o, r) => this.calls.updateRecordingStatus(this.id, o, r));
  }

  addLargeGalleryView(options: ClientContextOptions = {}, wait?: OperationOptions) {
    return this.operation(options, wait, (o, r) => this.calls.addLargeGalleryView(this.id, o, r));
  }

  invite(options: InviteParticipantsOptions, wait?: OperationOptions) {
    return this.operation(options, wait, (o, r) => this.calls.participants.invite(this.id, o, r));
  }

  muteParticipant(participantId: string, options: ClientContextOptions = {}, wait?: OperationOptions) {
    return this.operation(options, wait, (o, r) => this.calls.participants.mute(this.id, participantId, o, r));
  }

  muteAll(options: MuteAllParticipantsOptions = {}, wait?: OperationOptions) {
    return this.operation(options, wait, (o, r) => this.calls.participants.muteAll(this.id, o, r));
  }

  startHoldMusic(participantId: string, options: StartHoldMusicOptions = {}, wait?: OperationOptions) {
    return this.operation(options, wait, (o, r) => this.calls.participants.startHoldMusic(this.id, participantId, o, r));
  }

  stopHoldMusic(participantId: string, options: ClientContextOptions = {}, wait?: OperationOptions) {
    return this.operation(options, wait, (o, r) => this.calls.participants.stopHoldMusic(this.id, participantId, o, r));
  }

  private get calls(): CallsClient['calls'] {
    return this.context.client.calls;
  }

  async changeScreenSharingRole(role: 'viewer' | 'sharer'): Promise<void> {
    await this.guard('changeScreenSharingRole');
    await this.context.client.calls.changeScreenSharingRole(this.id, role);
  }

  async removeParticipant(participantId: string): Promise<void> {
    await this.guard('removeParticipant');
    await this.context.client.calls.participants.remove(this.id, participantId);
  }

  getParticipant(participantId: string): Promise<Participant> {
    return this.context.client.calls.participants.get(this.id, participantId);
  }

  listParticipants(): Promise<readonly Participant[]> {
    return this.context.client.calls.participants.list(this.id);
  }

  async keepAlive(): Promise<void> {
    await this.guard('keepAlive');
    await this.context.client.calls.keepAlive(this.id);
  }

  async hangUp(): Promise<void> {
    await this.guard('hangUp');
    if ((await this.snapshot())?.state === 'terminated') return;
    try {
      await this.context.client.calls.delete(this.id);
    } catch (error) {
      if ((error as { status?: unknown } | null)?.status !== 404) throw error;
      // Already gone in Graph: record it so (the notification that says so may never come).
      await this.context.gone(this.id);
    }
  }

  next<N extends EventName>(name: N, options: WaitOptions = {}): Promise<EventMap[N]> {
    const take = (): EventMap[N] | undefined => {
      const index = this.mailbox?.findIndex((event) => event.type === name) ?? -1;
      if (index < 0) return undefined;
      const [event] = this.mailbox?.splice(index, 1) ?? [];
      return event !== undefined && isEvent(event, name) ? event : undefined;
    };
    return this.waiting(name, options, async (event) => {
      const found = take();
      if (found !== undefined) return found;
      if (event === undefined) {
        const record = await this.snapshot();
        if (record?.state === 'terminated' && name !== 'call.terminated') throw this.endedError(name, record);
        if (record?.state === 'terminated') {
          const ended: CallbackEvent = { type: 'call.terminated', callId: this.id, resultInfo: record.resultInfo, call: record.call };
          if (isEvent(ended, name)) return ended;
        }
      } else if (event.type === 'call.terminated') throw this.endedError(name, undefined, event);
      return undefined;
    });
  }

  waitFor(state: OpenUnion<CallState>, options: WaitOptions = {}): Promise<CallRecord> {
    const reached = (record: CallRecord) =>
      record.state === state ||
      (callStatePhase(state) < callStatePhase('established') && callStatePhase(record.state) > callStatePhase(state) && !ending(record));
    return this.waitUntilRecord(`state ${state}`, reached, state === 'terminated' || state === 'terminating', options);
  }

  waitUntil(predicate: (record: CallRecord) => boolean, options: WaitOptions = {}): Promise<CallRecord> {
    return this.waitUntilRecord('the condition waited for', predicate, false, options);
  }

  ended(options: WaitOptions = {}): Promise<CallRecord> {
    return this.waitUntilRecord('its end', (record) => record.state === 'terminated', true, {
      timeoutMs: Number.POSITIVE_INFINITY,
      ...options,
    });
  }

  private waitUntilRecord(what: string, predicate: (record: CallRecord) => boolean, endIsGoal: boolean, options: WaitOptions) {
    return this.waiting(what, options, async (event) => {
      // Events carry only what changed: the store has the whole record (and may be ahead of this instance's events).
      if (
        event !== undefined &&
        event.type !== 'call.stateChanged' &&
        event.type !== 'call.terminated' &&
        event.type !== 'call.established' &&
        event.type.startsWith('operation.')
      )
        return undefined;
      const record = await this.snapshot();
      if (record !== undefined && predicate(record)) return record;
      if (!endIsGoal && record?.state === 'terminated') throw this.endedError(what, record);
      if (!endIsGoal && event?.type === 'call.terminated') throw this.endedError(what, record, event);
      return undefined;
    });
  }

  private endedError(what: string, record: CallRecord | undefined, event?: CallbackEvent): CallEndedError {
    const resultInfo = event?.type === 'call.terminated' ? event.resultInfo : record?.resultInfo;
    return new CallEndedError(this.id, what, resultInfo);
  }

  /**
   * The one wait loop: listens first (so nothing slips between), checks the store, then re-checks on
   * every event of the call; settles on a value, an error from `check`, the timeout or the signal.
   */
  private waiting<T>(what: string, options: WaitOptions, check: (event: CallbackEvent | undefined) => Promise<T | undefined>): Promise<T> {
    if (this.closed !== undefined) return Promise.reject(this.closed);
    const timeoutMs = options.timeoutMs ?? this.context.waitTimeoutMs;
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      let chain: Promise<void> = Promise.resolve();
      const finish = (settle: () => void) => {
        if (settled) return;
        settled = true;
        this.listeners?.delete(listener);
        this.closeListeners?.delete(onClose);
        if (timer !== undefined) clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        settle();
      };
      // Checks run one after another, in event order, so a later event's answer never overtakes an earlier one's.
      const run = (event: CallbackEvent | undefined) => {
        chain = chain.then(async () => {
          if (settled) return;
          try {
            const value = await check(event);
            if (value !== undefined) finish(() => resolve(value));
          } catch (error) {
            finish(() => reject(error instanceof Error ? error : new Error(String(error))));
          }
        });
      };
      const listener = (event: CallbackEvent) => run(event);
      const onClose = (error: Error) => finish(() => reject(error));
      const onAbort = () =>
        finish(() => reject(options.signal?.reason instanceof Error ? options.signal.reason : new Error(`aborted waiting for ${what}`)));
      const timer = Number.isFinite(timeoutMs)
        ? setTimeout(() => {
            const expire = (state: string | undefined) => finish(() => reject(new WaitTimeoutError(this.id, what, timeoutMs, state)));
            this.state().then(expire, () => expire(undefined));
          }, timeoutMs)
        : undefined;
      (this.listeners ??= new Set()).add(listener);
      (this.closeListeners ??= new Set()).add(onClose);
      if (options.signal?.aborted) onAbort();
      else options.signal?.addEventListener('abort', onAbort, { once: true });
      run(undefined);
    });
  }

  /**
   * Runs an operation action: the options get a clientContext (generated when absent, so the
   * completion is matched even when Graph's answer carries no operation id), the action is sent,
   * and its completion is awaited — raced against the call's end, the timeout and the signal.
   */
  private async operation<T extends ClientContextOptions, O extends CommsOperation>(
    options: T,
    wait: OperationOptions | undefined,
    send: (
      options: T & { readonly clientContext: string },
      request: { readonly signal?: AbortSignal },
    ) => Promise<{ readonly operation: O }>,
  ): Promise<OperationResult<O>> {
    await this.guard('an operation');
    const clientContext = options.clientContext ?? randomUUID();
    const { operation } = await send({ ...options, clientContext }, wait?.signal ? { signal: wait.signal } : {});
    // Graph answers some actions (subscribeToTone, mute) already finished: nothing more will come.
    const completion = finishedIn(this.id, operation, clientContext) ?? (await this.completionOf(operation, clientContext, wait ?? {}));
    if (!completion.succeeded)
      throw new OperationFailedError(this.id, completion.operationType, completion.resultInfo, completion.completionReason);
    return {
      started: operation,
      operationId: completion.operationId,
      operationType: completion.operationType,
      clientContext: completion.clientContext,
      completionReason: completion.completionReason,
      resultInfo: completion.resultInfo,
      completion,
    };
  }

  private completionOf(operation: CommsOperation, clientContext: string, options: WaitOptions) {
    const what = `the completion of ${operation['@odata.type']?.replace('#microsoft.graph.', '') ?? 'the operation'}`;
    const stop = new AbortController();
    const tracked = this.context.tracker.waitFor(
      this.id,
      { operationId: operation.id ?? null, clientContext: operation.clientContext ?? clientContext },
      { timeoutMs: 2 ** 31 - 1, signal: stop.signal },
    );
    // The call's end (or the timeout, or the signal) settles the wait below; the tracker's wait is then cancelled.
    const guard = this.waiting<never>(what, options, async (event) => {
      if (event === undefined) {
        const record = await this.snapshot();
        if (record?.state === 'terminated') throw this.endedError(what, record);
      } else if (event.type === 'call.terminated') throw this.endedError(what, undefined, event);
      return undefined;
    });
    return Promise.race([tracked, guard]).finally(() => {
      stop.abort(new AppClosedError('a finished wait'));
      guard.catch(() => undefined);
      tracked.catch(() => undefined);
    });
  }
}

/** The completion an action's own answer reports, when Graph answered with the operation already finished. */
function finishedIn(callId: string, operation: CommsOperation, clientContext: string): OperationCompletion | undefined {
  const status = operation.status;
  if (status !== 'completed' && status !== 'failed') return undefined;
  const location = 'recordingLocation' in operation ? operation.recordingLocation : undefined;
  const token = 'recordingAccessToken' in operation ? operation.recordingAccessToken : undefined;
  const reason = 'completionReason' in operation ? operation.completionReason : undefined;
  return {
    callId,
    succeeded: status === 'completed',
    operationId: operation.id ?? undefined,
    operationType: (operation['@odata.type'] ?? '').replace('#microsoft.graph.', ''),
    operation,
    resultInfo: operation.resultInfo ?? undefined,
    clientContext: operation.clientContext ?? clientContext,
    completionReason: typeof reason === 'string' ? reason : undefined,
    recording: typeof location === 'string' ? { location, accessToken: typeof token === 'string' ? token : undefined } : undefined,
  };
}

function ending(record: CallRecord): boolean {
  return record.state === 'terminating' || record.state === 'terminated';
}

function isEvent<N extends EventName>(event: CallbackEvent, name: N): event is EventMap[N] {
  return event.type === name;
}
