import type { CallRecord, CallStore, CallStoreChange, CallStoreUpdate } from '@graph-calling/notifications';
import type { CallCensus } from './CallCensus';

/**
 * A {@link CallStore} that tells a {@link CallCensus} about every change it stores, so counts and
 * pages never need to list the store. Reads pass through. A census that fails is reported to
 * `onError` and does not fail the update: the record is stored, the callback answered.
 */
export class CensusCallStore implements CallStore {
  constructor(
    private readonly inner: CallStore,
    readonly census: CallCensus,
    private readonly onError: (error: unknown, callId: string) => void = () => undefined,
  ) {}

  get(callId: string): CallRecord | undefined | Promise<CallRecord | undefined> {
    return this.inner.get(callId);
  }

  async update<T>(callId: string, change: (before: CallRecord | undefined) => CallStoreChange<T>): Promise<CallStoreUpdate<T>> {
    const update = await this.inner.update(callId, change);
    if (update.changed) await this.census.note(update.record).catch((error: unknown) => this.onError(error, callId));
    return update;
  }

  async delete(callId: string): Promise<boolean> {
    const deleted = await this.inner.delete(callId);
    await this.census.forget(callId).catch((error: unknown) => this.onError(error, callId));
    return deleted;
  }

  list(): readonly CallRecord[] | Promise<readonly CallRecord[]> {
    return this.inner.list();
  }
}
