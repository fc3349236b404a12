import { GraphError } from '../GraphError';
import type { GraphRequest, GraphResponse, Handler } from './types';

/** The end of the chain: one HTTP exchange with fetch, the body read in full. */
export function fetchHandler(fetchImpl: typeof fetch = fetch): Handler {
  return async (request: GraphRequest): Promise<GraphResponse> => {
    let response: Response;
    try {
      response = await fetchImpl(request.url, {
        method: request.method,
        headers: request.headers,
        ...(request.body !== undefined ? { body: request.body } : {}),
        ...(request.signal ? { signal: request.signal } : {}),
      });
    } catch (error) {
      throw failure(request, error, 'no answer');
    }
    try {
      return { status: response.status, headers: response.headers, text: await response.text() };
    } catch (error) {
      // The connection broke after the status line: we cannot know what the server did.
      throw failure(request, error, `answer ${response.status} cut off`);
    }
  };
}

function failure(request: GraphRequest, error: unknown, what: string): unknown {
  if (error instanceof GraphError) return error;
  if ((error as { name?: string })?.name === 'AbortError' || (error as { name?: string })?.name === 'TimeoutError') return error;
  const reason = deepestReason(error);
  return new GraphError({
    kind: 'network',
    message: `${request.method} ${request.url}: ${what} (${reason})`,
    method: request.method,
    url: request.url,
    clientRequestId: request.headers['client-request-id'] ?? '',
    ...(request.scenarioId ? { scenarioId: request.scenarioId } : {}),
    cause: error,
  });
}

/**
 * The innermost message of an error's cause chain, with its code: fetch reports every failure as
 * "fetch failed" and keeps the reason (a refused connection, an untrusted certificate) in `cause`.
 * Read by shape, not `instanceof`: fetch's errors may come from another realm.
 */
function deepestReason(error: unknown): string {
  let current: unknown = error;
  let reason = String(error);
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null && 'message' in current; depth += 1) {
    const { message, code, cause } = current as { message: unknown; code?: unknown; cause?: unknown };
    reason = `${String(message)}${typeof code === 'string' && !String(message).includes(code) ? ` ${code}` : ''}`;
    current = cause;
  }
  return reason;
}
