import { backoffDelay, DEFAULT_RETRY, parseRetryAfter, type RetryOptions } from '../backoff';
import { GraphError } from '../GraphError';
import type { GraphResponse, Middleware } from './types';

const RETRYABLE = new Set([429, 503, 504]);

/**
 * Retries throttling and transient failures, honouring Retry-After (seconds or HTTP-date), else
 * exponential backoff with full jitter, within a bounded number of retries and total time.
 * A non-idempotent request (creating a call) is retried only on 429/503 that carry Retry-After,
 * which prove the server did not act; never after a timeout, a dropped connection or a 504.
 */
export function retryMiddleware(options: RetryOptions = {}, random: () => number = Math.random, sleep = defaultSleep): Middleware {
  const settings = { ...DEFAULT_RETRY, ...options };
  return async (request, next) => {
    const started = Date.now();
    for (let retry = 0; ; retry += 1) {
      let response: GraphResponse | undefined;
      let failure: unknown;
      try {
        response = await next(request);
      } catch (error) {
        failure = error;
      }
      let delay: number | undefined;
      if (response !== undefined) {
        // The attempt count lets the client tell a first answer from one after a retry (a DELETE answered 404 after a timeout).
        if (!RETRYABLE.has(response.status)) return retry > 0 ? { ...response, attempts: retry + 1 } : response;
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
        const provenNoOp = (response.status === 429 || response.status === 503) && retryAfter !== undefined;
        if (request.idempotent || provenNoOp) delay = retryAfter ?? backoffDelay(retry, settings, random);
      } else {
        const transient = failure instanceof GraphError && (failure.kind === 'network' || failure.kind === 'timeout');
        if (transient && request.idempotent) delay = backoffDelay(retry, settings, random);
      }
      const outOfTime = delay !== undefined && (delay > settings.maxDelayMs || Date.now() - started + delay > settings.maxTotalMs);
      if (delay === undefined || retry >= settings.maxRetries || outOfTime || request.signal?.aborted) {
        if (response !== undefined) return retry > 0 ? { ...response, attempts: retry + 1 } : response;
        throw failure;
      }
      await sleep(delay, request.signal);
    }
  };
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
