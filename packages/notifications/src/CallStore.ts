import type { CallRecord } from './CallRecord';

/** What an update function returns: the record to store and a result handed back to the caller. */
export interface CallStoreChange<T> {
  /** The record after the change; returning the `before` record itself (===) writes nothing. */
  readonly record: CallRecord;
  readonly result: T;
}

/** What {@link CallStore.update} resolves with. */
export interface CallStoreUpdate<T> extends CallStoreChange<T> {
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
 */
export interface CallStore {
  get(callId: string): CallRecord | undefined | Promise<CallRecord | undefined>;
  update<T>(
    callId: string,
    change: (before: CallRecord | undefined) => CallStoreChange<T>,
  ): CallStoreUpdate<T> | Promise<CallStoreUpdate<T>>;
  delete(callId: string): boolean | Promise<boolean>;
  /** Every record held (for status pages, re-adoption and reconciliation). */
  list(): readonly CallRecord[] | Promise<readonly CallRecord[]>;
}

/** The default store: a Map in this process. */
export class MemoryCallStore implements CallStore {
  private readonly calls = new Map<string, CallRecord>();

  get(callId: string): CallRecord | undefined {
    return this.calls.get(callId);
  }

  update<T>(callId: string, change: (before: CallRecord | undefined) => CallStoreChange<T>): CallStoreUpdate<T> {
    const before = this.calls.get(callId);
    const { record, result } = change(before);
    const changed = record !== before;
    if (changed) this.calls.set(callId, record);
    return { record, result, changed };
  }

  delete(callId: string): boolean {
    return this.calls.delete(callId);
  }

  list(): CallRecord[] {
    return [...this.calls.values()];
  }

  /** Every call, oldest first. */
  all(): CallRecord[] {
    return this.list();
  }
}
