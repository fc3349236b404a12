/** Options of {@link KeepAliveScheduler}. */
export interface KeepAliveSchedulerOptions {
  /** Sends one keep-alive (`client.calls.keepAlive`). */
  readonly send: (callId: string) => Promise<void>;
  /** Whether this instance may act on the call now (its lease is proven); checked before every send. */
  readonly mayAct: (callId: string) => boolean;
  /** Graph answered 404: the call is gone (the scheduler has forgotten it). */
  readonly onGone: (callId: string) => void;
  readonly onError?: (error: unknown, context: { readonly callId: string }) => void;
  /** Interval per call (default 15 min; Graph ends a call 45 min after its last keep-alive). */
  readonly everyMs?: number;
  /** Most keep-alives in flight at once (default 16). */
  readonly maxConcurrent?: number;
  readonly now?: () => number;
}

const MAX_INTERVAL = 45 * 60_000;

/**
 * Keeps every owned call alive with ONE timer for all of them (not a timer per call): each call
 * has a due time; the timer wakes at the earliest one and sends what is due, a few at a time. A
 * call is sent a keep-alive only while {@link KeepAliveSchedulerOptions.mayAct} says its lease is
 * proven; a 404 means the call is over.
 */
export class KeepAliveScheduler {
  private readonly due = new Map<string, number>();
  private readonly inFlight = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private wakeAt = Number.POSITIVE_INFINITY;
  private stopped = false;
  private readonly everyMs: number;
  private readonly maxConcurrent: number;
  private readonly now: () => number;
  /** Keep-alives sent (for health pages and tests). */
  sent = 0;

  constructor(private readonly options: KeepAliveSchedulerOptions) {
    this.everyMs = options.everyMs ?? 15 * 60_000;
    if (!(this.everyMs > 0) || this.everyMs > MAX_INTERVAL)
      throw new RangeError(`keep-alive interval must be between 0 and 45 minutes, found ${this.everyMs} ms`);
    this.maxConcurrent = Math.max(1, options.maxConcurrent ?? 16);
    this.now = options.now ?? Date.now;
  }

  /** Calls kept alive now. */
  get size(): number {
    return this.due.size;
  }

  /** Whether the call is scheduled. */
  has(callId: string): boolean {
    return this.due.has(callId);
  }

  /** Schedules a call (no-op when it is scheduled); `now`: send its first keep-alive at once (a call taken over). */
  add(callId: string, now = false): void {
    if (this.stopped || (this.due.has(callId) && !now)) return;
    this.due.set(callId, this.now() + (now ? 0 : this.everyMs));
    this.arm();
  }

  /** Forgets a call. */
  remove(callId: string): void {
    this.due.delete(callId);
  }

  /** Stops the timer and forgets every call; a second call resolves too. */
  close(): Promise<void> {
    this.stopAll();
    return Promise.resolve();
  }

  /** @deprecated Use {@link KeepAliveScheduler.close}. */
  stop(): void {
    this.stopAll();
  }

  private stopAll(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.due.clear();
  }

  private arm(): void {
    // A full window re-arms when a keep-alive in flight settles.
    if (this.stopped || this.inFlight.size >= this.maxConcurrent) return;
    let earliest = Number.POSITIVE_INFINITY;
    for (const at of this.due.values()) if (at < earliest) earliest = at;
    if (earliest === Number.POSITIVE_INFINITY || earliest >= this.wakeAt) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.wakeAt = earliest;
    this.timer = setTimeout(() => this.tick(), Math.max(0, earliest - this.now()));
    this.timer.unref();
  }

  private tick(): void {
    this.timer = undefined;
    this.wakeAt = Number.POSITIVE_INFINITY;
    const t = this.now();
    for (const [callId, at] of this.due) {
      if (this.inFlight.size >= this.maxConcurrent) break;
      if (at > t || this.inFlight.has(callId)) continue;
      this.due.set(callId, t + this.everyMs);
      if (this.options.mayAct(callId)) this.send(callId);
    }
    this.arm();
  }

  private send(callId: string): void {
    this.inFlight.add(callId);
    this.sent += 1;
    this.options
      .send(callId)
      .catch((error: unknown) => {
        if ((error as { status?: unknown } | null)?.status === 404) {
          this.due.delete(callId);
          this.options.onGone(callId);
        } else this.options.onError?.(error, { callId });
      })
      .finally(() => {
        this.inFlight.delete(callId);
        // Calls skipped while the limit was reached are due already: wake at once.
        this.arm();
      });
  }
}
