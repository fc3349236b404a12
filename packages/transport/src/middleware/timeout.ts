import { GraphError } from '../GraphError';
import type { Middleware } from './types';

/** Gives each attempt `ms` to answer (and to finish sending its body); the caller's signal still aborts. */
export function timeoutMiddleware(ms: number): Middleware {
  return async (request, next) => {
    const timer = AbortSignal.timeout(ms);
    const signal = request.signal ? AbortSignal.any([request.signal, timer]) : timer;
    try {
      return await next({ ...request, signal });
    } catch (error) {
      const name = (error as { name?: string })?.name;
      if (name !== 'AbortError' && name !== 'TimeoutError' && !(timer.aborted || request.signal?.aborted)) throw error;
      const base = {
        method: request.method,
        url: request.url,
        clientRequestId: request.headers['client-request-id'] ?? '',
        ...(request.scenarioId ? { scenarioId: request.scenarioId } : {}),
        cause: error,
      };
      if (request.signal?.aborted)
        throw new GraphError({ ...base, kind: 'aborted', message: `${request.method} ${request.url}: aborted by the caller` });
      if (timer.aborted)
        throw new GraphError({ ...base, kind: 'timeout', message: `${request.method} ${request.url}: no complete answer within ${ms} ms` });
      throw error;
    }
  };
}
