import type { CallRequest, CallsCollection, IdentitySet, ResultInfo } from '@graph-calling/models';
import type { NotificationSender } from './NotificationSender';
import { type CallTruth, type SimCall, type SimParticipant } from './SimCall';
/** How the far side behaves, and how long things take. */
export interface Timing {
    /** Targets of peer-to-peer, PSTN and group calls answer by themselves after this long; `false` waits for control.answer (default 20 ms). */
    readonly autoAnswerMs?: number | false;
    /** A guest waiting in a meeting lobby is admitted by itself after this long; `false` waits for control.admit (default false). */
    readonly autoAdmitMs?: number | false;
    /** An unanswered call ends (408 / 10057) after this long (default 30 s). */
    readonly ringTimeoutMs?: number;
    /** A call with no keep-alive for this long is ended (408 / 8537); default 45 minutes. */
    readonly keepAliveWindowMs?: number;
    /** Pause between the notifications of a sequence (default 10 ms), so they arrive in order unless faults say otherwise. */
    readonly stepMs?: number;
    /**
     * An ended call is forgotten this long after it ended (default 10 minutes; `Infinity` keeps every
     * call): Graph answers 404 for it either way, and a long soak must not hold every call it ever made.
     */
    readonly endedCallTtlMs?: number;
}
/** Default of {@link Timing.endedCallTtlMs}. */
export declare const ENDED_CALL_TTL_MS: number;
/** Who created a call: the token's app, tenant and display name. */
export interface Creator {
    readonly appId: string;
    readonly tenantId: string;
    readonly displayName: string;
}
/** The simulated calling service: calls, their far side, and what it tells the callbacks. */
export declare class Simulation {
    private readonly sender;
    private readonly timing;
    /** Live calls, and ended ones until their TTL; in creation order. Add with {@link Simulation.add}. */
    readonly calls: Map<string, SimCall>;
    /** Each call's place in creation order (the cursor of a page of calls). */
    private readonly order;
    private created;
    private readonly timers;
    private readonly callTimers;
    constructor(sender: NotificationSender, timing?: Timing);
    /** @internal Runs `action` after `ms` unless the call's timers are cancelled (used by the call actions too). */
    after(callId: string, ms: number, action: () => void): void;
    /** @internal */
    cancelTimers(callId: string): void;
    /** Stops every timer (the simulator is shutting down). */
    stop(): void;
    /** @internal Registers a new call (created by the bot, or ringing it). */
    add(call: SimCall): void;
    /**
     * Up to `limit` calls created after the one at `after` (a position from an earlier page; 0 for
     * the first page), in creation order, and the position to ask for the next page from.
     */
    page(limit: number, after: number): {
        readonly calls: readonly SimCall[];
        readonly next: number | undefined;
    };
    /** Creates a call from a validated request and starts its notification sequence. */
    create(request: CallRequest, creator: Creator, version: 'v1.0' | 'beta', api: CallsCollection): SimCall;
    /** @internal */
    watchKeepAlive(call: SimCall): void;
    /** @internal */
    establish(call: SimCall, others: readonly SimParticipant[]): void;
    /** @internal */
    end(call: SimCall, reason: ResultInfo): void;
    /** DELETE: terminating, then terminated with "ended by bot". */
    hangUpByBot(id: string): boolean;
    keepAlive(id: string): boolean;
    /** The target answers. */
    answer(id: string): CallTruth;
    /** The target declines. */
    decline(id: string): CallTruth;
    /** The far side hangs up (for peer-to-peer: the other participant left). */
    hangUp(id: string): CallTruth;
    /** The meeting lobby admits the bot (guest joins). */
    admit(id: string): CallTruth;
    /** Someone joins the call; returns their participant id. */
    join(id: string, identity: IdentitySet, options?: {
        inLobby?: boolean;
    }): string;
    leave(id: string, participantId: string): CallTruth;
    mute(id: string, participantId: string, muted?: boolean): CallTruth;
    truth(id: string): CallTruth | undefined;
    private require;
    /** @internal Names a new call's own fault stream (see `FaultInjector.streamFor`). */
    streamFor(callbackUri: string): string;
    /** @internal */
    resourceUrl(call: SimCall, suffix?: string): Record<string, string>;
    notifyCall(call: SimCall, changeType: 'created' | 'updated' | 'deleted'): void;
    /** A roster change: the whole roster, or only the change when the call asked for delta rosters. */
    /** @internal */
    rosterChanged(call: SimCall, changeType: 'created' | 'updated' | 'deleted', changed: SimParticipant[]): void;
    private notifyRoster;
    /** @internal */
    send(call: SimCall, notification: Record<string, unknown>): void;
}
/** A new participant with one audio stream. */
export declare function participant(id: string, identity: IdentitySet, self: boolean, inLobby: boolean): SimParticipant;
/** A participant as Graph returns it (GET) and notifies it (with the roster's sequence number). */
export declare function participantResource(p: SimParticipant, sequence?: number): Record<string, unknown>;
/** The call as Graph returns and notifies it. */
export declare function callResource(call: SimCall): Record<string, unknown>;
