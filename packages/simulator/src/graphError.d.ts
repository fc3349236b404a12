import { GraphCallingError } from '@graph-calling/models';
/** Graph's error body: `{ error: { code, message, innerError: { date, request-id, client-request-id } } }`. */
export interface GraphErrorBody {
    readonly error: {
        readonly code: string;
        readonly message: string;
        readonly innerError: {
            readonly date: string;
            readonly 'request-id': string;
            readonly 'client-request-id'?: string;
        };
    };
}
/**
 * An error answer of the simulated Graph, thrown by route handlers and shaped by the error handler. Its `code`
 * is the Graph error code it answers with (`BadRequest`, `ItemNotFound`): Graph's casing, as GraphError's.
 */
export declare class SimulatedGraphError extends GraphCallingError {
    readonly status: number;
    readonly headers: Readonly<Record<string, string>>;
    readonly name = "SimulatedGraphError";
    constructor(status: number, code: string, message: string, headers?: Readonly<Record<string, string>>);
}
/** The body Graph sends with an error, with a fresh request id and the caller's client-request-id. */
export declare function graphErrorBody(code: string, message: string, clientRequestId: string | undefined, requestId?: string): GraphErrorBody;
/** The errors the calling service documents for permission and tenant problems. */
export declare const CALLING_ERRORS: {
    readonly insufficientPermissions: {
        readonly status: 403;
        readonly code: "7504";
        readonly message: "Insufficient enterprise tenant permissions, cannot access this API.";
    };
    readonly tenantMismatch: {
        readonly status: 403;
        readonly code: "7505";
        readonly message: "Request authorization tenant mismatch.";
    };
    readonly applicationMismatch: {
        readonly status: 403;
        readonly code: "Forbidden";
        readonly message: "The application id in the request path is not the calling application's (the token's appid).";
    };
};
