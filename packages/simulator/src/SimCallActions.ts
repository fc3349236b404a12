import { randomBytes, randomUUID } from 'node:crypto';
import {
  callAction,
  callScenario,
  type CallActionBody,
  type CallActionName,
  type CallRequest,
  type IdentitySet,
  type MediaConfig,
  type Modality,
  type OperationType,
  type ResultInfo,
  type Tone,
} from '@graph-calling/models';
import { SimulatedGraphError } from './graphError';
import type { SimCall } from './SimCall';
import { displayNameOf, type SimulatedApp } from './SimulatedApp';
import { participant, type Simulation } from './Simulation';

/** How long media actions take in the simulator. */
export interface ActionTiming {
  /** Each prompt plays this long (default 40 ms). */
  readonly promptMs?: number;
  /** A recording lasts this long unless a stop tone ends it (default 1 s). */
  readonly recordMs?: number;
  /** An incoming call nobody answers, rejects or redirects ends after this long (default 15 s, as Graph). */
  readonly incomingTimeoutMs?: number;
  /** Pause between the steps of a sequence (default 10 ms). */
  readonly stepMs?: number;
}

/** Who rings the bot: a Teams user, an application, or a phone number (PSTN). */
export interface RingOptions {
  /** The bot's callback, where the incoming notification goes. */
  readonly callbackUri: string;
  readonly from: IdentitySet;
  /** Whom the call is for; default: the app itself. */
  readonly to?: IdentitySet;
  /** The app rung; default: the first registered app. */
  readonly appId?: string;
  readonly modalities?: readonly Modality[];
}

/** One operation as the simulator ran it. */
export interface SimOperation {
  readonly id: string;
  readonly type: OperationType;
  readonly action: CallActionName;
  readonly clientContext: string | undefined;
  status: 'running' | 'completed' | 'failed';
  completionReason?: string;
  resultInfo?: ResultInfo;
  recordingLocation?: string;
  recordingAccessToken?: string;
}

/** What the far side knows about a call's in-call actions, for tests and the bot tour. */
export interface ActionTruth {
  readonly direction: 'incoming' | 'outgoing';
  readonly answered: boolean;
  readonly rejectedWith?: string;
  readonly redirectedTo?: readonly IdentitySet[];
  readonly transferredTo?: IdentitySet;
  readonly toneSubscribed: boolean;
  /** Keys the caller pressed, in order, and those reported to the bot. */
  readonly tonesPressed: readonly Tone[];
  readonly tonesReported: readonly Tone[];
  readonly operations: readonly SimOperation[];
  /** A recording is listening now (keys pressed now can stop it). */
  readonly recordingActive: boolean;
  readonly recordingStatus?: string;
  readonly screenSharingRole?: string;
  readonly onHold: readonly string[];
}

/** One action as `run` received it, its body typed by the action's codec. */
interface ActionRun<N extends CallActionName = CallActionName> {
  readonly name: N;
  readonly call: SimCall;
  readonly s: CallActionState;
  readonly body: CallActionBody<N>;
  readonly participantId: string | undefined;
}

/** A decoded body that may carry the caller's `clientContext` (`undefined` for actions that send none). */
type ContextBody = { readonly clientContext?: string | null | undefined } | undefined;

/** What an action answers: an operation body, or nothing. */
type ActionAnswer = Record<string, unknown> | undefined;

interface CallActionState {
  answered: boolean;
  media?: MediaConfig;
  rejectedWith?: string;
  redirectedTo?: IdentitySet[];
  transferredTo?: IdentitySet;
  toneSubscribed: boolean;
  toneSequence: number;
  tonesPressed: Tone[];
  tonesReported: Tone[];
  operations: Map<string, SimOperation>;
  /** Media operations run one after another, like Graph's media queue. */
  mediaFreeAt: number;
  /** The recording in progress, with the keys that stop it. */
  recording: { readonly operation: SimOperation; readonly stopTones: readonly string[] } | undefined;
  recordingStatus?: string;
  screenSharingRole?: string;
  onHold: Set<string>;
}

const KEY_TONES: Readonly<Record<string, Tone>> = {
  '0': 'tone0',
  '1': 'tone1',
  '2': 'tone2',
  '3': 'tone3',
  '4': 'tone4',
  '5': 'tone5',
  '6': 'tone6',
  '7': 'tone7',
  '8': 'tone8',
  '9': 'tone9',
  '*': 'star',
  '#': 'pound',
  A: 'a',
  B: 'b',
  C: 'c',
  D: 'd',
};
const TONE_KEYS = new Map(Object.entries(KEY_TONES).map(([key, tone]) => [tone, key] as const));

