/** A request on its way to Graph, as the middleware chain passes it along. */
export interface GraphRequest {
    readonly method: 'GET' | 'POST' | 'DELETE';
    readonly url: string;
    readonly headers: Record<string, string>;
    readonly body?: string;
    readonly signal?: AbortSignal;
    /**
     * The action's `idempotent` in the models' CALL_ACTIONS table. False (a create, answer, transfer, …):
     * retried only when the answer proves Graph did not act on it (429/503 with Retry-After), never
     * after a timeout or a dropped connection.
     */
    readonly idempotent: boolean;
    readonly scenarioId?: string;
}
/** An answer, read in full. */
export interface GraphResponse {
    readonly status: number;
    readonly headers: Headers;
    readonly text: string;
    /** How many attempts the retry middleware made for this answer (absent: one). */
    readonly attempts?: number;
}
export type Handler = (request: GraphRequest) => Promise<GraphResponse>;
export type Middleware = (request: GraphRequest, next: Handler) => Promise<GraphResponse>;
/** Chains middleware, outermost first, in front of the terminal handler. */
export declare function compose(middleware: readonly Middleware[], terminal: Handler): Handler;
