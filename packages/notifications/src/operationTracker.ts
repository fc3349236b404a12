import { GraphCallingError } from '@graph-calling/models';
import type { CallbackReceiver } from './createCallbackReceiver';
import type { CallbackEvent, OperationOutcome } from './events';

/** A finished operation, as {@link OperationTracker.waitFor} resolves it. */
export type OperationCompletion = OperationOutcome & { readonly callId: string; readonly succeeded: boolean };

/** Which operation to wait for: its id (from the action's answer), else its clientContext. */
export interface OperationKey {
  readonly operationId?: string | null | undefined;
  readonly clientContext?: string | null | undefined;
}

/** Options of {@link createOperationTracker}. */
export interface OperationTrackerOptions {
  /** Subscribes to this receiver's events; otherwise feed them with `observe`. */
  readonly receiver?: Pick<CallbackReceiver, 'on'>;
  /** How many finished operations nobody waited for yet are kept (default 1000, oldest dropped first). */
  readonly maxBuffered?: number;
  /** Default wait limit in ms (default 60 000). */
  readonly timeoutMs?: number;
}

/** Turns operation notifications into promises: what `playPrompt(…, { wait: true })` resolves with. */
export interface OperationTracker {
  observe(event: CallbackEvent): void;
  /**
   * Resolves when the operation has finished (at once when its notification already came —
   * Graph may call back before the action's own answer arrives). Rejects with an
   * {@link OperationTimeoutError} after `timeoutMs`, or with the signal's reason when aborted.
   */
  waitFor(
    callId: string,
    key: OperationKey,
    options?: { readonly timeoutMs?: number; readonly signal?: AbortSignal },
  ): Promise<OperationCompletion>;
  /** Stops listening and rejects every pending wait. */
  close(): void;
}

/** A wait for an operation's completion notification ran out of time. */
export class OperationTimeoutError extends GraphCallingError<'operation-timeout'> {
  override readonly name = 'OperationTimeoutError';

  constructor(
    readonly callId: string,
    readonly key: OperationKey,
    readonly timeoutMs: number,
  ) {
    super(
      'operation-timeout',
      `expected a completion notification for operation ${key.operationId ?? `with clientContext ${JSON.stringify(key.clientContext)}`} of call ${callId} within ${timeoutMs} ms, found none`,
    );
  }
}

/**
 * Graph's answer gives an operation id as a GUID (`0fe0623f-d628-…`) and its notification URL the
 * same id upper-case without dashes (`0FE0623FD628…`): ids are compared in one form.
 */
const sameId = (id: string) => id.toLowerCase().replace(/-/g, '');
const keysOf = (callId: string, key: OperationKey): string[] => [
  ...(key.operationId ? [`${sameId(callId)}\u0000id\u0000${sameId(key.operationId)}`] : []),
  ...(key.clientContext ? [`${sameId(callId)}\u0000cc\u0000${key.clientContext}`] : []),
];

/** Creates an {@link OperationTracker}. */
export function createOperationTracker(options: OperationTrackerOptions = {}): OperationTracker {
  const max = options.maxBuffered ?? 1000;
  const finished = new Map<string, OperationCompletion>();
  const waiting = new Map<string, Set<(completion: OperationCompletion) => void>>();
  const cancels = new Set<(error: Error) => void>();
  let closed = false;

  function observe(event: CallbackEvent): void {
    if (event.type !== 'operation.completed' && event.type !== 'operation.failed') return;
    const { type: _type, ...outcome } = event;
    const completion: OperationCompletion = { ...outcome, succeeded: event.type === 'operation.completed' };
    const keys = keysOf(event.callId, { operationId: event.operationId, clientContext: event.clientContext });
    let delivered = false;
    for (const key of keys) {
      const listeners = waiting.get(key);
      if (listeners === undefined) continue;
      waiting.delete(key);
      for (const listener of listeners) listener(completion);
      delivered = true;
    }
    if (delivered) return;
    for (const key of keys) finished.set(key, completion);
    while (finished.size > max) finished.delete(finished.keys().next().value as string);
  }

  const unsubscribe = options.receiver?.on('*', (event) => observe(event));

  function waitFor(
    callId: string,
    key: OperationKey,
    waitOptions: { timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<OperationCompletion> {
    const keys = keysOf(callId, key);
    if (keys.length === 0) return Promise.reject(new TypeError('waitFor: expected an operationId or a clientContext, found neither'));
    if (closed) return Promise.reject(new Error('the operation tracker is closed'));
    for (const k of keys) {
      const done = finished.get(k);
      if (done !== undefined) {
        for (const other of keysOf(callId, { operationId: done.operationId, clientContext: done.clientContext })) finished.delete(other);
        return Promise.resolve(done);
      }
    }
    const timeoutMs = waitOptions.timeoutMs ?? options.timeoutMs ?? 60_000;
    return new Promise<OperationCompletion>((resolve, reject) => {
      const listener = (completion: OperationCompletion) => {
        cleanup();
        resolve(completion);
      };
      const cancel = (error: Error) => {
        cleanup();
        reject(error);
      };
      const onAbort = () => cancel(waitOptions.signal?.reason instanceof Error ? waitOptions.signal.reason : new Error('aborted'));
      const timer = setTimeout(() => cancel(new OperationTimeoutError(callId, key, timeoutMs)), timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        cancels.delete(cancel);
        waitOptions.signal?.removeEventListener('abort', onAbort);
        for (const k of keys) {
          const set = waiting.get(k);
          set?.delete(listener);
          if (set?.size === 0) waiting.delete(k);
        }
      };
      for (const k of keys) {
        let set = waiting.get(k);
        if (set === undefined) waiting.set(k, (set = new Set()));
        set.add(listener);
      }
      cancels.add(cancel);
      if (waitOptions.signal?.aborted) onAbort();
      else waitOptions.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  return {
    observe,
    waitFor,
    close() {
      closed = true;
      unsubscribe?.();
      for (const cancel of [...cancels]) cancel(new Error('the operation tracker was closed'));
      finished.clear();
    },
  };
}
