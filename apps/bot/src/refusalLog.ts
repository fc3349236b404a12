import type { Logger } from './logger';

/** A refused (4xx/503) or failed (5xx) callback, as the bot records it: never the token. */
export interface CallbackRefusal {
  readonly status: number;
  readonly code: string;
  /** The detail the answer to the caller leaves out. */
  readonly message: string;
  readonly remoteAddress?: string;
  readonly requestId?: string;
}

/** Options of {@link RefusalLog}. */
export interface RefusalLogOptions {
  /** Lines logged per window; the rest are counted and summed up in one line (default 10). */
  readonly perWindow?: number;
  /** Length of a window in ms (default 10 s). */
  readonly windowMs?: number;
  readonly now?: () => number;
}

/**
 * Counts every refused callback by code and logs them, at most `perWindow` lines per window, so a
 * flood of forged requests cannot flood the log too. Counts feed `/health` (the metrics count callbacks in the notifications package).
 */
export class RefusalLog {
  private readonly counts = new Map<string, { readonly status: number; count: number }>();
  private windowStart = Number.NEGATIVE_INFINITY;
  private logged = 0;
  private suppressed = 0;
  private readonly perWindow: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(
    private readonly logger: Logger,
    options: RefusalLogOptions = {},
  ) {
    this.perWindow = options.perWindow ?? 10;
    this.windowMs = options.windowMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Counts a refusal, and logs it unless this window's lines are used up. */
  record(refusal: CallbackRefusal): void {
    const key = `${refusal.status} ${refusal.code}`;
    const entry = this.counts.get(key);
    if (entry) entry.count += 1;
    else this.counts.set(key, { status: refusal.status, count: 1 });
    const now = this.now();
    if (now - this.windowStart >= this.windowMs) {
      if (this.suppressed > 0)
        this.logger.warn({ suppressed: this.suppressed, windowMs: this.windowMs }, 'callback refusals not logged (rate limit)');
      this.windowStart = now;
      this.logged = 0;
      this.suppressed = 0;
    }
    if (this.logged >= this.perWindow) {
      this.suppressed += 1;
      return;
    }
    this.logged += 1;
    const line = {
      status: refusal.status,
      code: refusal.code,
      reason: refusal.message,
      remoteAddress: refusal.remoteAddress,
      requestId: refusal.requestId,
    };
    // Only our own failures are errors; a 503 (no signing keys yet) is a refusal the sender retries.
    if (refusal.code === 'internal') this.logger.error(line, 'callback failed');
    else this.logger.warn(line, 'callback refused');
  }

  /** Refusals so far: the total and a count per code. */
  summary(): { readonly total: number; readonly byCode: Readonly<Record<string, number>> } {
    const byCode: Record<string, number> = Object.create(null) as Record<string, number>;
    let total = 0;
    for (const [key, { count }] of this.counts) {
      const code = key.slice(key.indexOf(' ') + 1);
      byCode[code] = (byCode[code] ?? 0) + count;
      total += count;
    }
    return { total, byCode };
  }
}