/** resultInfo values the simulator reports for operations (Graph's codes where documented). */
const RESULTS = {
  completed: { code: 200, subcode: 0, message: 'Action completed successfully.' },
  maxDuration: { code: 200, subcode: 8515, message: 'Action completed, max record duration reached.' },
  stopTone: { code: 200, subcode: 8514, message: 'Action completed, stop tone detected.' },
  cancelled: { code: 400, subcode: 8508, message: 'Action failed, the operation was cancelled.' },
} as const satisfies Record<string, ResultInfo>;

const END = {
  rejected: (reason: string): ResultInfo => ({
    code: reason === 'busy' ? 486 : 603,
    subcode: 0,
    message: `The call was rejected by the bot (${reason}).`,
  }),
  redirected: { code: 200, subcode: 0, message: 'The call was redirected.' },
  transferred: { code: 200, subcode: 7015, message: 'The call was transferred.' },
  notAnswered: { code: 408, subcode: 10057, message: 'The bot did not answer, reject or redirect the call in time.' },
} as const;

/**
 * The simulated calling service's in-call side: incoming calls, and every action of the models'
 * CALL_ACTIONS table. Actions that start an operation answer with it running, then report it
 * finished through a notification to `…/operations/{id}`, as Graph does.
 */
export class SimCallActions {
  private readonly states = new WeakMap<SimCall, CallActionState>();
  /** Recordings by operation id: the access token that fetches each. */
  readonly recordings = new Map<string, { readonly token: string; readonly callId: string }>();

  constructor(
    private readonly simulation: Simulation,
    private readonly apps: () => readonly SimulatedApp[],
    private readonly timing: ActionTiming = {},
    private readonly publicUrl: () => string = () => '',
  ) {}

  private require(callId: string): SimCall {
    const call = this.simulation.calls.get(callId);
    if (call === undefined) throw new RangeError(`no call ${callId}`);
    return call;
  }

  private state(call: SimCall): CallActionState {
    let state = this.states.get(call);
    if (state === undefined) {
      state = {
        answered: false,
        recording: undefined,
        toneSubscribed: false,
        toneSequence: 0,
        tonesPressed: [],
        tonesReported: [],
        operations: new Map(),
        mediaFreeAt: 0,
        onHold: new Set(),
      };
      this.states.set(call, state);
    }
    return state;
  }

  private get step(): number {
    return this.timing.stepMs ?? 10;
  }

  // ---- Incoming calls (control) -------------------------------------------------------------

  /** Rings the bot: sends `created` with state `incoming`; the call ends unanswered after the timeout. */
  ring(options: RingOptions): SimCall {
    const app = this.apps().find((a) => options.appId === undefined || a.appId === options.appId);
    if (app === undefined) throw new RangeError(`no app ${options.appId ?? ''} is registered`);
    const id = randomUUID();
    const to = options.to ?? { application: { id: app.appId, displayName: displayNameOf(app) } };
    const request: CallRequest = {
      callbackUri: options.callbackUri,
      mediaConfig: { '@odata.type': '#microsoft.graph.serviceHostedMediaConfig' },
      source: { '@odata.type': '#microsoft.graph.participantInfo', identity: options.from },
      targets: [{ '@odata.type': '#microsoft.graph.invitationParticipantInfo', identity: to }],
      requestedModalities: [...(options.modalities ?? ['audio'])],
    };
    const call: SimCall = {
      id,
      tenantId: app.tenantId,
      appId: app.appId,
      version: 'v1.0',
      api: 'communications',
      request,
      scenario: callScenario({ targets: [{ identity: options.from }] }),
      callbackUri: options.callbackUri,
      faultStream: this.simulation.streamFor(options.callbackUri),
      myParticipantId: randomUUID(),
      callChainId: randomUUID(),
      createdAt: Date.now(),
      state: 'incoming',
      direction: 'incoming',
      participants: new Map(),
      rosterSequence: 0,
      etag: 0,
      lastKeepAlive: Date.now(),
    };
    call.participants.set(call.myParticipantId, participant(call.myParticipantId, to, true, false));
    this.simulation.add(call);
    this.state(call);
    this.simulation.notifyCall(call, 'created');
    this.simulation.after(id, this.timing.incomingTimeoutMs ?? 15_000, () => {
      if (call.state === 'incoming') this.simulation.end(call, END.notAnswered);
    });
    this.simulation.watchKeepAlive(call);
    return call;
  }

