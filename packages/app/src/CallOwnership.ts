import type { CallLeases, CallRecord, CallStore, CallSummary, LeaseHistory } from '@graph-calling/notifications';
import { takeoverReason, type Takeover } from './LeaseChange';
import { monotonicNow } from './monotonicNow';
import type { ShutdownReport } from './ShutdownReport';

/** Why this instance stopped owning a call. */
export type DisownReason = 'ended' | 'lost' | 'handover' | 'hangup' | 'unknown' | 'released';

/** What the owner of a call does for it (the app keeps calls alive and resumes flows here). */
export interface OwnedCallDuties {
  /**
   * Called after every sweep for each live call whose lease this instance holds, with the summary of
   * its latest record (`whole`: the record itself when the sweep read it — always for an adopted
   * call); `adopted` is true on the sweep that took the call over (from a dead or departed owner,
   * or on a restart), when the last keep-alive may be long ago, and `takeover` then says from whom
   * and why. Must be idempotent.
   */
  own(record: CallSummary, adopted: boolean, whole: CallRecord | undefined, takeover?: Takeover): void;
  /** This instance no longer owns the call: it ended, the lease was lost, or it was handed over. */
  disown(callId: string, reason: DisownReason): void;
}

/** Options of {@link CallOwnership}. */
export interface CallOwnershipOptions {
  readonly store: CallStore;
  readonly leases: CallLeases;
  readonly duties: OwnedCallDuties;
  /** How often leases are renewed and orphaned calls looked for (default a third of the lease). */
  readonly sweepMs?: number;
  /**
   * How long before the lease's end this instance stops acting on a call it could not renew
   * (default a fifth of the lease, at least 100 ms): room for clock drift and a request in flight.
   */
  readonly safetyMarginMs?: number;
  /**
   * With a lease service that indexes unheld calls, how often a sweep still lists every record
   * (default 5 minutes): records the index does not know — written by an older version during a
   * rolling upgrade, or put there by hand — are found (adopted, or quarantined by the store) within it.
   */
  readonly auditMs?: number;
  /** A record younger than this is left to the instance that created it to claim (default 2 s). */
  readonly adoptAfterMs?: number;
  /** A claimed call with no record after this long was never created or has expired (default 60 s). */
  readonly unknownAfterMs?: number;
  /** Wall clock in ms (record ages); default `Date.now`. */
  readonly now?: () => number;
  /** Monotonic clock in ms (lease deadlines); default `performance.now`. */
  readonly monotonic?: () => number;
  /** Failures of a background sweep (the store or the lease service is down); the next sweep retries. */
  readonly onError?: (error: unknown, context: { readonly callId?: string }) => void;
  /**
   * Rebuilds a call's record from Graph (the reconciler's `reconcile`): called for a call this
   * instance owns whose record the store has lost (Redis restarted empty), so the call is kept alive
   * and its record comes back. Without it, such a call is only kept alive.
   */
  readonly rebuild?: (callId: string) => Promise<unknown>;
  /**
   * Takes and dispatches the events of the calls this instance owns that another instance stored in
   * the store's outbox and never dispatched — it answered the callback and died before claiming them,
   * and Graph does not send an answered callback again (the receiver's `recoverOutboxes`). Called on
   * every sweep with the calls held at its start and those it takes over whose summary counts
   * unclaimed entries (`CallSummary.unclaimedOutboxes`), for the entries older than `orphanedOutboxAfterMs`.
   */
  readonly recoverOutboxes?: (callIds: readonly string[], olderThanMs: number) => Promise<unknown>;
  /**
   * How old an unclaimed outbox entry must be before the owner takes it (default 3 s, by the store's
   * clock): the instance that stored it claims it within milliseconds of answering, or retries its
   * claim for a few seconds while the store does not answer; an entry older than this was orphaned.
   * Either way each entry is dispatched once: a claim is atomic.
   */
  readonly orphanedOutboxAfterMs?: number;
}

/** Default of {@link CallOwnershipOptions.orphanedOutboxAfterMs}. */
export const ORPHANED_OUTBOX_AFTER_MS = 3000;

/** Options of {@link CallOwnership.stop}. */
export interface OwnershipStopOptions {
  /** Default: hand over when other instances are alive, hang up when this is the last one. */
  readonly onShutdown?: 'handover' | 'hangup';
  /** Ends one call (only called in `hangup` mode, only for a call whose lease was just proven); a rejection names the call in `leftUp`. */
  readonly hangUp: (callId: string) => Promise<void>;
}

