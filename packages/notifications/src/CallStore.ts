import type { CallRecord } from './CallRecord';

/** Where call records live: in memory here; implement it over Redis or a database to share state between instances. */
export interface CallStore {
  get(callId: string): CallRecord | undefined | Promise<CallRecord | undefined>;
  set(callId: string, record: CallRecord): void | Promise<void>;
}

/** The default store: a Map in this process. */
export class MemoryCallStore implements CallStore {
  private readonly calls = new Map<string, CallRecord>();

  get(callId: string): CallRecord | undefined {
    return this.calls.get(callId);
  }

  set(callId: string, record: CallRecord): void {
    this.calls.set(callId, record);
  }

  delete(callId: string): boolean {
    return this.calls.delete(callId);
  }

  /** Every call, oldest first. */
  all(): CallRecord[] {
    return [...this.calls.values()];
  }
}
