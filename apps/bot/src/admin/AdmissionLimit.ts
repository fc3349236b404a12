/**
 * At most `inFlight` admin reads run at once and at most `queued` wait; the rest are turned away
 * (503 + Retry-After). The admin routes share the event loop with Graph's callbacks: bounding
 * how many store reads they run at once bounds how much they can delay a callback, however many
 * dashboards poll.
 */
export class AdmissionLimit {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly inFlight = 2,
    private readonly queued = 64,
  ) {}

  /** Runs `work` when a slot is free; undefined when the queue is full (answer 503). */
  async run<T>(work: () => Promise<T>): Promise<{ readonly value: T } | undefined> {
    if (this.running >= this.inFlight) {
      if (this.waiting.length >= this.queued) return undefined;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.running += 1;
    try {
      return { value: await work() };
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter (running stays the same), or is freed.
      if (next) next();
      else this.running -= 1;
    }
  }
}
