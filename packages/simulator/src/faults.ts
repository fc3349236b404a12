import { SimulatedGraphError } from './graphError';
import { LOOPBACK } from './loopback';
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
  /**
   * Emulates a load balancer in front of several bot instances: each notification goes to one of
   * these callback URLs, picked at random (seeded), instead of the call's callbackUri. One call's
   * notifications still go out one after another, in order, unless a delay or reorder fault says otherwise.
   */
  readonly loadBalance?: { readonly callbackTargets: readonly string[] };
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
  /** Its own sequence, so spreading callbacks does not change which notifications are dropped or duplicated. */
  private targetRandom: () => number;

  constructor(
    private faults: Faults = {},
    private readonly allowNonLoopbackTargets = false,
  ) {
    checkTargets(faults, allowNonLoopbackTargets);
    this.random = seededRandom(faults.seed ?? 1);
    this.targetRandom = seededRandom((faults.seed ?? 1) ^ 0x5bd1e995);
  }

  get current(): Faults {
    return this.faults;
  }

  /** Replaces the configuration (and restarts the sequence from its seed). */
  set(faults: Faults): void {
    checkTargets(faults, this.allowNonLoopbackTargets);
    this.faults = faults;
    this.random = seededRandom(faults.seed ?? 1);
    this.targetRandom = seededRandom((faults.seed ?? 1) ^ 0x5bd1e995);
  }

  /** Where one notification goes: the call's callback URL, or one of the load-balanced targets. */
  targetFor(callbackUri: string): string {
    const targets = this.faults.loadBalance?.callbackTargets ?? [];
    if (targets.length === 0) return callbackUri;
    return targets[Math.floor(this.targetRandom() * targets.length)] ?? callbackUri;
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
    const seconds = r.retryAfterSeconds ?? 1;
    const retryAfter = r.retryAfterFormat === 'http-date' ? new Date(Date.now() + seconds * 1000).toUTCString() : String(seconds);
    return { status, retryAfter, delayMs };
  }
}

/** Load-balanced callback targets obey the rule callback URLs do: absolute http(s), on loopback unless allowed. */
function checkTargets(faults: Faults, allowNonLoopback: boolean): void {
  const targets: unknown = faults.loadBalance?.callbackTargets;
  if (targets === undefined) return;
  if (!Array.isArray(targets))
    throw new SimulatedGraphError(400, 'BadRequest', `loadBalance.callbackTargets: expected an array of URLs, found ${typeof targets}.`);
  targets.forEach((target: unknown, i) => {
    let url: URL | undefined;
    try {
      url = typeof target === 'string' ? new URL(target) : undefined;
    } catch {
      url = undefined;
    }
    const where = `loadBalance.callbackTargets[${i}]`;
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:'))
      throw new SimulatedGraphError(400, 'BadRequest', `${where}: expected an absolute http(s) URL, found ${JSON.stringify(target)}.`);
    if (!LOOPBACK.test(url.hostname) && !allowNonLoopback)
      throw new SimulatedGraphError(
        400,
        'BadRequest',
        `${where}: the simulator only calls back loopback addresses, found ${url.hostname}.`,
      );
  });
}