/** How long a call let go during an outage of the lease service is remembered, to be claimed again (1 hour). */
const REMEMBER_MS = 3_600_000;

/** Most unheld calls a sweep looks at (the longest unheld first; the rest wait for the next sweep). */
const MAX_ADOPTABLE = 5_000;

/** The answers of a batch renewal: `renewed[i]` for `callIds[i]`; none without `renewMany` (renewed one by one). */
interface Renewals {
  readonly callIds: readonly string[];
  /** When the batch was sent (monotonic ms): a renewed lease is proven from then. */
  readonly asked: number;
  readonly renewed?: readonly boolean[];
  /** The batch failed: every renewal in it is handled like one that failed by itself. */
  readonly error?: Error;
}

/** What a round reads before deciding anything: the records to sweep and the renewals of the held leases. */
interface RoundRead {
  readonly records: readonly CallSummary[];
  /** The unheld calls the lease service indexes (undefined when the sweep listed every record). */
  readonly candidates: ReadonlySet<string> | undefined;
  /** Whole records read by this sweep (all of them when it listed the store), by call id. */
  readonly wholes: Map<string, CallRecord>;
  readonly renewals: Renewals;
}

/** A held call the batch renewal did not settle. */
interface SlowRenewal {
  readonly callId: string;
  readonly held: Held;
  readonly ended: boolean;
  readonly unknown: boolean;
  readonly renewed?: boolean;
}

interface Held {
  readonly claimedAt: number;
  /** Until when (monotonic ms) this instance may act on the call: its last proven renewal + lease − margin. */
  provenUntil: number;
}

/**
 * Keeps this instance's share of the calls: claims the calls it places or answers, renews its
 * leases, and on every sweep adopts live calls whose owner is gone. Leases fence: the instance acts
 * on a call only while {@link CallOwnership.owns} holds — until the moment a lease it could not
 * renew may have expired in the lease service (measured from before the renewal was sent, on a
 * monotonic clock, less a safety margin) — so a partitioned or paused owner stops by itself before
 * another instance can take the call over.
 */
export class CallOwnership {
  private readonly mine = new Map<string, Held>();
  /** Calls given up with {@link CallOwnership.release}: never adopted again by this instance. */
  private readonly released = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private othersSeen: readonly string[] = [];
  /** Owned calls whose record this instance has seen: one missing later was lost by the store, not never written. */
  private readonly seen = new Set<string>();
  /**
   * Calls let go only because their deadline passed while the lease service could not be reached
   * (with when): re-claimed when it answers again and nobody else took them (their records may be gone).
   */
  private readonly remembered = new Map<string, number>();
  /** When a sweep last listed every record (monotonic); between audits the lease service's index is enough. */
  private listedAt: number | undefined;
  private lastFailure: string | undefined;
  private lostDataAt: number | undefined;
  private readonly now: () => number;
  private readonly monotonic: () => number;
  private readonly marginMs: number;

  constructor(private readonly options: CallOwnershipOptions) {
    this.now = options.now ?? Date.now;
    this.monotonic = options.monotonic ?? monotonicNow;
    const leaseMs = options.leases.leaseMs;
    this.marginMs = options.safetyMarginMs ?? Math.max(100, Math.floor(leaseMs / 5));
    if (!(this.marginMs < leaseMs)) throw new RangeError(`safetyMarginMs must be below the lease (${leaseMs} ms), found ${this.marginMs}`);
  }

  /** Whether this instance holds the call's lease now (proven, not past its deadline). O(1). */
  owns(callId: string): boolean {
    const held = this.mine.get(callId);
    return held !== undefined && this.monotonic() < held.provenUntil;
  }

  /** Whether this instance held the call's lease but can no longer prove it (past the deadline): it must not act. O(1). */
  fenced(callId: string): boolean {
    const held = this.mine.get(callId);
    return held !== undefined && this.monotonic() >= held.provenUntil;
  }

  /** The calls this instance believes it owns (some may be past their deadline: check {@link owns}). */
  ownedIds(): IterableIterator<string> {
    return this.mine.keys();
  }

  /** How many calls this instance believes it owns. */
  get ownedCount(): number {
    return this.mine.size;
  }

