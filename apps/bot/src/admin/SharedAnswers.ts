/** Options of {@link SharedAnswers}. */
export interface SharedAnswersOptions {
  /** How long a computed answer serves the same key again (default 250 ms). */
  readonly windowMs?: number;
  /** Keys remembered at once (the least recently computed forgotten first; default 64). */
  readonly maxKeys?: number;
  readonly now?: () => number;
}

interface Entry<T> {
  readonly value: Promise<T | undefined>;
  /** When it was computed; undefined while the computation runs (everyone asking then joins it). */
  settledAt: number | undefined;
}

/**
 * Identical reads share one computation: a request for a key whose answer is being computed
 * joins that computation, and an answer computed less than `windowMs` ago serves the key again.
 * Twenty dashboards polling the same status page cost one read of the store and one
 * serialisation, not twenty. An `undefined` answer (turned away, try again) or a failure is not kept.
 */
export class SharedAnswers<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly windowMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(options: SharedAnswersOptions = {}) {
    this.windowMs = options.windowMs ?? 250;
    this.maxKeys = options.maxKeys ?? 64;
    this.now = options.now ?? Date.now;
  }

  /** The answer for `key`: shared when one is under way or fresh, else computed by `compute`. */
  get(key: string, compute: () => Promise<T | undefined>): Promise<T | undefined> {
    const known = this.entries.get(key);
    if (known !== undefined && (known.settledAt === undefined || this.now() - known.settledAt < this.windowMs)) return known.value;
    const value = compute();
    const entry: Entry<T> = { value, settledAt: undefined };
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.maxKeys) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    const forget = () => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    };
    value.then((answer) => (answer === undefined ? forget() : (entry.settledAt = this.now())), forget);
    return value;
  }
}
