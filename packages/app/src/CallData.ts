import { decodeOrThrow } from '@graph-calling/models';
import { emptyRecord, type CallStore } from '@graph-calling/notifications';
import type * as t from 'io-ts';
import { CallDataError } from './errors';

/**
 * The application's data kept in a call's record (say, the step an IVR reached), so whichever
 * instance runs the call's flow — or takes it over — reads the same value. Plain JSON.
 */
export interface CallData<D> {
  /** The data, decoded with the app's `data` codec; `undefined` when none was set. */
  get(): Promise<D | undefined>;
  /** Replaces the data (atomically, per the store's contract). */
  set(value: D): Promise<void>;
  /** Changes the data from its current value, atomically (`change` may run more than once on a shared store). */
  update(change: (current: D | undefined) => D): Promise<D>;
}

/** Reads and writes `record.app.data` of one call through the store, checked by `codec`. */
export function callData<D>(store: CallStore, callId: string, codec: t.Type<D, unknown, unknown>, now: () => number): CallData<D> {
  const decodeData = (value: unknown): D | undefined => {
    if (value === undefined) return undefined;
    try {
      return decodeOrThrow(codec, value);
    } catch (error) {
      throw new CallDataError(callId, `the data kept with the call does not match the app's ${codec.name} codec`, { cause: error });
    }
  };
  const update = async (change: (current: D | undefined) => D): Promise<D> => {
    const applied = await store.update(callId, (before) => {
      const record = before ?? emptyRecord(callId, now());
      const value = change(decodeData(record.app?.data));
      return { record: { ...record, app: { ...record.app, data: codec.encode(value) } }, result: value };
    });
    return applied.result;
  };
  return {
    async get() {
      return decodeData((await store.get(callId))?.app?.data);
    },
    async set(value) {
      await update(() => value);
    },
    update,
  };
}
