/**
 * Who does a call's once-per-call duties (keep-alive, reconciliation, hang-up on shutdown). One
 * instance holds a call's lease at a time; a lease that is not renewed expires, so another instance
 * takes the call over within `leaseMs` when its owner dies. One object per bot instance.
 *
 * This is the contract a shared store implements (`RedisCallLeases` in `@graph-calling/store-redis`);
 * the ownership logic that uses it (fencing, sweeps, take-over) lives in `@graph-calling/app`.
 * `acquire` and `renew` must answer `true` only when the lease was held for `leaseMs` from a moment
 * no earlier than the call was made: the holder fences its duties on that.
 *
 * The optional methods let a lease service that keeps an index (Redis: one sorted set of lease ends,
 * one of the calls each instance holds) spare every instance from reading every record on every
 * sweep: with `adoptable`, a sweep reads only the records of the calls it holds and of those it may
 * adopt. A lease service without them is swept by listing the store (fine for one instance).
 */
export interface CallLeases {
  /** This instance's name in leases and in the set of live instances. */
  readonly instanceId: string;
  /** How long a lease lasts without renewal. */
  readonly leaseMs: number;
  /** Takes the lease when nobody holds it; true when this instance holds it afterwards. */
  acquire(callId: string): Promise<boolean>;
  /** Extends a lease this instance holds; false when it had expired and was taken (or is gone). */
  renew(callId: string): Promise<boolean>;
  /** Gives a lease up if this instance holds it; true when it did. */
  release(callId: string): Promise<boolean>;
  /**
   * Optional: {@link CallLeases.renew} of many calls at once (few round trips); one answer per id, in order.
   * A failure rejects the whole batch (the caller treats every renewal as unanswered).
   */
  renewMany?(callIds: readonly string[]): Promise<readonly boolean[]>;
  /**
   * Optional, with {@link CallLeases.forget}: up to `limit` calls nobody holds a lease on — it expired
   * (the owner died or was cut off), was released (a hand-over), or was never taken (a new record:
   * the store enters every new live record) — those unheld longest first. They may have ended: the
   * caller reads their records, adopts the live ones and forgets the rest.
   */
  adoptable?(limit: number): Promise<readonly string[]>;
  /** Optional, with {@link CallLeases.adoptable}: the call is over (or has no record); not answered again unless someone takes its lease. */
  forget?(callId: string): Promise<void>;
  /** Optional: the calls an instance (this one or another) holds a lease on now, from the lease service's index. */
  heldBy?(instanceId: string): Promise<readonly string[]>;
  /** Marks this instance alive for a lease time; resolves with the other live instances. */
  heartbeat(): Promise<readonly string[]>;
  /** Removes this instance from the live instances (on shutdown). */
  leave(): Promise<void>;
  /**
   * Who held a call's lease last and before (optional: a store that keeps no history leaves it out,
   * and a take-over is then reported without its former owner). Read after a take-over or a loss.
   */
  history?(callId: string): Promise<LeaseHistory>;
}

/** What the lease service remembers of a call's holders (it outlives the lease itself). */
export interface LeaseHistory {
  /** The instance that took the lease last (it may have expired since). */
  readonly current?: string;
  /** The instance that held it before `current` took it. */
  readonly previous?: string;
  /** Whether `previous` gave the lease up (a hand-over) rather than letting it expire. */
  readonly previousReleased: boolean;
}
