/**
 * Who does a call's once-per-call duties (keep-alive, reconciliation, hang-up on shutdown). One
 * instance holds a call's lease at a time; a lease that is not renewed expires, so another instance
 * takes the call over within `leaseMs` when its owner dies. One object per bot instance.
 *
 * This is the contract a shared store implements (`RedisCallLeases` in `@graph-calling/store-redis`);
 * the ownership logic that uses it (fencing, sweeps, take-over) lives in `@graph-calling/app`.
 * `acquire` and `renew` must answer `true` only when the lease was held for `leaseMs` from a moment
 * no earlier than the call was made: the holder fences its duties on that.
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
