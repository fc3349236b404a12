import { LRUCache } from 'lru-cache';
import type { CallRecord, CallSummary } from './CallRecord';
import type { EventFeed } from './EventFeed';
import type { CallbackEvent } from './events';

/**
 * What an update function returns: the record to store and a result handed back to the caller. `R`
 * admits `undefined` for a change that may find no record and create none.
 */
export interface CallStoreChange<T, R extends CallRecord | undefined = CallRecord> {
  /** The record after the change; returning the `before` record itself (===, `undefined` included) writes nothing. */
  readonly record: R;
  readonly result: T;
}

/** What {@link CallStore.update} resolves with. */
export interface CallStoreUpdate<T, R extends CallRecord | undefined = CallRecord> extends CallStoreChange<T, R> {
  /** Whether this update wrote (`false` when `change` returned the record it was given). */
  readonly changed: boolean;
}

/**
 * Where call records live. The memory store keeps them in this process; a shared store (Redis,
 * a database) lets several bot instances see one truth.
 *
 * The contract every store keeps:
 * - `update` is atomic per call: concurrent updates of one call — in this process or in any other
 *   process sharing the store — are applied one after another, and none is lost.
 * - `change` must be pure: a shared store may run it more than once when another writer got in
 *   first, and only the run whose result was stored counts. Callers act on (emit events for) the
 *   `result` of that run only, so each applied change is acted on exactly once, by the instance
 *   that applied it.
 * - A store may forget a terminated record after a while (eviction); `get` then answers
 *   `undefined`, and a late notification for that call starts a fresh record.
 */
export interface CallStore {
  get(callId: string): CallRecord | undefined | Promise<CallRecord | undefined>;
  update<T, R extends CallRecord | undefined = CallRecord>(
    callId: string,
    change: (before: CallRecord | undefined) => CallStoreChange<T, R>,
  ): CallStoreUpdate<T, R> | Promise<CallStoreUpdate<T, R>>;
  delete(callId: string): boolean | Promise<boolean>;
  /** Every record held (for status pages, re-adoption and reconciliation). A record the store cannot read is skipped (a shared store quarantines it). */
  list(): readonly CallRecord[] | Promise<readonly CallRecord[]>;
  /**
   * Optional, for stores where reading whole records is costly (a shared one): the summaries of many
   * calls in few round trips, one per id in order (`undefined`: no record). Ownership sweeps and
   * reconciler scans use it when present; they read whole records with `get` otherwise.
   */
  summaries?(callIds: readonly string[]): Promise<ReadonlyArray<CallSummary | undefined>>;
  /**
   * Optional, for stores whose writes can time out and still be applied (a shared store): `update`
   * with an outbox. The events of the change are stored with the record under `key` (one key per
   * notification), in the same atomic write; `claim()` then takes them for dispatch — with any
   * that an earlier write under the same key stored and nobody claimed (its answer was lost, so
   * its callback was answered 5xx, and this is the retry that found nothing left to change). A
   * claim is atomic: concurrent callers never both get the same events. The receiver uses it when
   * present, and claims after answering the callback (an acknowledged callback's events wait in
   * the outbox until claimed, so a claim that fails is retried).
   */
  updateWithOutbox?(
    callId: string,
    key: string,
    change: (before: CallRecord | undefined) => CallStoreChange<readonly CallbackEvent[]>,
    share?: OutboxShare,
  ): Promise<OutboxUpdate>;
  /**
   * Optional, with an outbox: whether this store can publish what its claims take to `feed`, in the
   * same atomic step as the claim (a Redis store and a Redis feed on one server). When it can, the
   * receiver passes an {@link OutboxShare} and marks the claimed events `shared`: an instance that
   * claims and dies before it publishes can no longer keep them from the call's owner.
   */
  publishesTo?(feed: EventFeed): boolean;
  /**
   * Optional, with {@link updateWithOutbox}: takes the outbox entries of `callIds` stored at least
   * `olderThanMs` ago and still unclaimed — left by an instance that stored a notification, answered
   * its callback and died before claiming (Graph does not send an answered callback again, so nobody
   * else would). Ages are measured on the store's own clock, the one that stamped the entries, so
   * instances whose clocks disagree agree on them. Each entry is taken atomically, like `claim()`:
   * an entry goes to one caller only, this one or its receiver. Resolves with the entries taken,
   * each call's in the order they were stored. The owner of the calls calls it on its sweeps, with
   * a threshold well above the milliseconds a receiver takes to claim — for the calls whose summary
   * counts unclaimed entries (`CallSummary.unclaimedOutboxes`), which a store with {@link summaries}
   * must report.
   */
  claimOrphanedOutboxes?(callIds: readonly string[], olderThanMs: number, share?: OutboxShare): Promise<readonly OrphanedOutboxEntry[]>;
}

/**
 * Where a claim publishes the events it takes, in the same atomic step (see {@link CallStore.publishesTo}):
 * one feed message per outbox entry, from `origin` (the claiming instance, whose own subscription skips it).
 */
export interface OutboxShare {
  readonly feed: EventFeed;
  readonly origin: string;
}

/** An outbox entry nobody claimed in time, taken by {@link CallStore.claimOrphanedOutboxes}. */
export interface OrphanedOutboxEntry {
  readonly callId: string;
  /** The notification key it was stored under. */
  readonly key: string;
  /** When it was stored (ms since the epoch, by the store's clock). */
  readonly storedAt: number;
  /** Its events, to dispatch; empty when they could not be read back, and `error` says why. */
  readonly events: readonly CallbackEvent[];
  /** Whether the claim published them to the `share` feed it was given, in its atomic step. */
  readonly shared?: boolean;
  readonly error?: Error;
}