  /** The caller presses keys (`"1#"`, or tone names): reported when the bot subscribed, and they stop a recording. */
  pressKeys(callId: string, keys: readonly string[]): ActionTruth {
    const call = this.require(callId);
    if (call.state !== 'established')
      throw new SimulatedGraphError(409, 'Conflict', `Call ${call.id} is ${call.state}: keys can be pressed only in an established call.`);
    const state = this.state(call);
    for (const key of keys) {
      const tone = KEY_TONES[key.toUpperCase()] ?? (TONE_KEYS.has(key as Tone) ? (key as Tone) : undefined);
      if (tone === undefined) throw new TypeError(`expected keys 0-9, *, #, A-D or tone names, found ${JSON.stringify(key)}`);
      state.tonesPressed.push(tone);
      if (state.toneSubscribed) {
        state.toneSequence += 1;
        state.tonesReported.push(tone);
        const toneInfo = { '@odata.type': '#microsoft.graph.toneInfo', sequenceId: state.toneSequence, tone };
        call.etag += 1;
        this.simulation.send(call, {
          '@odata.type': '#microsoft.graph.commsNotification',
          changeType: 'updated',
          ...this.simulation.resourceUrl(call),
          '@odata.etag': `W/"${call.etag}"`,
          resourceData: { '@odata.type': '#microsoft.graph.call', id: call.id, state: call.state, toneInfo },
        });
      }
      const recording = state.recording;
      if (recording !== undefined && recording.stopTones.includes(TONE_KEYS.get(tone) ?? '')) {
        this.finishRecording(call, recording.operation, 'stopToneDetected', RESULTS.stopTone);
      }
    }
    return this.truth(callId);
  }

  /** What the far side knows of a call's actions: answered, rejected, redirected, transferred, tones, operations. */
  truth(callId: string): ActionTruth {
    const call = this.require(callId);
    const s = this.state(call);
    return {
      direction: call.direction ?? 'outgoing',
      answered: s.answered,
      ...(s.rejectedWith !== undefined ? { rejectedWith: s.rejectedWith } : {}),
      ...(s.redirectedTo !== undefined ? { redirectedTo: s.redirectedTo } : {}),
      ...(s.transferredTo !== undefined ? { transferredTo: s.transferredTo } : {}),
      toneSubscribed: s.toneSubscribed,
      tonesPressed: [...s.tonesPressed],
      tonesReported: [...s.tonesReported],
      operations: [...s.operations.values()].map((o) => ({ ...o })),
      recordingActive: s.recording !== undefined,
      ...(s.recordingStatus !== undefined ? { recordingStatus: s.recordingStatus } : {}),
      ...(s.screenSharingRole !== undefined ? { screenSharingRole: s.screenSharingRole } : {}),
      onHold: [...s.onHold],
    };
  }

  // ---- Graph actions ----------------------------------------------------------------------------

  /**
   * Runs one action on a call the caller owns, with a body already decoded by the action's codec.
   * Returns the answer body (an operation) or `undefined` for actions that answer without one.
   */
  run<N extends CallActionName>(
    name: N,
    call: SimCall,
    body: CallActionBody<N>,
    participantId?: string,
  ): Record<string, unknown> | undefined {
    const handler: ((run: ActionRun<N>) => ActionAnswer) | undefined = this.handlers[name];
    if (handler === undefined) throw notImplemented(name);
    return handler({ name, call, s: this.state(call), body, participantId });
  }

  /** One method per action the simulator serves; an action missing here answers 501. */
  private readonly handlers: { readonly [K in CallActionName]?: (run: ActionRun<K>) => ActionAnswer } = {
    answer: ({ call, s, body }) => this.answer(call, s, body),
    reject: (run) => this.reject(run),
    redirect: (run) => this.redirect(run),
    transfer: (run) => this.transfer(run),
    playPrompt: (run) => this.playPrompt(run),
    recordResponse: (run) => this.recordResponse(run),
    subscribeToTone: (run) => this.subscribeToTone(run),
    sendDtmfTones: (run) => this.sendDtmfTones(run),
    cancelMediaProcessing: (run) => this.cancelMediaProcessing(run),
    mute: (run) => this.muteSelf(run),
    unmute: (run) => this.muteSelf(run),
    changeScreenSharingRole: (run) => this.changeScreenSharingRole(run),
    updateRecordingStatus: (run) => this.updateRecordingStatus(run),
    addLargeGalleryView: ({ call, s, name, body }) => {
      this.requireGroup(call, name);
      return this.immediate(call, s, name, body);
    },
    inviteParticipants: (run) => this.inviteParticipants(run),
    muteParticipant: (run) => this.muteParticipants(run),
    muteAllParticipants: (run) => this.muteParticipants(run),
    startHoldMusic: (run) => this.holdMusic(run),
    stopHoldMusic: (run) => this.holdMusic(run),
    deleteParticipant: (run) => this.deleteParticipant(run),
  };

