/**
 * What closing did with the calls an instance owned — the one report of a shutdown, from
 * `CallOwnership.close` and from `CallingApp.close` alike. Every call this instance believed it
 * owned is named in exactly one of `hungUp`, `handedOver`, `leftUp` or `notHeld` (calls that had
 * already ended are only let go, and named nowhere).
 */
export interface ShutdownReport {
  /** Handed over when other instances were alive, hung up when this was the last one (or as told). */
  readonly mode: 'handover' | 'hangup';
  /** Calls hung up (their lease proven at that moment). */
  readonly hungUp: readonly string[];
  /** Calls handed over to the other live instances (their lease proven, then released). */
  readonly handedOver: readonly string[];
  /** Calls still up in Graph that this instance could not end: the hang-up failed, or the lease could not be proven (see `unproven`). */
  readonly leftUp: readonly string[];
  /**
   * The part of `leftUp` whose lease could not be checked (the lease service did not answer) and
   * whose local deadline had passed: this instance may no longer act on them. Each deserves an error line.
   */
  readonly unproven: readonly string[];
  /** Calls this instance believed it owned but another instance holds: left to their owner. */
  readonly notHeld: readonly string[];
  /** Other live instances seen at shutdown. */
  readonly others: readonly string[];
}
