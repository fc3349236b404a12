/** A body still arriving: what {@link BodyDeadlines} checks on each tick. */
export interface PendingBody {
  /** True once the body is in or the request is gone: it is then forgotten. */
  readonly settled: () => boolean;
  /** Called once, when the body is still arriving at its deadline. */
  readonly expire: () => void;
}

/**
 * Deadlines of request bodies, checked by one timer for all of them: a timer (and two listeners to
 * clear it) per request cost more than the rest of a small callback. The timer ticks only while a
 * body is pending, and is unref'd, so it never keeps the process alive. A body is cut between
 * `timeoutMs` and `timeoutMs` + one tick (a tenth of the timeout, at most 1 s) after it was watched.
 */
export class BodyDeadlines {
  private readonly pending = new Map<PendingBody, number>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly tickMs: number;

  constructor(
    private readonly timeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tickMs = Math.max(1, Math.min(1000, Math.ceil(timeoutMs / 10)));
  }

  /** Watches a body from now. */
  watch(body: PendingBody): void {
    this.pending.set(body, this.now() + this.timeoutMs);
    if (this.timer === undefined) {
      this.timer = setInterval(() => this.sweep(), this.tickMs);
      this.timer.unref();
    }
  }

  /** Stops watching a body that is in (the handler got it): nothing of the request is kept until the next tick. */
  forget(body: PendingBody): void {
    this.pending.delete(body);
  }

  /** Bodies watched and not yet settled or expired. */
  get size(): number {
    return this.pending.size;
  }

  /** Forgets settled bodies and expires late ones; stops ticking when none is left. */
  sweep(): void {
    const now = this.now();
    for (const [body, deadline] of this.pending) {
      if (body.settled()) this.pending.delete(body);
      else if (now >= deadline) {
        this.pending.delete(body);
        body.expire();
      }
    }
    if (this.pending.size === 0) this.stop();
  }

  /** Stops the timer (the server is closing); bodies still pending are no longer cut. */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }
}