/** What {@link CallStore.updateWithOutbox} resolves with. */
export interface OutboxUpdate {
  readonly record: CallRecord;
  /** Whether this update wrote. */
  readonly changed: boolean;
  /** The events of this change, written to the outbox: not this caller's to dispatch until claimed. */
  readonly events: readonly CallbackEvent[];
  /** Takes the outbox entry: the events this caller must dispatch (`[]` when another caller took them). */
  claim(): Promise<readonly CallbackEvent[]>;
  /** Whether `claim` publishes the events it hands back to the update's `share` feed, in the claim's atomic step. */
  readonly shared?: boolean;
}

/** Why a record left the memory store without being deleted. */
export type EvictionReason = 'expired' | 'capacity';

/** Options of {@link MemoryCallStore}. */
export interface MemoryCallStoreOptions {
  /** How long a terminated record is kept after its last change (default 10 minutes; `Infinity` keeps it). */
  readonly terminatedTtlMs?: number;
  /** Most records held (default 50,000). Past it the least recently updated terminated record goes first, then the least recently updated live one. */
  readonly maxRecords?: number;
  /** Clock in ms (default `performance.now`-based); inject one to test expiry without waiting. */
  readonly now?: () => number;
  /** Told about every record evicted (a live one evicted for capacity deserves a log line). */
  readonly onEvict?: (record: CallRecord, reason: EvictionReason) => void;
}

/** Defaults of {@link MemoryCallStoreOptions}. */
export const MEMORY_STORE_DEFAULTS = { terminatedTtlMs: 10 * 60_000, maxRecords: 50_000 } as const;

/**
 * The default store, in this process. Live and terminated records are kept apart: terminated ones
 * in an LRU cache with a TTL (the record of an ended call is only useful for a while), so under
 * the size cap an ended call is always evicted before a live one.
 */
export class MemoryCallStore implements CallStore {
  private readonly live: LRUCache<string, CallRecord>;
  private readonly ended: LRUCache<string, CallRecord>;
  private readonly maxRecords: number;
  private readonly onEvict: (record: CallRecord, reason: EvictionReason) => void;

  constructor(options: MemoryCallStoreOptions = {}) {
    const ttl = options.terminatedTtlMs ?? MEMORY_STORE_DEFAULTS.terminatedTtlMs;
    this.maxRecords = options.maxRecords ?? MEMORY_STORE_DEFAULTS.maxRecords;
    if (!(this.maxRecords >= 1)) throw new RangeError(`maxRecords must be at least 1, found ${this.maxRecords}`);
    if (!(ttl > 0)) throw new RangeError(`terminatedTtlMs must be positive, found ${ttl}`);
    this.onEvict = options.onEvict ?? (() => undefined);
    const clock = options.now;
    // lru-cache reads a start time of 0 as "no TTL": an injected clock that starts at 0 is shifted by 1 ms.
    const perf = clock !== undefined ? { now: () => clock() + 1 } : undefined;
    const notify = (reason: EvictionReason) => (record: CallRecord, _key: string, why: LRUCache.DisposeReason) => {
      // `set`/`delete` also dispose; only what the cache dropped by itself is an eviction.
      if (why === 'evict' || why === 'expire') this.onEvict(record, why === 'expire' ? 'expired' : reason);
    };
    this.live = new LRUCache({ max: this.maxRecords, dispose: notify('capacity') });
    this.ended = new LRUCache({
      max: this.maxRecords,
      ...(Number.isFinite(ttl) ? { ttl, ttlResolution: 0 } : {}),
      ...(perf !== undefined ? { perf } : {}),
      dispose: notify('capacity'),
    });
  }

  get(callId: string): CallRecord | undefined {
    return this.live.get(callId, { updateAgeOnGet: false }) ?? this.ended.get(callId, { updateAgeOnGet: false });
  }

  update<T, R extends CallRecord | undefined = CallRecord>(
    callId: string,
    change: (before: CallRecord | undefined) => CallStoreChange<T, R>,
  ): CallStoreUpdate<T, R> {
    const before = this.get(callId);
    const { record, result } = change(before);
    const changed = record !== before && record !== undefined;
    if (changed) this.put(callId, record);
    return { record, result, changed };
  }

  delete(callId: string): boolean {
    const live = this.live.delete(callId);
    return this.ended.delete(callId) || live;
  }

  list(): CallRecord[] {
    this.ended.purgeStale();
    return [...this.live.values(), ...this.ended.values()];
  }

  /** Every call held. */
  all(): CallRecord[] {
    return this.list();
  }

  /** How many records are held (terminated ones past their TTL included until the next purge). */
  get size(): number {
    return this.live.size + this.ended.size;
  }

  /** Drops terminated records past their TTL now (the store also does it as it goes). */
  purge(): void {
    this.ended.purgeStale();
  }

  private put(callId: string, record: CallRecord): void {
    if (record.terminatedAt !== undefined) {
      this.live.delete(callId);
      this.ended.set(callId, record);
    } else {
      this.ended.delete(callId);
      this.live.set(callId, record);
    }
    // One cap over both: make room by evicting ended calls (least recently updated first), live ones only when none is left.
    while (this.live.size + this.ended.size > this.maxRecords) {
      const victim = this.ended.size > 0 ? this.ended : this.live;
      const evicted = victim.rkeys().next();
      if (evicted.done === true) break;
      const key = evicted.value;
      const dropped = victim.peek(key, { allowStale: true });
      victim.delete(key);
      if (dropped !== undefined) this.onEvict(dropped, 'capacity');
    }
  }
}
