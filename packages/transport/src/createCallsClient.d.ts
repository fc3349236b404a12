import { Call, type CallRequest } from '@graph-calling/models';
import type { RetryOptions } from './backoff';
import type { TokenProvider } from './auth/TokenProvider';
import { type CallActionMethods, type OperationWaiter } from './callActionMethods';
import { type Cloud } from './clouds';
import type { RequestOptions } from './RequestOptions';
import { type Middleware } from './middleware/types';
/** Options of {@link createCallsClient}. */
export interface CallsClientOptions {
    readonly auth: TokenProvider;
    /** Graph base URL (the simulator's, say); default: the cloud's. */
    readonly baseUrl?: string;
    readonly cloud?: Cloud;
    readonly version?: 'v1.0' | 'beta';
    /** Use the deprecated `POST /app/calls` (beta only). */
    readonly useAppCallsPath?: boolean;
    /**
     * Use the deprecated `POST /applications/{id}/calls` (beta only, documented in 2019 beside `/app/calls`)
     * with this application id: your app's client id, the `appid` of its token. New code uses
     * `POST /communications/calls` (the default).
     */
    readonly useApplicationCallsPath?: string;
    readonly retry?: RetryOptions;
    /** Per-attempt timeout (default 30 s). */
    readonly timeoutMs?: number;
    readonly fetch?: typeof fetch;
    /**
     * Extra CA certificates (PEM) to trust for the Graph base URL (the simulator's certificate, a TLS
     * proxy's), as `clientCredentials({ ca })` does for the authority. Ignored when `fetch` is given.
     */
    readonly ca?: string | readonly string[];
    readonly userAgent?: string;
    /** Extra middleware, run between telemetry and retry (logging, metrics). */
    readonly middleware?: readonly Middleware[];
    /** Lets operation actions (`playPrompt`, `record`, …) wait for their completion notification. */
    readonly operations?: OperationWaiter;
    /** How many calls' scenario ids are remembered, least recently used forgotten first (default 10,000). */
    readonly maxTrackedCalls?: number;
}
/** What `calls.delete` resolves with. */
export interface DeletedCall {
    /**
     * `true` when a retried DELETE was answered 404: an earlier attempt (one that timed out or lost
     * its connection) had already ended the call. The hang-up succeeded.
     */
    readonly alreadyGone: boolean;
}
/** What `calls.create` returns. */
export interface CreatedCall {
    /** The call's id, from the `Location` header. */
    readonly id: string;
    readonly location: string;
    readonly call: Call;
    readonly scenarioId: string;
    readonly requestId: string | undefined;
    readonly clientRequestId: string;
}
/** The calls API. */
export interface CallsClient {
    readonly calls: CallActionMethods & {
        create(request: CallRequest, options?: RequestOptions): Promise<CreatedCall>;
        get(id: string, options?: RequestOptions): Promise<Call>;
        delete(id: string, options?: RequestOptions): Promise<DeletedCall>;
        keepAlive(id: string, options?: RequestOptions): Promise<void>;
    };
    /** The Graph base in use, version included: `https://graph.microsoft.com/v1.0`. */
    readonly baseUrl: string;
}
/**
 * A Graph client for calls: auth → telemetry → tracing → retry → timeout → fetch, every answer decoded by
 * the models, every failure a {@link GraphError}.
 */
export declare function createCallsClient(options: CallsClientOptions): CallsClient;
