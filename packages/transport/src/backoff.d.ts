/** How retries wait. */
export interface RetryOptions {
    /** Retries after the first attempt (default 3). */
    readonly maxRetries?: number;
    /** First backoff ceiling (default 500 ms); doubles each retry. */
    readonly baseDelayMs?: number;
    /** Longest single wait, including Retry-After (default 30 s). */
    readonly maxDelayMs?: number;
    /** Give up once this much time has passed since the first attempt (default 60 s). */
    readonly maxTotalMs?: number;
    /**
     * Waits `ms` between attempts, resolving early when `signal` aborts (default: a timer). Injected
     * where the wait itself is under test, so a test checks the delay asked for rather than the clock.
     */
    readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}
/** The numeric limits of {@link RetryOptions}, all set. */
export type RetryLimits = Required<Omit<RetryOptions, 'sleep'>>;
export declare const DEFAULT_RETRY: RetryLimits;
/**
 * Reads `Retry-After`: delay-seconds or an HTTP-date. Returns milliseconds, or undefined when the
 * header is absent or unreadable.
 */
export declare function parseRetryAfter(value: string | null | undefined, now?: number): number | undefined;
/** Exponential backoff with full jitter: a random wait in [0, min(max, base · 2^retry)). */
export declare function backoffDelay(retry: number, options: RetryLimits, random?: () => number): number;
