import { isPromise } from './isPromise';

/**
 * Runs tasks one at a time per call, in the order they were handed in, and calls at once with each
 * other. A task of an idle call runs at once, and when it answers synchronously so does {@link PerCallTurns.run}:
 * no promise, no hop through the microtask queue.
 */
export class PerCallTurns {
  /** Per call: the tasks waiting for the one running now (an entry exists while one runs). */
  private readonly waiting = new Map<string, { readonly items: Array<() => void>; head: number }>();

  /** Runs `task` after every earlier task of `callId`. */
  run<T>(callId: string, task: () => T | Promise<T>): T | Promise<T> {
    const queue = this.waiting.get(callId);
    if (queue !== undefined) return new Promise<void>((resolve) => queue.items.push(resolve)).then(() => this.runNow(callId, task));
    this.waiting.set(callId, { items: [], head: 0 });
    return this.runNow(callId, task);
  }

  /** Runs `task` as the call's current one (its queue entry exists), then starts the next waiting one. */
  private runNow<T>(callId: string, task: () => T | Promise<T>): T | Promise<T> {
    let result: T | Promise<T>;
    try {
      result = task();
    } catch (error) {
      this.next(callId);
      throw error;
    }
    if (!isPromise(result)) {
      this.next(callId);
      return result;
    }
    return result.finally(() => this.next(callId));
  }

  private next(callId: string): void {
    const q = this.waiting.get(callId);
    const resume = q !== undefined && q.head < q.items.length ? q.items[q.head++] : undefined;
    if (resume !== undefined) resume();
    else this.waiting.delete(callId);
  }
}
