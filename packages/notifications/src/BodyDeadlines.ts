/** A body still arriving: what {@link BodyDeadlines} checks on each tick. */
export interface PendingBody {
  /** True once the body is in or the request is gone: it is then forgotten. */
  readonly settled: () => boolean;
  /** Called once, when the body is still arriving at its deadline. */
  readonly expire: () => void;
}

/** A body being watched and when it is due (ms on the deadlines' clock). */
interface Arrival {
  readonly body: PendingBody;
  readonly deadline: number;
}

/**
 * Deadlines of request bodies, checked by one timer for all of them: a timer (and two listeners to
 * clear it) per request cost more than the rest of a small callback.
 *
 * Bodies are held per connection (an HTTP/1 socket): a connection's next request can only begin
 * once the body before it is in, so one slot per connection is enough, and a request reuses its
 * connection's slot instead of adding an entry. Nothing that outlives a request keeps anything of it:
 * {@link forget} empties the slot at once. Entries kept until a later tick would be allocated by V8
 * in the old generation, and each request they point at would then survive every young-generation
 * collection until a full one.
 *
 * The timer ticks only while a connection holds a slot, and is unref'd, so it never keeps the process
 * alive. A body is cut between `timeoutMs` and `timeoutMs` + one tick (a tenth of the timeout, at most
 * 1 s) after it was watched.
 */
export class BodyDeadlines {
  /** Per connection: the body arriving on it; `undefined` once forgotten (the slot stays for its next request until a tick drops it). */
  private readonly arriving = new Map<object, Arrival | undefined>();
  /** Slots holding a body. */
  private holding = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly tickMs: number;

  constructor(
    private readonly timeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tickMs = Math.max(1, Math.min(1000, Math.ceil(timeoutMs / 10)));
  }

  /**
   * Watches `body`, arriving on `connection`, from now; hand both to {@link forget} once the body is in.
   * It takes the place of a body watched on the same connection before (that body is in: the
   * connection carries one request's body at a time).
   */
  watch(connection: object, body: PendingBody): void {
    const before = this.arriving.get(connection);
    this.arriving.set(connection, { body, deadline: this.now() + this.timeoutMs });
    if (before === undefined) this.holding += 1;
    if (this.timer === undefined) {
      this.timer = setInterval(() => this.sweep(), this.tickMs);
      this.timer.unref();
    }
  }

  /** Stops watching `body` (the handler got it): its connection's slot no longer holds anything of the request. */
  forget(connection: object, body: PendingBody): void {
    if (this.arriving.get(connection)?.body !== body) return;
    this.arriving.set(connection, undefined);
    this.holding -= 1;
  }

  /** Bodies watched and not yet forgotten, settled or expired. */
  get size(): number {
    return this.holding;
  }

  /** Drops empty slots, forgets settled bodies and expires late ones; stops ticking when no slot is left. */
  sweep(): void {
    const now = this.now();
    // A body watched while this runs (by an `expire`) is visited too; it is not due yet.
    for (const [connection, arrival] of this.arriving) {
      if (arrival === undefined) this.arriving.delete(connection);
      else if (arrival.body.settled()) this.drop(connection);
      else if (now >= arrival.deadline) {
        this.drop(connection);
        arrival.body.expire();
      }
    }
    if (this.arriving.size === 0) this.stop();
  }

  /** Stops the timer (the server is closing); bodies still pending are no longer cut. */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.arriving.clear();
    this.holding = 0;
  }

  private drop(connection: object): void {
    this.arriving.delete(connection);
    this.holding -= 1;
  }
}
