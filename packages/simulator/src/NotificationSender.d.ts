import type { FaultInjector } from './faults';
import type { SigningKey } from './SigningKey';
/** Where callback tokens say they come from. */
export declare const CALLBACK_ISSUER = "https://api.botframework.com";
/** One delivery attempt, for the control API and tests. */
export interface DeliveryRecord {
    readonly callId: string;
    readonly url: string;
    readonly body: unknown;
    /** The HTTP status, or why nothing was answered (`refused-url`: the URL broke the callback rule). */
    readonly status: number | 'dropped' | 'network-error' | 'refused-url';
    /** For a network error: what failed (`ECONNRESET`, `TimeoutError`, …). */
    readonly error?: string;
    readonly attempt: number;
    readonly at: number;
}
/** Options of {@link NotificationSender}. */
export interface SenderOptions {
    readonly key: SigningKey;
    readonly faults: FaultInjector;
    /** Attempts per notification when the callback fails (default 3). */
    readonly maxAttempts?: number;
    /** First retry delay; doubles each attempt (default 100 ms). */
    readonly retryDelayMs?: number;
    /** Per-attempt timeout (default 5 s). */
    readonly timeoutMs?: number;
    /** Deliver to callback URLs off loopback too (default false). */
    readonly allowNonLoopbackCallbacks?: boolean;
    /** Delivery attempts kept in `log`, oldest dropped first (default 10,000). */
    readonly maxLog?: number;
}
/**
 * Posts notifications to callback URLs the way Graph does: `Authorization: Bearer <JWT>` signed
 * by the simulator's callback key (issuer Bot Framework, audience the app id, `tid` the tenant),
 * retried a bounded number of times on failure, with the configured faults applied. Without
 * faults, one call's notifications are delivered one after another, in order.
 */
export declare class NotificationSender {
    private readonly options;
    private entries;
    private readonly tokens;
    private readonly pending;
    /** The last in-order delivery per call: the next one waits for it. */
    private readonly lanes;
    private closed;
    constructor(options: SenderOptions);
    /** The most recent delivery attempts, oldest first (at most `maxLog`). */
    get log(): readonly DeliveryRecord[];
    private record;
    /** Names a new call's fault stream (see {@link FaultInjector.streamFor}). */
    streamFor(callbackUri: string): string;
    /** Forgets a call's fault stream once it has ended. */
    forget(stream: string): void;
    /** Queues one notification body for delivery (faults, drawn from the call's `stream`, decide drop / duplicate / delay). */
    send(callId: string, stream: string, url: string, appId: string, tenantId: string, body: unknown): void;
    /** Resolves when every queued delivery has finished (or failed for good). */
    idle(): Promise<void>;
    /** Stops sending; deliveries under way finish their current attempt. */
    close(): Promise<void>;
    private token;
    private deliver;
}
