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
  private readonly streams = new Map<string, () => number>();
  /** Calls named so far per callback URL (bounded like the streams). */
  private readonly perCallback = new Map<string, number>();

  constructor(private faults: Faults = {}) {
    this.random = seededRandom(faults.seed ?? 1);
  }

  get current(): Faults {
    return this.faults;
  }

  /** Replaces the configuration (and restarts every sequence from its seed). */
  set(faults: Faults): void {
    this.faults = faults;
    this.random = seededRandom(faults.seed ?? 1);
    this.streams.clear();
    this.perCallback.clear();
  }

  /**
   * Names the stream of a new call: its callback URL and how many calls used that URL before it
   * since the faults were last set. Calls with their own callback URLs get the same stream in
   * every run, however their creation interleaves.
   */
  streamFor(callbackUri: string): string {
    const ordinal = this.perCallback.get(callbackUri) ?? 0;
    this.perCallback.delete(callbackUri);
    this.perCallback.set(callbackUri, ordinal + 1);
    if (this.perCallback.size > MAX_STREAMS) this.perCallback.delete(this.perCallback.keys().next().value as string);
    return `${callbackUri} #${ordinal}`;
  }

  /** Drops a call's streams (it has ended). */
  forget(stream: string): void {
    this.streams.delete(`notifications ${stream}`);
    this.streams.delete(`requests ${stream}`);
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
