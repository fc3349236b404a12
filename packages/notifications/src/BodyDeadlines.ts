/** A body still arriving: what {@link BodyDeadlines} checks on each tick. */
export interface PendingBody {
  /** True once the body is in or the request is gone: it is then forgotten. */
  readonly settled: () => boolean;
  /** Called once, when the body is still arriving at its deadline. */
  readonly expire: () => void;
}

/** A body being watched, as {@link BodyDeadlines.watch} hands it out; {@link BodyDeadlines.forget} takes it back. */
export interface WatchedBody {
  /** The body; `undefined` once forgotten, settled or expired (so nothing of its request is kept). */
  body: PendingBody | undefined;
  readonly deadline: number;
}

/**
 * Deadlines of request bodies, checked by one timer for all of them: a timer (and two listeners to
 * clear it) per request cost more than the rest of a small callback. A body is watched by appending
 * it to a list and forgotten by emptying its slot, which the next tick drops (cheaper than a Map
 * entry keyed by each request, set and deleted on every callback). The timer ticks only while a body is
 * watched, and is unref'd, so it never keeps the process alive. A body is cut between `timeoutMs` and
 * `timeoutMs` + one tick (a tenth of the timeout, at most 1 s) after it was watched.
 */
export class BodyDeadlines {
  /** Watched bodies in the order watched, forgotten slots included until the next tick. */
  private watched: WatchedBody[] = [];
  /** Slots still holding a body. */
  private holding = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly tickMs: number;

  constructor(
    private readonly timeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tickMs = Math.max(1, Math.min(1000, Math.ceil(timeoutMs / 10)));
  }

  /** Watches a body from now; hand what this returns to {@link forget} once the body is in. */
  watch(body: PendingBody): WatchedBody {
    const watched: WatchedBody = { body, deadline: this.now() + this.timeoutMs };
    this.watched.push(watched);
    this.holding += 1;
    if (this.timer === undefined) {
      this.timer = setInterval(() => this.sweep(), this.tickMs);
      this.timer.unref();
    }
    return watched;
  }

  /** Stops watching a body that is in (the handler got it): its slot no longer holds anything of the request. */
  forget(watched: WatchedBody): void {
    if (watched.body === undefined) return;
    watched.body = undefined;
    this.holding -= 1;
  }

  /** Bodies watched and not yet forgotten, settled or expired. */
  get size(): number {
    return this.holding;
  }

  /** Drops forgotten and settled bodies and expires late ones; stops ticking when none is left. */
  sweep(): void {
    const now = this.now();
    // Swapped first: a body watched while this runs (by an `expire`) lands in the new list.
    const watched = this.watched;
    this.watched = [];
    for (const entry of watched) {
      const { body } = entry;
      if (body === undefined) continue;
      if (body.settled()) this.forget(entry);
      else if (now >= entry.deadline) {
        this.forget(entry);
        body.expire();
      } else this.watched.push(entry);
    }
    if (this.watched.length === 0) this.stop();
  }

  /** Stops the timer (the server is closing); bodies still pending are no longer cut. */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    for (const entry of this.watched) entry.body = undefined;
    this.watched = [];
    this.holding = 0;
  }
}
