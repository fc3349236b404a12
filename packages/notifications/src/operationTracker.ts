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
  return new CompletionBook(options);
}

/** Completions kept until waited for (bounded), and the waits listening for them. */
class CompletionBook implements OperationTracker {
  private readonly max: number;
  private readonly finished = new Map<string, OperationCompletion>();
  private readonly waiting = new Map<string, Set<(completion: OperationCompletion) => void>>();
  private readonly cancels = new Set<(error: Error) => void>();
  private readonly unsubscribe: (() => void) | undefined;
  private closed = false;

  constructor(private readonly options: OperationTrackerOptions) {
    this.max = options.maxBuffered ?? 1000;
    this.unsubscribe = options.receiver?.on('*', (event) => this.observe(event));
  }

  observe(event: CallbackEvent): void {
    if (event.type !== 'operation.completed' && event.type !== 'operation.failed') return;
    const { type: _type, ...outcome } = event;
    const completion: OperationCompletion = { ...outcome, succeeded: event.type === 'operation.completed' };
    const keys = keysOf(event.callId, { operationId: event.operationId, clientContext: event.clientContext });
    let delivered = false;
    for (const key of keys) {
      const listeners = this.waiting.get(key);
      if (listeners === undefined) continue;
      this.waiting.delete(key);
      for (const listener of listeners) listener(completion);
      delivered = true;
    }
    if (delivered) return;
    for (const key of keys) this.finished.set(key, completion);
    while (this.finished.size > this.max) this.finished.delete(this.finished.keys().next().value as string);
  }

  waitFor(callId: string, key: OperationKey, waitOptions: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<OperationCompletion> {
    const keys = keysOf(callId, key);
    if (keys.length === 0) return Promise.reject(new TypeError('waitFor: expected an operationId or a clientContext, found neither'));
    if (this.closed) return Promise.reject(new Error('the operation tracker is closed'));
    const done = this.takeFinished(callId, keys);
    if (done !== undefined) return Promise.resolve(done);
    const timeoutMs = waitOptions.timeoutMs ?? this.options.timeoutMs ?? 60_000;
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
        this.cancels.delete(cancel);
        waitOptions.signal?.removeEventListener('abort', onAbort);
        this.stopListening(keys, listener);
      };
      this.listen(keys, listener);
      this.cancels.add(cancel);
      if (waitOptions.signal?.aborted) onAbort();
      else waitOptions.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  close(): void {
    this.closed = true;
    this.unsubscribe?.();
    for (const cancel of [...this.cancels]) cancel(new Error('the operation tracker was closed'));
    this.finished.clear();
  }

  /** A completion that arrived before its wait, taken out of the book (under every key it was kept by). */
  private takeFinished(callId: string, keys: readonly string[]): OperationCompletion | undefined {
    for (const k of keys) {
      const done = this.finished.get(k);
      if (done === undefined) continue;
      for (const other of keysOf(callId, { operationId: done.operationId, clientContext: done.clientContext })) this.finished.delete(other);
      return done;
    }
    return undefined;
  }

  private listen(keys: readonly string[], listener: (completion: OperationCompletion) => void): void {
    for (const k of keys) {
      let set = this.waiting.get(k);
      if (set === undefined) this.waiting.set(k, (set = new Set()));
      set.add(listener);
    }
  }

  private stopListening(keys: readonly string[], listener: (completion: OperationCompletion) => void): void {
    for (const k of keys) {
      const set = this.waiting.get(k);
      set?.delete(listener);
      if (set?.size === 0) this.waiting.delete(k);
    }
  }
}
