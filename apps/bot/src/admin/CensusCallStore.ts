import type { CallRecord, CallStore, CallStoreChange, CallStoreUpdate } from '@graph-calling/notifications';
import type { CallCensus } from './CallCensus';

/**
 * A {@link CallStore} that tells a {@link CallCensus} about every change it stores, so counts and
 * pages never need to list the store, and counts the store's failures by operation (a metric).
 * Reads pass through. A census that fails is reported to `onError` and does not fail the update:
 * the record is stored, the callback answered.
 */
export class CensusCallStore implements CallStore {
  /** Failed store operations so far, by operation (`get`, `update`, `delete`, `list`). */
  readonly errors = new Map<string, number>();

  constructor(
    private readonly inner: CallStore,
    readonly census: CallCensus,
    private readonly onError: (error: unknown, context: { readonly callId: string }) => void = () => undefined,
  ) {}

  private async counted<T>(operation: string, run: () => T | Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      this.errors.set(operation, (this.errors.get(operation) ?? 0) + 1);
      throw error;
    }
  }

  get(callId: string): Promise<CallRecord | undefined> {
    return this.counted('get', () => this.inner.get(callId));
  }

  async update<T, R extends CallRecord | undefined = CallRecord>(
    callId: string,
    change: (before: CallRecord | undefined) => CallStoreChange<T, R>,
  ): Promise<CallStoreUpdate<T, R>> {
    const update = await this.counted('update', () => this.inner.update(callId, change));
    if (update.changed && update.record !== undefined)
      await this.census.note(update.record).catch((error: unknown) => this.onError(error, { callId }));
    return update;
  }

  async delete(callId: string): Promise<boolean> {
    const deleted = await this.counted('delete', () => this.inner.delete(callId));
    await this.census.forget(callId).catch((error: unknown) => this.onError(error, { callId }));
    return deleted;
  }

  list(): Promise<readonly CallRecord[]> {
    return this.counted('list', () => this.inner.list());
  }
}