  private reject({ call, s, body }: ActionRun<'reject'>): ActionAnswer {
    return this.endIncoming(call, () => {
      const reason = (body.reason ?? 'none').toLowerCase();
      s.rejectedWith = reason;
      this.simulation.end(call, END.rejected(reason));
    });
  }

  private redirect({ call, s, body }: ActionRun<'redirect'>): ActionAnswer {
    return this.endIncoming(call, () => {
      s.redirectedTo = body.targets.map((t) => t.identity);
      call.state = 'redirecting';
      this.simulation.notifyCall(call, 'updated');
      this.simulation.after(call.id, this.step, () => this.simulation.end(call, END.redirected));
    });
  }

  private transfer({ call, s, body }: ActionRun<'transfer'>): ActionAnswer {
    this.requireEstablished(call);
    s.transferredTo = body.transferTarget.identity;
    call.state = 'transferring';
    this.simulation.notifyCall(call, 'updated');
    this.simulation.after(call.id, this.step, () => this.simulation.end(call, END.transferred));
    return undefined;
  }

  private playPrompt({ call, s, name, body }: ActionRun<'playPrompt'>): ActionAnswer {
    this.requireServiceHosted(call, s, name);
    const prompts = body.prompts;
    return this.mediaOperation(call, s, name, body, prompts.length * (this.timing.promptMs ?? 40), (op) => {
      op.completionReason = 'completedSuccessfully';
      this.finish(call, op, 'completed', RESULTS.completed);
    });
  }

  private recordResponse({ call, s, name, body }: ActionRun<'recordResponse'>): ActionAnswer {
    this.requireServiceHosted(call, s, name);
    const promptMs = (body.prompts?.length ?? 0) * (this.timing.promptMs ?? 40);
    const stopTones = (body.stopTones ?? []).map((k) => k.toUpperCase());
    const op = this.startOperation(call, s, name, body);
    const start = Math.max(Date.now(), s.mediaFreeAt) + promptMs;
    const done = start + (this.timing.recordMs ?? 1000);
    s.mediaFreeAt = done;
    this.simulation.after(call.id, start - Date.now(), () => {
      if (op.status === 'running') s.recording = { operation: op, stopTones };
    });
    this.simulation.after(call.id, done - Date.now(), () =>
      this.finishRecording(call, op, 'maxRecordDurationReached', RESULTS.maxDuration),
    );
    return this.operationBody(op);
  }

  private subscribeToTone({ call, s, name, body }: ActionRun<'subscribeToTone'>): ActionAnswer {
    this.requireServiceHosted(call, s, name);
    s.toneSubscribed = true;
    return this.immediate(call, s, name, body);
  }

  private sendDtmfTones({ call, s, name, body }: ActionRun<'sendDtmfTones'>): ActionAnswer {
    this.requireEstablished(call);
    const tones = body.tones;
    const delay = body.delayBetweenTonesMs ?? 100;
    const op = this.startOperation(call, s, name, body);
    this.simulation.after(call.id, Math.max(this.step, tones.length * Math.min(delay, 50)), () => {
      op.completionReason = 'completedSuccessfully';
      this.finish(call, op, 'completed', RESULTS.completed);
    });
    return this.operationBody(op);
  }

  private cancelMediaProcessing({ call, s, name, body }: ActionRun<'cancelMediaProcessing'>): ActionAnswer {
    this.requireEstablished(call);
    for (const op of s.operations.values()) {
      if (op.status !== 'running' || (op.action !== 'playPrompt' && op.action !== 'recordResponse')) continue;
      op.completionReason = op.action === 'playPrompt' ? 'mediaOperationCanceled' : 'operationCanceled';
      this.finish(call, op, 'failed', RESULTS.cancelled);
    }
    s.recording = undefined;
    s.mediaFreeAt = 0;
    return this.immediate(call, s, name, body);
  }

