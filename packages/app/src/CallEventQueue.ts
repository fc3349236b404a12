/**
 * Runs tasks per key (a call id) one at a time, in the order they were queued; different keys run
 * in parallel. A task that throws or rejects is reported and the next one runs: one bad handler
 * never stalls a call's later events, and a slow call never delays another call.
 */
export class CallEventQueue {
  /** Per call: tasks not started yet (an entry exists while the call has a task running). */
  private readonly pending = new Map<string, { readonly tasks: Array<() => Promise<void>>; head: number }>();
  private readonly idleWaiters = new Set<() => void>();

  constructor(private readonly onError: (error: unknown, key: string) => void) {}

  /** Queues `task` behind every earlier task of `key`. */
  push(key: string, task: () => Promise<void>): void {
    const queue = this.pending.get(key);
    if (queue !== undefined) {
      queue.tasks.push(task);
      return;
    }
    const fresh = { tasks: [task], head: 0 };
    this.pending.set(key, fresh);
    this.drain(key, fresh).catch((error: unknown) => this.onError(error, key));
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

  private async drain(key: string, queue: { readonly tasks: Array<() => Promise<void>>; head: number }): Promise<void> {
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
    this.pending.delete(key);
    if (this.pending.size === 0) {
      for (const resolve of this.idleWaiters) resolve();
      this.idleWaiters.clear();
    }
  }
}

const noop = () => Promise.resolve();
