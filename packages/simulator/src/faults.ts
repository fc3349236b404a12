import { SimulatedGraphError } from './graphError';
import { LOOPBACK } from './loopback';
import { seededRandom, streamSeed } from './random';

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

/** Most named streams kept at once; the oldest is dropped past it (a stream is forgotten when its call ends anyway). */
const MAX_STREAMS = 10_000;

/**
 * Turns a {@link Faults} configuration into decisions, in a reproducible order. Decisions about
 * one call are drawn from that call's own stream (named by the caller, see `Simulation`), so the
 * same seed gives every call the same faults however many calls run at once; decisions without a
 * name share one stream.
 */
export class FaultInjector {
  private random: () => number;
  /** Requests answered 429/503 so far (tests check that a client's retries really met a storm). */
  refused = 0;
  /** Its own sequence, so spreading callbacks does not change which notifications are dropped or duplicated. */
  private targetRandom: () => number;
  private readonly streams = new Map<string, () => number>();
  /** Calls named so far per callback URL (bounded like the streams). */
  private readonly perCallback = new Map<string, number>();

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

  /** Replaces the configuration (and restarts every sequence from its seed). */
  set(faults: Faults): void {
    checkTargets(faults, this.allowNonLoopbackTargets);
    this.faults = faults;
    this.random = seededRandom(faults.seed ?? 1);
    this.targetRandom = seededRandom((faults.seed ?? 1) ^ 0x5bd1e995);
    this.streams.clear();
    this.perCallback.clear();
  }

  /**
   * Where one notification goes: the call's callback URL, or one of the load-balanced targets,
   * drawn from the call's own `targets` stream (so spreading never shifts drop or duplicate decisions).
   */
  targetFor(callbackUri: string, stream?: string): string {
    const targets = this.faults.loadBalance?.callbackTargets ?? [];
    if (targets.length === 0) return callbackUri;
    const random = stream === undefined ? this.targetRandom : this.source(`targets ${stream}`);
    return targets[Math.floor(random() * targets.length)] ?? callbackUri;
  }

  /**
   * Names the stream of a new call: its callback URL and how many calls used that URL before it
   * since the faults were last set. Calls with their own callback URLs get the same stream in
   * every run, however their creation interleaves. The name leaves the URL's port out: a bot (or
   * a test) listening on a port the system picked gets the same faults from the same seed next run.
   */
  streamFor(callbackUri: string): string {
    const ordinal = this.perCallback.get(callbackUri) ?? 0;
    this.perCallback.delete(callbackUri);
    this.perCallback.set(callbackUri, ordinal + 1);
    if (this.perCallback.size > MAX_STREAMS) this.perCallback.delete(this.perCallback.keys().next().value as string);
    return `${withoutPort(callbackUri)} #${ordinal}`;
  }

  /** Drops a call's streams (it has ended). */
  forget(stream: string): void {
    this.streams.delete(`notifications ${stream}`);
    this.streams.delete(`requests ${stream}`);
    this.streams.delete(`targets ${stream}`);
  }

  private source(stream: string | undefined): () => number {
    if (stream === undefined) return this.random;
    let random = this.streams.get(stream);
    if (random === undefined) {
      random = seededRandom(streamSeed(this.faults.seed ?? 1, stream));
      this.streams.set(stream, random);
      if (this.streams.size > MAX_STREAMS) this.streams.delete(this.streams.keys().next().value as string);
    }
    return random;
  }

  private roll(random: () => number, percent: number | undefined): boolean {
    return percent !== undefined && percent > 0 && random() * 100 < percent;
  }

  /** The fate of one notification; `stream` names its call's sequence of decisions. */
  forNotification(stream?: string): NotificationFate {
    const n = this.faults.notifications ?? {};
    const random = this.source(stream === undefined ? undefined : `notifications ${stream}`);
    // Every roll is drawn whatever the earlier ones said, so one decision never shifts the next ones.
    const [drop, duplicate, delay, reorder] = [n.dropPercent, n.duplicatePercent, n.delayPercent, n.reorderPercent].map((p) =>
      this.roll(random, p),
    );
    if (drop) return { drop: true, copies: 0, delayMs: 0 };
    const base = delay ? (n.delayMs ?? 200) : 0;
    return { drop: false, copies: duplicate ? 2 : 1, delayMs: reorder ? base + (n.delayMs ?? 200) + 50 : base };
  }

  /** The fate of one request; `stream` names the call (or create flow) it belongs to. */
  forRequest(stream?: string): RequestFate {
    const r = this.faults.requests ?? {};
    const delayMs = r.slowMs ?? 0;
    const random = this.source(stream === undefined ? undefined : `requests ${stream}`);
    const status = this.roll(random, r.throttlePercent) ? 429 : this.roll(random, r.unavailablePercent) ? 503 : undefined;
    if (status === undefined) return { delayMs };
    this.refused += 1;
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

/** A callback URL without its port (as given when it does not parse: the simulator refuses those anyway). */
function withoutPort(callbackUri: string): string {
  if (!URL.canParse(callbackUri)) return callbackUri;
  const url = new URL(callbackUri);
  url.port = '';
  return url.href;
}
