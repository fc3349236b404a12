import type { CallsClient } from './createCallsClient';
import { GraphError } from './GraphError';
/** Options of {@link startKeepAlive}. */
export interface KeepAliveOptions {
    /** How often (default 15 min; Graph ends calls after 45 min without one, so at most 45 min). */
    readonly everyMs?: number;
    /** The call is gone (Graph answered 404): the scheduler has stopped. */
    readonly onEnded?: (callId: string, error: GraphError) => void;
    /** Any other failure; the scheduler keeps going. */
    readonly onError?: (callId: string, error: unknown) => void;
}
/** A running keep-alive; `stop()` ends it. */
export interface KeepAlive {
    stop(): void;
    readonly stopped: boolean;
}
/**
 * Keeps a call alive: `POST …/keepAlive` every `everyMs`. Stops by itself when Graph says the call
 * no longer exists (404), reporting it as ended.
 */
export declare function startKeepAlive(client: CallsClient, callId: string, options?: KeepAliveOptions): KeepAlive;