  /** `mute` and `unmute` of the bot itself. */
  private muteSelf({ call, s, name, body }: ActionRun<'mute' | 'unmute'>): ActionAnswer {
    this.requireEstablished(call);
    this.simulation.mute(call.id, call.myParticipantId, name === 'mute');
    return this.immediate(call, s, name, body);
  }

  private changeScreenSharingRole({ call, s, body }: ActionRun<'changeScreenSharingRole'>): ActionAnswer {
    this.requireEstablished(call);
    s.screenSharingRole = body.role;
    return undefined;
  }

  private updateRecordingStatus({ call, s, name, body }: ActionRun<'updateRecordingStatus'>): ActionAnswer {
    this.requireEstablished(call);
    s.recordingStatus = body.status;
    return this.immediate(call, s, name, body);
  }

  private inviteParticipants({ call, s, name, body }: ActionRun<'inviteParticipants'>): ActionAnswer {
    this.requireEstablished(call);
    const invited = body.participants;
    const op = this.startOperation(call, s, name, body);
    this.simulation.after(call.id, this.step, () => {
      if (call.state !== 'established') return;
      const added = invited.map((p) => participant(randomUUID(), p.identity, false, false));
      for (const p of added) call.participants.set(p.id, p);
      this.simulation.rosterChanged(call, 'created', added);
      this.finish(call, op, 'completed', RESULTS.completed, { participants: invited });
    });
    return { ...this.operationBody(op), participants: invited };
  }

  /** `muteParticipant` (the one in the path) and `muteAllParticipants` (everyone but the bot). */
  private muteParticipants({ call, s, name, body, participantId }: ActionRun<'muteParticipant' | 'muteAllParticipants'>): ActionAnswer {
    this.requireGroup(call, name);
    const ids =
      name === 'muteParticipant'
        ? [this.requireParticipant(call, participantId)]
        : [...call.participants.values()].filter((p) => !p.self).map((p) => p.id);
    for (const id of ids) this.simulation.mute(call.id, id, true);
    return this.immediate(call, s, name, body);
  }

  /** `startHoldMusic` and `stopHoldMusic` for the participant in the path. */
  private holdMusic({ call, s, name, body, participantId }: ActionRun<'startHoldMusic' | 'stopHoldMusic'>): ActionAnswer {
    this.requireEstablished(call);
    const id = this.requireParticipant(call, participantId);
    if (name === 'startHoldMusic') s.onHold.add(id);
    else s.onHold.delete(id);
    const op = this.startOperation(call, s, name, body);
    this.simulation.after(call.id, this.step, () => this.finish(call, op, 'completed', RESULTS.completed));
    return this.operationBody(op);
  }

  private deleteParticipant({ call, name, participantId }: ActionRun<'deleteParticipant'>): ActionAnswer {
    this.requireGroup(call, name);
    const id = this.requireParticipant(call, participantId);
    this.simulation.leave(call.id, id);
    return undefined;
  }

  private answer(call: SimCall, s: CallActionState, body: CallActionBody<'answer'>): undefined {
    if (call.state !== 'incoming')
      throw new SimulatedGraphError(400, 'BadRequest', `Call ${call.id} is ${call.state}; only an incoming call can be answered.`);
    s.answered = true;
    s.media = body.mediaConfig;
    const callback = body.callbackUri ?? undefined;
    if (callback !== undefined) call.callbackUri = callback;
    call.state = 'establishing';
    this.simulation.notifyCall(call, 'updated');
    const source = call.request.source?.identity;
    this.simulation.after(call.id, this.step, () =>
      this.simulation.establish(call, source ? [participant(randomUUID(), source, false, false)] : []),
    );
    return undefined;
  }

  private endIncoming(call: SimCall, act: () => void): undefined {
    if (call.state !== 'incoming')
      throw new SimulatedGraphError(
        400,
        'BadRequest',
        `Call ${call.id} is ${call.state}; only an incoming call can be rejected or redirected.`,
      );
    this.simulation.cancelTimers(call.id);
    act();
    return undefined;
  }

  private requireEstablished(call: SimCall): void {
    if (call.state !== 'established')
      throw new SimulatedGraphError(400, 'BadRequest', `Call ${call.id} is ${call.state}, not established.`);
  }

  private requireServiceHosted(call: SimCall, s: CallActionState, name: CallActionName): void {
    this.requireEstablished(call);
    const media: { readonly '@odata.type'?: string | null; readonly blob?: unknown } | undefined = s.media ?? call.request.mediaConfig;
    if (media?.['@odata.type'] === '#microsoft.graph.appHostedMediaConfig' || media?.blob !== undefined)
      throw new SimulatedGraphError(400, 'BadRequest', `${name} is supported only for calls with serviceHostedMediaConfig.`);
  }

