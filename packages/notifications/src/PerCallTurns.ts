import { isPromise } from './isPromise';

/**
 * Runs tasks one at a time per call, in the order they were handed in, and calls at once with each
 * other. A task of an idle call runs at once, and when it answers synchronously so does {@link PerCallTurns.run}:
 * no promise, no hop through the microtask queue, and no map entry made and deleted (its table
 * reallocations were most of what a callback allocated that outlived it).
 */
export class PerCallTurns {
  /** Per call: the tasks waiting for the one running now (an entry exists while an asynchronous task runs, or tasks wait). */
  private readonly waiting = new Map<string, { readonly items: Array<() => void>; head: number }>();
  /** The calls whose synchronous task is running now, innermost last: a task handed in from inside one waits its turn. */
  private readonly inline: string[] = [];

  /** Runs `task` after every earlier task of `callId`. */
  run<T>(callId: string, task: () => T | Promise<T>): T | Promise<T> {
    let queue = this.waiting.get(callId);
    if (queue === undefined && this.inline.includes(callId)) this.waiting.set(callId, (queue = { items: [], head: 0 }));
    if (queue !== undefined) {
      const waiting = queue;
      return new Promise<void>((resolve) => waiting.items.push(resolve)).then(() => this.runNow(callId, task));
    }
    return this.runNow(callId, task);
  }

  /**
   * Runs `task` as the call's current one, then starts the next waiting one. A call with no entry (it was
   * idle) gets one only if the task goes asynchronous or a task is handed in from inside it.
   */
  private runNow<T>(callId: string, task: () => T | Promise<T>): T | Promise<T> {
    this.inline.push(callId);
    let result: T | Promise<T>;
    try {
      result = task();
    } catch (error) {
      this.inline.pop();
      this.next(callId);
      throw error;
    }
    this.inline.pop();
    if (!isPromise(result)) {
      this.next(callId);
      return result;
    }
    if (!this.waiting.has(callId)) this.waiting.set(callId, { items: [], head: 0 });
    return result.finally(() => this.next(callId));
  }

  /** Starts the call's next waiting task, or ends its entry (if it has one) when none waits. */
  private next(callId: string): void {
    const q = this.waiting.get(callId);
    const resume = q !== undefined && q.head < q.items.length ? q.items[q.head++] : undefined;
    if (resume !== undefined) resume();
    else this.waiting.delete(callId);
  }
}
