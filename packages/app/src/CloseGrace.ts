/**
 * The grace period of an app's `close()`: one timer, and a signal per hang-up under way that aborts
 * when the period is over (one listener on the period's own signal, fanned out: none per call on it).
 */
export class CloseGrace {
  private timer: NodeJS.Timeout | undefined;
  private endsAt = Number.POSITIVE_INFINITY;
  private readonly over = new AbortController();
  private readonly pending = new Set<AbortController>();

  constructor() {
    this.over.signal.addEventListener(
      'abort',
      () => {
        for (const controller of this.pending) controller.abort(this.over.signal.reason);
      },
      { once: true },
    );
  }

  /** Starts (or restarts) the period: it is over `ms` from now. */
  arm(ms: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.endsAt = Date.now() + ms;
    this.timer = setTimeout(() => this.over.abort(new Error('the grace period of close() is over')), ms);
    this.timer.unref();
  }

  /** Time left in the period (0 once it is over). */
  remainingMs(): number {
    return Math.max(0, this.endsAt - Date.now());
  }

  /** Runs `task` with a signal that aborts when the period is over (already aborted when it is). */
  async within<T>(task: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    if (this.over.signal.aborted) controller.abort(this.over.signal.reason);
    else this.pending.add(controller);
    try {
      return await task(controller.signal);
    } finally {
      this.pending.delete(controller);
    }
  }

  /** Stops the timer (the close is done). */
  disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
  }
}