  private requireGroup(call: SimCall, name: CallActionName): void {
    this.requireEstablished(call);
    if (call.scenario === 'peerToPeer' || call.scenario === 'pstn')
      throw new SimulatedGraphError(400, 'BadRequest', `${name} is supported only for group calls and meetings.`);
  }

  private requireParticipant(call: SimCall, participantId: string | undefined): string {
    if (participantId === undefined || !call.participants.has(participantId))
      throw new SimulatedGraphError(404, 'ItemNotFound', `The participant ${participantId ?? ''} is not in call ${call.id}.`);
    return participantId;
  }

  private startOperation(call: SimCall, s: CallActionState, name: CallActionName, body: ContextBody): SimOperation {
    const type = callAction(name).operation;
    if (type === undefined) throw new TypeError(`simulator: ${name} starts no operation (the models' CALL_ACTIONS entry names none)`);
    const op: SimOperation = {
      id: randomUUID(),
      type,
      action: name,
      clientContext: body?.clientContext ?? undefined,
      status: 'running',
    };
    s.operations.set(op.id, op);
    void call;
    return op;
  }

  /** An operation Graph finishes at once: answered completed, and reported by notification too. */
  private immediate(call: SimCall, s: CallActionState, name: CallActionName, body: ContextBody): Record<string, unknown> {
    const op = this.startOperation(call, s, name, body);
    this.finish(call, op, 'completed', RESULTS.completed);
    return this.operationBody(op);
  }

  /** Queues a media operation behind the ones already playing; `onDone` runs when its time is up. */
  private mediaOperation(
    call: SimCall,
    s: CallActionState,
    name: CallActionName,
    body: ContextBody,
    durationMs: number,
    onDone: (op: SimOperation) => void,
  ): Record<string, unknown> {
    const op = this.startOperation(call, s, name, body);
    const done = Math.max(Date.now(), s.mediaFreeAt) + durationMs;
    s.mediaFreeAt = done;
    this.simulation.after(call.id, done - Date.now(), () => {
      if (op.status === 'running') onDone(op);
    });
    return this.operationBody(op);
  }

  private finishRecording(call: SimCall, op: SimOperation, reason: string, result: ResultInfo): void {
    if (op.status !== 'running') return;
    const s = this.state(call);
    if (s.recording?.operation === op) s.recording = undefined;
    const token = randomBytes(24).toString('base64url');
    op.completionReason = reason;
    op.recordingLocation = `${this.publicUrl()}/_sim/recordings/${op.id}`;
    op.recordingAccessToken = token;
    this.recordings.set(op.id, { token, callId: call.id });
    this.finish(call, op, 'completed', result);
  }

  private finish(
    call: SimCall,
    op: SimOperation,
    status: 'completed' | 'failed',
    result: ResultInfo,
    extra: Record<string, unknown> = {},
  ): void {
    if (op.status !== 'running') return;
    op.status = status;
    op.resultInfo = result;
    if (call.state === 'terminated') return;
    this.simulation.send(call, {
      '@odata.type': '#microsoft.graph.commsNotification',
      changeType: 'deleted',
      ...this.simulation.resourceUrl(call, `/operations/${op.id}`),
      resourceData: {
        ...this.operationBody(op),
        '@odata.id': `/communications/calls/${call.id}/operations/${op.id}`,
        resultInfo: { '@odata.type': '#microsoft.graph.resultInfo', ...result },
        ...extra,
      },
    });
  }

  private operationBody(op: SimOperation): Record<string, unknown> {
    return {
      '@odata.type': `#microsoft.graph.${op.type}`,
      id: op.id,
      status: op.status,
      clientContext: op.clientContext ?? null,
      resultInfo: op.resultInfo ? { '@odata.type': '#microsoft.graph.resultInfo', ...op.resultInfo } : null,
      ...(op.completionReason !== undefined ? { completionReason: op.completionReason } : {}),
      ...(op.type === 'recordOperation'
        ? { recordingLocation: op.recordingLocation ?? null, recordingAccessToken: op.recordingAccessToken ?? null }
        : {}),
    };
  }
}

/** Graph's 400 for an action of the table the simulator routes but does not run. */
export function notImplemented(name: CallActionName): SimulatedGraphError {
  return new SimulatedGraphError(400, 'BadRequest', `The simulator does not implement ${name}.`);
}
