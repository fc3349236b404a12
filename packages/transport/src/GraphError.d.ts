import { GraphCallingError, type DecodeIssue } from '@graph-calling/models';
/** What went wrong: an error answer, no answer in time, no answer at all, or an answer we cannot use. */
export type GraphErrorKind = 'http' | 'timeout' | 'network' | 'invalid-response' | 'aborted' | 'auth';
/** Everything known about a failed Graph request. The message never contains a token. */
export declare class GraphError extends GraphCallingError {
    readonly name = "GraphError";
    readonly kind: GraphErrorKind;
    /** HTTP status, when an answer arrived. */
    readonly status: number | undefined;
    readonly requestId: string | undefined;
    readonly clientRequestId: string;
    readonly scenarioId: string | undefined;
    /** `innerError.date` of the answer. */
    readonly date: string | undefined;
    /** How long Graph asked us to wait, in ms. */
    readonly retryAfterMs: number | undefined;
    /** The raw answer body (text), when one arrived. */
    readonly body: string | undefined;
    /** What to do about it, for the common calling failures. */
    readonly hint: string | undefined;
    /** Why a response did not decode as the models expect. */
    readonly issues: readonly DecodeIssue[];
    readonly method: string;
    readonly url: string;
    constructor(init: {
        kind: GraphErrorKind;
        message: string;
        method: string;
        url: string;
        clientRequestId: string;
        code?: string;
        status?: number;
        requestId?: string;
        scenarioId?: string;
        date?: string;
        retryAfterMs?: number;
        body?: string;
        hint?: string;
        issues?: readonly DecodeIssue[];
        cause?: unknown;
    });
}
