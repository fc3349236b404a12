import { setTimeout as sleep } from 'node:timers/promises';

/** Options of {@link AnswerPace}. */
export interface AnswerPaceOptions {
  /** Answers started per second, sustained (default 1000). */
  readonly perSecond?: number;
  /** Answers that may start at once after a quiet while (default 50). */
  readonly burst?: number;
  /** Requests that may wait for their turn (default 4096); past that, they are turned away. */
  readonly maxWaiting?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<unknown>;
}

/**
 * Paces the answers of a listener: at most `perSecond` start each second (after a `burst`), the
 * others wait their turn in order rather than being refused. It bounds the CPU the admin listener
 * can take from the callbacks however fast its clients ask — a client that waits for each answer
 * (a dashboard, a scraper, a benchmark) is slowed, not failed. A schedule of start times (a leaky
 * bucket): each request is given the next free slot.
 */
export class AnswerPace {
  private readonly intervalMs: number;
  private readonly burst: number;
  private readonly maxWaiting: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<unknown>;
  /** When the next request may start (ms, on `now`'s clock). */
  private next = 0;
  private waiting = 0;

  constructor(options: AnswerPaceOptions = {}) {
    this.intervalMs = 1000 / (options.perSecond ?? 1000);
    this.burst = options.burst ?? 50;
    this.maxWaiting = options.maxWaiting ?? 4096;
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? sleep;
  }

  /** Resolves when this request may be answered: true, or false when too many already wait (answer 503). */
  async turn(): Promise<boolean> {
    const now = this.now();
    const start = Math.max(this.next, now - this.burst * this.intervalMs);
    const wait = start - now;
    if (wait > 0 && this.waiting >= this.maxWaiting) return false;
    this.next = start + this.intervalMs;
    if (wait <= 0) return true;
    this.waiting += 1;
    try {
      await this.sleep(wait);
    } finally {
      this.waiting -= 1;
    }
    return true;
  }
}
