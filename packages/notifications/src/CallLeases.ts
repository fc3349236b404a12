/**
 * Who does a call's once-per-call duties (keep-alive, reconciliation, hang-up on shutdown). One
 * instance holds a call's lease at a time; a lease that is not renewed expires, so another instance
 * takes the call over within `leaseMs` when its owner dies. One object per bot instance.
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
}

/** Options of {@link LocalCallLeases}. */
export interface LocalCallLeasesOptions {
  readonly instanceId?: string;
  readonly leaseMs?: number;
}

/**
 * Leases for a bot with a memory store: the only instance, so it owns every call it asks for.
 * Kept so that the bot has one ownership code path whatever the store.
 */
export class LocalCallLeases implements CallLeases {
  readonly instanceId: string;
  readonly leaseMs: number;
  private readonly held = new Set<string>();

  constructor(options: LocalCallLeasesOptions = {}) {
    this.instanceId = options.instanceId ?? 'local';
    this.leaseMs = options.leaseMs ?? 30_000;
  }

  // One process holds every lease: nothing to wait for, the promises are for the interface's sake.
  acquire(callId: string): Promise<boolean> {
    this.held.add(callId);
    return Promise.resolve(true);
  }

  renew(callId: string): Promise<boolean> {
    return Promise.resolve(this.held.has(callId));
  }

  release(callId: string): Promise<boolean> {
    return Promise.resolve(this.held.delete(callId));
  }

  heartbeat(): Promise<readonly string[]> {
    return Promise.resolve([]);
  }

  leave(): Promise<void> {
    this.held.clear();
    return Promise.resolve();
  }
}
