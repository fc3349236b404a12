import { type RetryOptions } from '../backoff';
import type { Middleware } from './types';
/**
 * Retries throttling and transient failures, honouring Retry-After (seconds or HTTP-date), else
 * exponential backoff with full jitter, within a bounded number of retries and total time.
 * A non-idempotent request (creating a call) is retried only on 429/503 that carry Retry-After,
 * which prove the server did not act; never after a timeout, a dropped connection or a 504.
 */
export declare function retryMiddleware(options?: RetryOptions, random?: () => number, sleep?: typeof defaultSleep): Middleware;
declare function defaultSleep(ms: number, signal?: AbortSignal): Promise<void>;
export {};
