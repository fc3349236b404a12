import { seededRandom } from './random';

/** Misbehaviour on demand. Percentages are 0–100; everything is decided by a seeded generator. */
export interface Faults {
  readonly seed?: number;
  readonly notifications?: {
    readonly dropPercent?: number;
    readonly duplicatePercent?: number;
    /** Held back long enough for the next notification to overtake it. */
    readonly reorderPercent?: number;
    readonly delayPercent?: number;
    readonly delayMs?: number;
  };
  readonly requests?: {
    /** Answer 429 with Retry-After before acting. */
    readonly throttlePercent?: number;
    /** Answer 503 with Retry-After before acting. */
    readonly unavailablePercent?: number;
    /** Retry-After in seconds, or `'http-date'` to send an HTTP-date that many seconds ahead. */
    readonly retryAfterSeconds?: number;
    readonly retryAfterFormat?: 'seconds' | 'http-date';
    /** Delay every answer by this long — after the request has been acted on. */
    readonly slowMs?: number;
  };
}

export type NotificationFate = { readonly drop: boolean; readonly copies: number; readonly delayMs: number };
export type RequestFate = { readonly status?: 429 | 503; readonly retryAfter?: string; readonly delayMs: number };

/** Turns a {@link Faults} configuration into decisions, in a reproducible order. */
export class FaultInjector {
  private random: () => number;
  /** Requests answered 429/503 so far (tests check that a client's retries really met a storm). */
  refused = 0;

  constructor(private faults: Faults = {}) {
    this.random = seededRandom(faults.seed ?? 1);
  }

  get current(): Faults {
    return this.faults;
  }

  /** Replaces the configuration (and restarts the sequence from its seed). */
  set(faults: Faults): void {
    this.faults = faults;
    this.random = seededRandom(faults.seed ?? 1);
  }

  private roll(percent: number | undefined): boolean {
    return percent !== undefined && percent > 0 && this.random() * 100 < percent;
  }

  forNotification(): NotificationFate {
    const n = this.faults.notifications ?? {};
    if (this.roll(n.dropPercent)) return { drop: true, copies: 0, delayMs: 0 };
    const copies = this.roll(n.duplicatePercent) ? 2 : 1;
    const base = this.roll(n.delayPercent) ? (n.delayMs ?? 200) : 0;
    const delayMs = this.roll(n.reorderPercent) ? base + (n.delayMs ?? 200) + 50 : base;
    return { drop: false, copies, delayMs };
  }

  forRequest(): RequestFate {
    const r = this.faults.requests ?? {};
    const delayMs = r.slowMs ?? 0;
    const status = this.roll(r.throttlePercent) ? 429 : this.roll(r.unavailablePercent) ? 503 : undefined;
    if (status === undefined) return { delayMs };
    this.refused += 1;
    const seconds = r.retryAfterSeconds ?? 1;
    const retryAfter = r.retryAfterFormat === 'http-date' ? new Date(Date.now() + seconds * 1000).toUTCString() : String(seconds);
    return { status, retryAfter, delayMs };
  }
}
