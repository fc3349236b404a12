/** Misbehaviour on demand. Percentages are 0–100; everything is decided by a seeded generator. */
export interface Faults {
    readonly seed?: number;
    readonly notifications?: {
        readonly dropPercent?: number;
        readonly duplicatePercent?: number;
        /** Held back long enough for the next notification to overtake it. */
        readonly reorderPercent?: number;
        readonly delayPercent?: number;
        readonly delayMs?: number;
    };
    /**
     * Emulates a load balancer in front of several bot instances: each notification goes to one of
     * these callback URLs, picked at random (seeded), instead of the call's callbackUri. One call's
     * notifications still go out one after another, in order, unless a delay or reorder fault says otherwise.
     */
    readonly loadBalance?: {
        readonly callbackTargets: readonly string[];
    };
    readonly requests?: {
        /** Answer 429 with Retry-After before acting. */
        readonly throttlePercent?: number;
        /** Answer 503 with Retry-After before acting. */
        readonly unavailablePercent?: number;
        /** Retry-After in seconds, or `'http-date'` to send an HTTP-date that many seconds ahead. */
        readonly retryAfterSeconds?: number;
        readonly retryAfterFormat?: 'seconds' | 'http-date';
        /** Delay every answer by this long — after the request has been acted on. */
        readonly slowMs?: number;
    };
}
export type NotificationFate = {
    readonly drop: boolean;
    readonly copies: number;
    readonly delayMs: number;
};
export type RequestFate = {
    readonly status?: 429 | 503;
    readonly retryAfter?: string;
    readonly delayMs: number;
};
/**
 * Turns a {@link Faults} configuration into decisions, in a reproducible order. Decisions about
 * one call are drawn from that call's own stream (named by the caller, see `Simulation`), so the
 * same seed gives every call the same faults however many calls run at once; decisions without a
 * name share one stream.
 */
export declare class FaultInjector {
    private faults;
    private readonly allowNonLoopbackTargets;
    private random;
    /** Requests answered 429/503 so far (tests check that a client's retries really met a storm). */
    refused: number;
    /** Its own sequence, so spreading callbacks does not change which notifications are dropped or duplicated. */
    private targetRandom;
    private readonly streams;
    /** Calls named so far per callback URL (bounded like the streams). */
    private readonly perCallback;
    constructor(faults?: Faults, allowNonLoopbackTargets?: boolean);
    get current(): Faults;
    /** Replaces the configuration (and restarts every sequence from its seed). */
    set(faults: Faults): void;
    /**
     * Where one notification goes: the call's callback URL, or one of the load-balanced targets,
     * drawn from the call's own `targets` stream (so spreading never shifts drop or duplicate decisions).
     */
    targetFor(callbackUri: string, stream?: string): string;
    /**
     * Names the stream of a new call: its callback URL and how many calls used that URL before it
     * since the faults were last set. Calls with their own callback URLs get the same stream in
     * every run, however their creation interleaves.
     */
    streamFor(callbackUri: string): string;
    /** Drops a call's streams (it has ended). */
    forget(stream: string): void;
    private source;
    private roll;
    /** The fate of one notification; `stream` names its call's sequence of decisions. */
    forNotification(stream?: string): NotificationFate;
    /** The fate of one request; `stream` names the call (or create flow) it belongs to. */
    forRequest(stream?: string): RequestFate;
}