  /** This instance's name in leases. */
  get instanceId(): string {
    return this.options.leases.instanceId;
  }

  /** The other live instances, as of the last sweep. */
  get others(): readonly string[] {
    return this.othersSeen;
  }

  /**
   * Why the lease service is not to be trusted now, for health pages: it did not answer the last
   * sweep, or it lost data (leases or records of live calls vanished) within the last lease time.
   * `undefined` when all is well.
   */
  get degraded(): string | undefined {
    if (this.lastFailure !== undefined) return `the lease service or the store did not answer the last sweep: ${this.lastFailure}`;
    if (this.lostDataAt !== undefined && this.monotonic() - this.lostDataAt < this.options.leases.leaseMs)
      return 'the lease service or the store lost the leases or records of live calls (restarted empty?): they were claimed again and rebuilt from Graph';
    return undefined;
  }

  /** Whether {@link CallOwnership.stop} has begun. */
  get stopping(): boolean {
    return this.stopped;
  }

  /** Takes a call this instance has just placed or answered; false when another instance already holds it. */
  async claim(callId: string): Promise<boolean> {
    if (this.stopped) return false;
    const asked = this.monotonic();
    if (!(await this.options.leases.acquire(callId))) return false;
    this.prove(callId, asked);
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
      this.sweep().catch((error: unknown) => this.options.onError?.(error, {}));
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

  private prove(callId: string, askedAt: number): void {
    const provenUntil = askedAt + this.options.leases.leaseMs - this.marginMs;
    const held = this.mine.get(callId);
    if (held === undefined) this.mine.set(callId, { claimedAt: this.now(), provenUntil });
    else held.provenUntil = Math.max(held.provenUntil, provenUntil);
  }

  /** The calls this instance owns now (`owns` of each, the clock read once). */
  private ownedNow(): string[] {
    const at = this.monotonic();
    const owned: string[] = [];
    for (const [callId, held] of this.mine) if (at < held.provenUntil) owned.push(callId);
    return owned;
  }

  private async round(): Promise<void> {
    try {
      await this.roundOnce();
      this.lastFailure = undefined;
    } catch (error) {
      this.lastFailure = error instanceof Error ? error.message : String(error);
      throw error;
    }
  }

  private async roundOnce(): Promise<void> {
    // The calls this instance owns as the round starts: their orphaned outbox entries are recovered even if the round lets them go (ended).
    const owned = this.options.recoverOutboxes === undefined ? [] : this.ownedNow();
    const { records, candidates, wholes, renewals } = await this.readRound();
    const byId = new Map<string, CallSummary>();
    for (const record of records) byId.set(record.callId, record);
    const now = this.now();
    const failures: unknown[] = [];
    if (candidates !== undefined) await this.forgetUnheld(candidates, byId, failures);
    const lostRecords = await this.settleHeld(renewals, byId, now, failures);
    const rebuilt = new Set(lostRecords.filter((callId) => this.owns(callId)));
    await this.retakeRemembered(byId, rebuilt, failures);
    if (rebuilt.size > 0) this.lostDataAt = this.monotonic();
    for (const callId of rebuilt) this.options.rebuild?.(callId).catch((error: unknown) => this.options.onError?.(error, { callId }));
    for (const callId of this.released) if (byId.get(callId)?.state === 'terminated' || !byId.has(callId)) this.released.delete(callId);
    const histories = await this.adoptOrphans(candidates === undefined ? records : this.orphansAmong(candidates, byId), now, failures);
    const adopted = await this.takeovers(histories);
    for (const callId of adopted.keys()) this.remembered.delete(callId);
    await this.readWholes(adopted, wholes, failures);
    if (!this.stopped) this.runDuties(byId, adopted, wholes);
    await this.recoverOutboxes(owned, adopted, { byId, wholes }, failures);
    if (failures.length > 0) this.options.onError?.(failures[0], {});
  }

  /**
   * A round's first step: the heartbeat, the records to sweep and the renewal of every held lease,
   * at once (one wait, not two). A call that turns out to have ended is released afterwards all the
   * same; the small requests go first, so their answers do not queue behind the renewals.
   */
  private async readRound(): Promise<RoundRead> {
    const heartbeat = this.options.leases.heartbeat();
    const read = this.recordsToSweep().then((found) => ({
      records: found.records,
      candidates: found.candidates,
      wholes: new Map(found.wholes.map((record) => [record.callId, record])),
    }));
    const renewing = this.renewAll([...this.mine.keys()]);
    try {
      const [others, found, renewals] = await Promise.all([heartbeat, read, renewing]);
      this.othersSeen = others;
      return { ...found, renewals };
    } catch (error) {
      // What the lease service renewed still counts: only the calls it could not prove are let go.
      this.applyRenewals(await renewing);
      this.dropUnproven();
      throw error;
    }
  }

  /**
   * Past its deadline, a call is let go when the lease service cannot say it is still ours: another
   * instance may own it by now. If the lease is still ours, a later sweep adopts the call again.
   * A call past its deadline whose renewal succeeds is proven again (fenced, never lost).
   */
  private dropUnproven(): void {
    const now = this.monotonic();
    for (const [callId, held] of this.mine)
      if (now >= held.provenUntil) {
        // Let go while the lease service could not answer: remembered, and claimed again once it can.
        this.remembered.set(callId, now);
        this.drop(callId, 'lost');
      }
  }

  /** Unheld calls that ended or have no record: dropped from the lease service's index. */
  private async forgetUnheld(candidates: ReadonlySet<string>, byId: ReadonlyMap<string, CallSummary>, failures: unknown[]): Promise<void> {
    const { leases } = this.options;
    if (leases.forget === undefined) return;
    await Promise.all(
      [...candidates]
        .filter(
          (callId) => !this.mine.has(callId) && !this.remembered.has(callId) && (byId.get(callId)?.state ?? 'terminated') === 'terminated',
        )
        .map((callId) => Promise.resolve(leases.forget?.(callId)).catch((error: unknown) => void failures.push(error))),
    );
  }

  /**
   * What each held call needs, decided before any await: let go (ended, or never given a record) or
   * renewed. The common case (renewed in the batch) is settled in this loop, with no object or
   * promise per call; the others wait in {@link CallOwnership.settleSlow}. Returns the calls whose
   * record the store lost.
   */
  private async settleHeld(
    renewals: Renewals,
    byId: ReadonlyMap<string, CallSummary>,
    now: number,
    failures: unknown[],
  ): Promise<string[]> {
    const unknownAfterMs = this.options.unknownAfterMs ?? 60_000;
    // What `prove` sets for a call the batch renewed (the same for all of them).
    const provenBy = renewals.asked + this.options.leases.leaseMs - this.marginMs;
    const lostRecords: string[] = [];
    const slow: SlowRenewal[] = [];
    for (const [i, callId] of renewals.callIds.entries()) {
      const held = this.mine.get(callId);
      // Let go while the records were read (released, or dropped by a concurrent path).
      if (held === undefined) continue;
      const record = byId.get(callId);
      if (record !== undefined) this.seen.add(callId);
      const ended = record?.state === 'terminated';
      // A record seen before and missing now was lost by the store (not yet written is another matter).
      const lostRecord = record === undefined && this.seen.has(callId);
      if (lostRecord) lostRecords.push(callId);
      const unknown = record === undefined && !lostRecord && now - held.claimedAt >= unknownAfterMs;
      const renewed = renewals.renewed?.[i];
      if (!ended && !unknown && renewed === true) held.provenUntil = Math.max(held.provenUntil, provenBy);
      else slow.push({ callId, held, ended, unknown, ...(renewed !== undefined ? { renewed } : {}) });
    }
    await Promise.all(slow.map((entry) => this.settleSlow(entry, renewals, failures)));
    return lostRecords;
  }

  /** A held call not settled by the batch: released (ended or unknown), renewed alone, acquired again, or lost. */
  private async settleSlow(entry: SlowRenewal, renewals: Renewals, failures: unknown[]): Promise<void> {
    const { leases } = this.options;
    const { callId, held, ended, unknown, renewed } = entry;
    try {
      if (ended || unknown) {
        this.drop(callId, ended ? 'ended' : 'unknown');
        await leases.release(callId);
        if (ended) await leases.forget?.(callId);
        return;
      }
      if (renewals.error !== undefined) throw renewals.error;
      const asked = renewed !== undefined ? renewals.asked : this.monotonic();
      if (renewed === undefined && (await leases.renew(callId))) this.prove(callId, asked);
      // Not ours to renew: taken by another instance — or gone with the lease service's data, and then ours again.
      else if (await leases.acquire(callId)) {
        this.prove(callId, asked);
        this.lostDataAt = this.monotonic();
      } else this.drop(callId, 'lost');
    } catch (error) {
      // Not renewed: the deadline runs out by itself and the call's duties stop then.
      if (this.monotonic() >= held.provenUntil) {
        this.remembered.set(callId, this.monotonic());
        this.drop(callId, 'lost');
      }
      failures.push(error);
    }
  }

  /** Calls let go while the lease service was unreachable: taken again when nobody else has them (added to `rebuilt`). */
  private async retakeRemembered(byId: ReadonlyMap<string, CallSummary>, rebuilt: Set<string>, failures: unknown[]): Promise<void> {
    await Promise.all(
      [...this.remembered].map(async ([callId, since]) => {
        if (this.stopped || this.mine.has(callId) || byId.get(callId)?.state === 'terminated' || this.monotonic() - since > REMEMBER_MS) {
          this.remembered.delete(callId);
          return;
        }
        if (byId.has(callId)) return; // The adoption below takes it, like any orphaned live call.
        const asked = this.monotonic();
        try {
          if (await this.options.leases.acquire(callId)) {
            this.prove(callId, asked);
            this.lostDataAt = this.monotonic();
            rebuilt.add(callId);
          }
          this.remembered.delete(callId);
        } catch (error) {
          failures.push(error);
        }
      }),
    );
  }

  /**
   * The records of a sweep that read through the lease service's index which the adoption may take:
   * those of the unheld calls and of the calls remembered from an outage — never one of the
   * (many) calls this instance holds, so the adoption does not look at each of them.
   */
  private orphansAmong(candidates: ReadonlySet<string>, byId: ReadonlyMap<string, CallSummary>): CallSummary[] {
    const records: CallSummary[] = [];
    for (const callId of new Set([...candidates, ...this.remembered.keys()])) {
      const record = byId.get(callId);
      if (record !== undefined) records.push(record);
    }
    return records;
  }

  /** Adopts the live calls nobody holds; returns the calls taken over, with their lease history (read once per take-over, never per sweep). */
  private async adoptOrphans(
    records: readonly CallSummary[],
    now: number,
    failures: unknown[],
  ): Promise<Map<string, LeaseHistory | undefined>> {
    const { leases } = this.options;
    const histories = new Map<string, LeaseHistory | undefined>();
    const adoptAfterMs = this.options.adoptAfterMs ?? 2000;
    await Promise.all(
      records
        .filter(
          (record) =>
            record.state !== 'terminated' &&
            !this.mine.has(record.callId) &&
            !this.released.has(record.callId) &&
            now - record.createdAt >= adoptAfterMs,
        )
        .map(async (record) => {
          if (this.stopped) return;
          const asked = this.monotonic();
          try {
            if (!(await leases.acquire(record.callId))) return;
          } catch (error) {
            failures.push(error);
            return;
          }
          if (this.stopped) {
            await leases.release(record.callId).catch(() => undefined);
            return;
          }
          this.prove(record.callId, asked);
          histories.set(record.callId, await leases.history?.(record.callId).catch((error: unknown) => void failures.push(error)));
        }),
    );
    return histories;
  }

  /** Says from whom and why each adopted call was taken over. */
  private async takeovers(histories: ReadonlyMap<string, LeaseHistory | undefined>): Promise<Map<string, Takeover>> {
    const { leases } = this.options;
    // Who is alive once the leases were taken (an owner's heartbeat ends before its leases do, so a
    // dead owner is no longer listed), to say why each call was taken over.
    const alive =
      histories.size === 0 || leases.history === undefined || this.stopped
        ? this.othersSeen
        : await leases.heartbeat().catch(() => this.othersSeen);
    const adopted = new Map<string, Takeover>();
    for (const [callId, history] of histories) {
      const reason = takeoverReason(history, leases.instanceId, alive);
      const from = reason === 'unknown' ? undefined : history?.previous;
      adopted.set(callId, {
        type: 'takeover',
        callId,
        ...(from !== undefined ? { from } : {}),
        to: leases.instanceId,
        reason,
        at: this.now(),
      });
    }
    return adopted;
  }

  /** The whole records of adopted calls (a sweep that read summaries only): their flows resume from them. */
  private async readWholes(adopted: ReadonlyMap<string, Takeover>, wholes: Map<string, CallRecord>, failures: unknown[]): Promise<void> {
    await Promise.all(
      [...adopted.keys()]
        .filter((callId) => !wholes.has(callId))
        .map(async (callId) => {
          try {
            const record = await this.options.store.get(callId);
            if (record !== undefined) wholes.set(callId, record);
          } catch (error) {
            failures.push(error);
          }
        }),
    );
  }

  /**
   * Dispatches what other instances stored for the owned and adopted calls and died before
   * dispatching: for the calls whose summary counts unclaimed outbox entries, and those read whole
   * this round (a sweep of summaries without any asks the store nothing more).
   */
  private async recoverOutboxes(
    owned: readonly string[],
    adopted: ReadonlyMap<string, Takeover>,
    read: { readonly byId: ReadonlyMap<string, CallSummary>; readonly wholes: ReadonlyMap<string, CallRecord> },
    failures: unknown[],
  ): Promise<void> {
    const { recoverOutboxes } = this.options;
    if (recoverOutboxes === undefined || this.stopped) return;
    // A record read whole this round (a listing, a store without summaries, a take-over) carries no count: it is asked about.
    const { wholes, byId } = read;
    const pending = (callId: string) => (wholes.size > 0 && wholes.has(callId)) || (byId.get(callId)?.unclaimedOutboxes ?? 0) > 0;
    const callIds = [
      ...new Set([...owned.filter(pending), ...[...adopted.keys()].filter((callId) => pending(callId) && this.owns(callId))]),
    ];
    if (callIds.length === 0) return;
    try {
      await recoverOutboxes(callIds, this.options.orphanedOutboxAfterMs ?? ORPHANED_OUTBOX_AFTER_MS);
    } catch (error) {
      failures.push(error);
    }
  }

  /** Runs the duties of every held call with a record and a proven lease (the clock read once for the whole loop, as `owns` would). */
  private runDuties(
    byId: ReadonlyMap<string, CallSummary>,
    adopted: ReadonlyMap<string, Takeover>,
    wholes: ReadonlyMap<string, CallRecord>,
  ): void {
    const at = this.monotonic();
    for (const [callId, held] of this.mine) {
      const record = byId.get(callId);
      if (record === undefined) continue;
      // Adopted calls too: a call adopted just before the store lost its data is rebuilt like any other.
      this.seen.add(callId);
      if (at >= held.provenUntil) continue;
      // Most rounds adopt nothing and read no whole record: no look-up in empty maps for each call.
      const takeover = adopted.size === 0 ? undefined : adopted.get(callId);
      this.options.duties.own(record, takeover !== undefined, wholes.size === 0 ? undefined : wholes.get(callId), takeover);
    }
  }

  /**
   * The records a sweep looks at. With a lease service that indexes unheld calls (`adoptable`),
   * after the first sweep: only those of the calls this instance holds, remembers or released, and
   * of the unheld calls it may adopt (`candidates`) — not every record. Otherwise, on the first
   * sweep and once every `auditMs` (records the index does not know are found then), every record.
   */
  private async recordsToSweep(): Promise<{
    readonly records: readonly CallSummary[];
    readonly wholes: readonly CallRecord[];
    readonly candidates?: ReadonlySet<string>;
  }> {
    const { leases, store } = this.options;
    const auditMs = this.options.auditMs ?? 300_000;
    if (leases.adoptable === undefined || this.listedAt === undefined || this.monotonic() - this.listedAt >= auditMs) {
      const records = await store.list();
      this.listedAt = this.monotonic();
      return { records, wholes: records };
    }
    const candidates = new Set(await leases.adoptable(MAX_ADOPTABLE));
    const unique = new Set(this.mine.keys());
    for (const more of [this.remembered.keys(), this.released, candidates]) for (const callId of more) unique.add(callId);
    const ids = [...unique];
    // A store that keeps summaries answers for every call at once; otherwise each record is read.
    if (store.summaries !== undefined) {
      const found = await store.summaries(ids);
      return { records: found.filter((record): record is CallSummary => record !== undefined), wholes: [], candidates };
    }
    const found = await Promise.all(ids.map((callId) => Promise.resolve(store.get(callId))));
    const records = found.filter((record): record is CallRecord => record !== undefined);
    return { records, wholes: records, candidates };
  }

  /**
   * Renews the given leases in one batch when the lease service can (`renewMany`): the monotonic
   * time the batch was sent and an answer per call, or the batch's error. No answers without
   * `renewMany` (the caller renews call by call). Never rejects.
   */
  private async renewAll(callIds: readonly string[]): Promise<Renewals> {
    const { leases } = this.options;
    const asked = this.monotonic();
    if (leases.renewMany === undefined || callIds.length === 0) return { callIds, asked };
    try {
      const answers = await leases.renewMany(callIds);
      // One answer per call, as the lease service promises; a short answer leaves the rest unrenewed.
      return { callIds, asked, renewed: answers.length === callIds.length ? answers : callIds.map((_, i) => answers[i] === true) };
    } catch (error) {
      // A failed batch fails every renewal in it: each is handled like a renewal that failed by itself.
      return { callIds, asked, renewed: callIds.map(() => false), error: error instanceof Error ? error : new Error(String(error)) };
    }
  }

  /** Proves the leases a batch renewed (after a sweep that failed otherwise). */
  private applyRenewals(renewals: Renewals): void {
    renewals.callIds.forEach((callId, i) => {
      if (renewals.renewed?.[i] === true && this.mine.has(callId)) this.prove(callId, renewals.asked);
    });
  }

  private drop(callId: string, reason: DisownReason): void {
    if (reason !== 'lost') this.seen.delete(callId);
    if (this.mine.delete(callId)) this.options.duties.disown(callId, reason);
  }

  /**
   * Stops sweeping and gives away every call whose lease this instance proves, at that moment,
   * that it holds (a renewal checked by the lease service): handed over (the lease released, so a
   * live instance adopts it on its next sweep) or hung up. Calls it cannot prove are left alone and
   * named in `notHeld`; calls that already ended are only let go. Then leaves the set of live instances.
   * A second call resolves with the first one's report.
   */
  close(options: OwnershipStopOptions): Promise<ShutdownReport> {
    this.closing ??= this.giveAway(options);
    return this.closing;
  }

  /** @deprecated Use {@link CallOwnership.close}. */
  stop(options: OwnershipStopOptions): Promise<ShutdownReport> {
    return this.close(options);
  }

  private closing: Promise<ShutdownReport> | undefined;

  private async giveAway(options: OwnershipStopOptions): Promise<ShutdownReport> {
    if (this.timer !== undefined) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    this.stopped = true;
    const { leases } = this.options;
    const others = await leases.heartbeat().catch((error: unknown): readonly string[] => {
      this.options.onError?.(error, {});
      return [];
    });
    const mode = options.onShutdown ?? (others.length > 0 ? 'handover' : 'hangup');
    const hungUp: string[] = [];
    const handedOver: string[] = [];
    const leftUp: string[] = [];
    const notHeld: string[] = [];
    const unproven: string[] = [];
    await Promise.all(
      [...this.mine.keys()].map(async (callId) => {
        // A call that already ended is neither hung up nor handed over (nor named as such).
        const ended = await Promise.resolve(this.options.store.get(callId)).then(
          (record) => record?.state === 'terminated',
          () => false,
        );
        if (ended) {
          this.drop(callId, 'ended');
          await leases.release(callId).catch((error: unknown) => this.options.onError?.(error, { callId }));
          return;
        }
        const held = await leases.renew(callId).then(
          (renewed) => (renewed ? 'proven' : 'taken'),
          (error: unknown) => {
            this.options.onError?.(error, { callId });
            // The lease service cannot be asked: the local deadline still proves the lease until it passes.
            return this.owns(callId) ? 'proven' : 'unproven';
          },
        );
        if (held !== 'proven') {
          if (held === 'taken') notHeld.push(callId);
          else unproven.push(callId);
          this.drop(callId, 'lost');
          return;
        }
        this.drop(callId, mode);
        try {
          if (mode === 'hangup') {
            await options.hangUp(callId);
            hungUp.push(callId);
          } else handedOver.push(callId);
        } catch {
          // The hang-up's own rejection was the caller's to see; the report names the call as left up.
          leftUp.push(callId);
        } finally {
          await leases.release(callId).catch((error: unknown) => this.options.onError?.(error, { callId }));
        }
      }),
    );
    await leases.leave().catch((error: unknown) => this.options.onError?.(error, {}));
    return { mode, hungUp, handedOver, leftUp: [...leftUp, ...unproven], unproven, notHeld, others };
  }
}
