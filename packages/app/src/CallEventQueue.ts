/**
 * Runs tasks per key (a call id) one at a time, in the order they were queued; different keys run
 * in parallel. A task that throws or rejects is reported and the next one runs: one bad handler
 * never stalls a call's later events, and a slow call never delays another call.
 */
export class CallEventQueue {
  /** Per call: tasks not started yet (an entry exists while the call has a task running). */
  private readonly pending = new Map<string, Pending>();
  private readonly idleWaiters = new Set<() => void>();

  constructor(private readonly onError: (error: unknown, key: string) => void) {}

  /**
   * Queues `task` behind every earlier task of `key`. A call with nothing queued runs it at once, and
   * a task that finishes synchronously (handlers that return nothing) costs no promise.
   */
  push(key: string, task: Task): void {
    const queue = this.pending.get(key);
    if (queue !== undefined) {
      queue.tasks.push(task);
      return;
    }
    // The entry exists while the task runs, so an event delivered from inside a handler queues behind it.
    const fresh: Pending = { tasks: [], head: 0 };
    this.pending.set(key, fresh);
    let result: void | Promise<void> = undefined;
    try {
      result = task();
    } catch (error) {
      this.onError(error, key);
    }
    if (result === undefined) {
      if (fresh.tasks.length === 0) this.settle(key);
      else this.drain(key, fresh).catch((error: unknown) => this.onError(error, key));
      return;
    }
    result
      .catch((error: unknown) => this.onError(error, key))
      .then(() => this.drain(key, fresh))
      .catch((error: unknown) => this.onError(error, key));
  }

  /** How many calls have tasks running or queued. */
  get busy(): number {
    return this.pending.size;
  }

  /** Resolves once no task of any call is running or queued. */
  idle(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.add(resolve));
  }

  private async drain(key: string, queue: Pending): Promise<void> {
    while (queue.head < queue.tasks.length) {
      const task = queue.tasks[queue.head];
      queue.tasks[queue.head] = noop;
      queue.head += 1;
      // Compact now and then, so a long-lived busy call does not keep every finished slot.
      if (queue.head > 1024 && queue.head * 2 > queue.tasks.length) {
        queue.tasks.splice(0, queue.head);
        queue.head = 0;
      }
      try {
        await task?.();
      } catch (error) {
        this.onError(error, key);
      }
    }
    this.settle(key);
  }

  /** The call has nothing queued any more. */
  private settle(key: string): void {
    this.pending.delete(key);
    if (this.pending.size === 0 && this.idleWaiters.size > 0) {
      for (const resolve of this.idleWaiters) resolve();
      this.idleWaiters.clear();
    }
  }
}

const noop = (): void => undefined;

/** One queued piece of work: handlers that may finish synchronously. */
type Task = () => void | Promise<void>;

interface Pending {
  readonly tasks: Task[];
  head: number;
}
