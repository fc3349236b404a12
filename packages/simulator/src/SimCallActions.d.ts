import { type CallActionName, type IdentitySet, type Modality, type OperationType, type ResultInfo, type Tone } from '@graph-calling/models';
import { SimulatedGraphError } from './graphError';
import type { SimCall } from './SimCall';
import { type SimulatedApp } from './SimulatedApp';
import { type Simulation } from './Simulation';
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
/**
 * The simulated calling service's in-call side: incoming calls, and every action of the models'
 * CALL_ACTIONS table. Actions that start an operation answer with it running, then report it
 * finished through a notification to `…/operations/{id}`, as Graph does.
 */
export declare class SimCallActions {
    private readonly simulation;
    private readonly apps;
    private readonly timing;
    private readonly publicUrl;
    private readonly states;
    /** Recordings by operation id: the access token that fetches each. */
    readonly recordings: Map<string, {
        readonly token: string;
        readonly callId: string;
    }>;
    constructor(simulation: Simulation, apps: () => readonly SimulatedApp[], timing?: ActionTiming, publicUrl?: () => string);
    private require;
    private state;
    private get step();
    /** Rings the bot: sends `created` with state `incoming`; the call ends unanswered after the timeout. */
    ring(options: RingOptions): SimCall;
    /** The caller presses keys (`"1#"`, or tone names): reported when the bot subscribed, and they stop a recording. */
    pressKeys(callId: string, keys: readonly string[]): ActionTruth;
    /** What the far side knows of a call's actions: answered, rejected, redirected, transferred, tones, operations. */
    truth(callId: string): ActionTruth;
    /**
     * Runs one action on a call the caller owns, with a body already decoded by the action's codec.
     * Returns the answer body (an operation) or `undefined` for actions that answer without one.
     */
    run(name: CallActionName, call: SimCall, body: Record<string, unknown>, participantId?: string): Record<string, unknown> | undefined;
    private answer;
    private endIncoming;
    private requireEstablished;
    private requireServiceHosted;
    private requireGroup;
    private requireParticipant;
    private startOperation;
    /** An operation Graph finishes at once: answered completed, and reported by notification too. */
    private immediate;
    /** Queues a media operation behind the ones already playing; `onDone` runs when its time is up. */
    private mediaOperation;
    private finishRecording;
    private finish;
    private operationBody;
}
/** Graph's 400 for an action of the table the simulator routes but does not run. */
export declare function notImplemented(name: CallActionName): SimulatedGraphError;
