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

export const DEFAULT_RETRY: RetryLimits = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 30_000, maxTotalMs: 60_000 };

/**
 * Reads `Retry-After`: delay-seconds or an HTTP-date. Returns milliseconds, or undefined when the
 * header is absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Exponential backoff with full jitter: a random wait in [0, min(max, base · 2^retry)). */
export function backoffDelay(retry: number, options: RetryLimits, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}
