import type { CallRecord, CallStore, CallStoreChange, CallStoreUpdate } from '@graph-calling/notifications';
import type { CallCensus } from './CallCensus';

/**
 * A {@link CallStore} that tells a {@link CallCensus} about every change it stores, so counts and
 * pages never need to list the store, and counts the store's failures by operation (a metric).
 * Reads pass through. A census that fails is reported to `onError` and does not fail the update:
 * the record is stored, the callback answered. The inner store's optional capabilities (summaries,
 * the outbox and its recovery, publishing claims) are kept: without them the receiver would dispatch
 * after answering with nothing stored to recover from if the instance died in between.
 */
export class CensusCallStore implements CallStore {
  /** Failed store operations so far, by operation (`get`, `update`, `delete`, `list`, `summaries`, `claim`). */
  readonly errors = new Map<string, number>();
  readonly summaries?: NonNullable<CallStore['summaries']>;
  readonly updateWithOutbox?: NonNullable<CallStore['updateWithOutbox']>;
  readonly claimOrphanedOutboxes?: NonNullable<CallStore['claimOrphanedOutboxes']>;
  readonly publishesTo?: NonNullable<CallStore['publishesTo']>;

  constructor(
    private readonly inner: CallStore,
    readonly census: CallCensus,
    private readonly onError: (error: unknown, context: { readonly callId: string }) => void = () => undefined,
  ) {
    const summaries = inner.summaries?.bind(inner);
    const updateWithOutbox = inner.updateWithOutbox?.bind(inner);
    const claimOrphanedOutboxes = inner.claimOrphanedOutboxes?.bind(inner);
    if (summaries !== undefined) this.summaries = (callIds) => this.counted('summaries', () => summaries(callIds));
    if (updateWithOutbox !== undefined)
      this.updateWithOutbox = async (callId, key, change, share) => {
        const update = await this.counted('update', () => updateWithOutbox(callId, key, change, share));
        if (update.changed) await this.census.note(update.record).catch((error: unknown) => this.onError(error, { callId }));
        return update;
      };
    if (claimOrphanedOutboxes !== undefined)
      this.claimOrphanedOutboxes = (callIds, olderThanMs, share) =>
        this.counted('claim', () => claimOrphanedOutboxes(callIds, olderThanMs, share));
    const publishesTo = inner.publishesTo?.bind(inner);
    if (publishesTo !== undefined) this.publishesTo = publishesTo;
  }

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
