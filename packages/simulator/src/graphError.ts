import { randomUUID } from 'node:crypto';
import { decode, GraphCallingError } from '@graph-calling/models';

/** Graph's error body: `{ error: { code, message, innerError: { date, request-id, client-request-id } } }`. */
export interface GraphErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly innerError: { readonly date: string; readonly 'request-id': string; readonly 'client-request-id'?: string };
  };
}

/**
 * An error answer of the simulated Graph, thrown by route handlers and shaped by the error handler. Its `code`
 * is the Graph error code it answers with (`BadRequest`, `ItemNotFound`): Graph's casing, as GraphError's.
 */
export class SimulatedGraphError extends GraphCallingError {
  override readonly name = 'SimulatedGraphError';

  constructor(
    readonly status: number,
    code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(code, message);
  }
}

/**
 * `value` decoded by `codec`; otherwise a 400 `BadRequest` saying `Invalid <what>:` and the first five problems,
 * each naming its JSON path, what was expected and what arrived.
 */
export function decodedOr400<C extends Parameters<typeof decode>[0]>(codec: C, value: unknown, what: string): C['_A'] {
  const decoded = decode(codec, value);
  if (decoded.ok) return decoded.value;
  const problems = decoded.errors
    .slice(0, 5)
    .map((e) => e.message)
    .join('; ');
  throw new SimulatedGraphError(400, 'BadRequest', `Invalid ${what}: ${problems}`);
}

/** The body Graph sends with an error, with a fresh request id and the caller's client-request-id. */
export function graphErrorBody(
  code: string,
  message: string,
  clientRequestId: string | undefined,
  requestId: string = randomUUID(),
): GraphErrorBody {
  return {
    error: {
      code,
      message,
      innerError: {
        date: new Date().toISOString().replace(/\.\d{3}Z$/, ''),
        'request-id': requestId,
        ...(clientRequestId !== undefined ? { 'client-request-id': clientRequestId } : {}),
      },
    },
  };
}

/** The errors the calling service documents for permission and tenant problems. */
export const CALLING_ERRORS = {
  insufficientPermissions: { status: 403, code: '7504', message: 'Insufficient enterprise tenant permissions, cannot access this API.' },
  tenantMismatch: { status: 403, code: '7505', message: 'Request authorization tenant mismatch.' },
  // Not in the published table: /applications/{id}/calls names the calling app, and only that app may use it.
  applicationMismatch: {
    status: 403,
    code: 'Forbidden',
    message: "The application id in the request path is not the calling application's (the token's appid).",
  },
} as const;
