import type { CallLeases } from './CallLeases';
import type { CallRecord } from './CallRecord';
import type { CallStore } from './CallStore';

/** What the owner of a call does for it; the bot keeps calls alive and reconciles them here. */
export interface OwnedCallDuties {
  /**
   * Called after every sweep for each live call this instance owns, with its latest record;
   * `adopted` is true on the sweep that took the call over (from a dead or departed owner, or on a
   * restart), when the last keep-alive may be long ago. Must be idempotent.
   */
  own(record: CallRecord, adopted: boolean): void;
  /** This instance no longer owns the call: it ended, the lease was lost, or it was handed over. */
  disown(callId: string, reason: 'ended' | 'lost' | 'handover' | 'hangup' | 'unknown' | 'released'): void;
}

/** Options of {@link CallOwnership}. */
export interface CallOwnershipOptions {
  readonly store: CallStore;
  readonly leases: CallLeases;
  readonly duties: OwnedCallDuties;
  /** How often leases are renewed and orphaned calls looked for (default a third of the lease). */
  readonly sweepMs?: number;
  /** A claimed call with no record after this long was never created or has expired (default 60 s). */
  readonly unknownAfterMs?: number;
  readonly now?: () => number;
  /** Failures of a background sweep (the store or the lease service is down); the next sweep retries. */
  readonly onError?: (error: unknown) => void;
}

/** What {@link CallOwnership.stop} did. */
export interface ShutdownReport {
  readonly mode: 'handover' | 'hangup';
  /** The calls this instance owned when it stopped. */
  readonly calls: readonly string[];
  /** Other live instances seen at shutdown. */
  readonly others: readonly string[];
}

/** Options of {@link CallOwnership.stop}. */
export interface OwnershipStopOptions {
  /** Default: hand over when other instances are alive, hang up when this is the last one. */
  readonly onShutdown?: 'handover' | 'hangup';
  /** Ends one call (only called in `hangup` mode). */
  readonly hangUp: (callId: string) => Promise<void>;
}

/**
 * Keeps this instance's share of the calls: claims the calls it places, renews its leases, and
 * on every sweep adopts live calls whose owner is gone (dead, shut down, or this instance before
 * a restart). Duties run only while the lease is held, so each call has one keeper at a time.
 */
export class CallOwnership {
  private readonly mine = new Map<string, number>();
  /** Calls given up with {@link CallOwnership.release}: never adopted again by this instance. */
  private readonly released = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private othersSeen: readonly string[] = [];
  private readonly now: () => number;

  constructor(private readonly options: CallOwnershipOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The calls this instance holds the lease of. */
  get owned(): ReadonlySet<string> {
    return new Set(this.mine.keys());
  }

  /** This instance's name in leases. */
  get instanceId(): string {
    return this.options.leases.instanceId;
  }

  /** The other live instances, as of the last sweep. */
  get others(): readonly string[] {
    return this.othersSeen;
  }

  /** Takes a call this instance has just placed; false when another instance already holds it. */
  async claim(callId: string): Promise<boolean> {
    if (this.stopped) return false;
    if (!(await this.options.leases.acquire(callId))) return false;
    if (!this.mine.has(callId)) this.mine.set(callId, this.now());
    return true;
  }

  /**
   * Gives a call up for good in this instance: it is no longer this instance's to keep alive or
   * hang up (another instance may adopt it).
   */
  async release(callId: string): Promise<void> {
    this.released.add(callId);
    if (this.mine.has(callId)) {
      this.drop(callId, 'released');
      await this.options.leases.release(callId);
    }
  }

  /** Sweeps now, then every `sweepMs`. */
  async start(): Promise<void> {
    await this.sweep();
    const every = this.options.sweepMs ?? Math.max(50, Math.floor(this.options.leases.leaseMs / 3));
    this.timer = setInterval(() => {
      this.sweep().catch((error: unknown) => this.options.onError?.(error));
    }, every);
    this.timer.unref();
  }

  /** One round: heartbeat, renew or drop owned calls, adopt orphaned live calls, run duties. Never overlaps itself. */
  sweep(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.running ??= this.round().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async round(): Promise<void> {
    const { leases, store, duties } = this.options;
    this.othersSeen = await leases.heartbeat();
    const records = await store.list();
    const byId = new Map(records.map((record) => [record.callId, record]));
    const now = this.now();
    await Promise.all(
      [...this.mine].map(async ([callId, claimedAt]) => {
        const record = byId.get(callId);
        const ended = record?.state === 'terminated';
        const unknown = record === undefined && now - claimedAt >= (this.options.unknownAfterMs ?? 60_000);
        if (ended || unknown) {
          await leases.release(callId);
          this.drop(callId, ended ? 'ended' : 'unknown');
        } else if (!(await leases.renew(callId))) {
          this.drop(callId, 'lost');
        }
      }),
    );
    for (const callId of this.released) if (byId.get(callId)?.state === 'terminated' || !byId.has(callId)) this.released.delete(callId);
    const adopted = new Set<string>();
    await Promise.all(
      records
        .filter((record) => record.state !== 'terminated' && !this.mine.has(record.callId) && !this.released.has(record.callId))
        .map(async (record) => {
          if (this.stopped || !(await leases.acquire(record.callId))) return;
          this.mine.set(record.callId, now);
          adopted.add(record.callId);
        }),
    );
    if (this.stopped) return;
    for (const callId of this.mine.keys()) {
      const record = byId.get(callId);
      if (record !== undefined) duties.own(record, adopted.has(callId));
    }
  }

  private drop(callId: string, reason: Parameters<OwnedCallDuties['disown']>[1]): void {
    if (this.mine.delete(callId)) this.options.duties.disown(callId, reason);
  }

  /**
   * Stops sweeping and gives every owned call away: handed over (the lease released, so a live
   * instance adopts it on its next sweep) or hung up, then leaves the set of live instances.
   */
  async stop(options: OwnershipStopOptions): Promise<ShutdownReport> {
    if (this.timer !== undefined) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    this.stopped = true;
    const { leases } = this.options;
    const others = await leases.heartbeat();
    const mode = options.onShutdown ?? (others.length > 0 ? 'handover' : 'hangup');
    const calls = [...this.mine.keys()];
    await Promise.all(
      calls.map(async (callId) => {
        this.drop(callId, mode);
        try {
          if (mode === 'hangup') await options.hangUp(callId);
        } catch (error) {
          this.options.onError?.(error);
        } finally {
          await leases.release(callId);
        }
      }),
    );
    await leases.leave();
    return { mode, calls, others };
  }
}
