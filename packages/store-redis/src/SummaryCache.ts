import type { CallSummary } from '@graph-calling/notifications';
import type { ChangesSince } from './changeFeed';

/** One summary as read from Redis, and whether it may be kept: not when it was not written by this store family (read whole instead). */
export interface SummaryRead {
  readonly summary: CallSummary | undefined;
  readonly cacheable: boolean;
}

/** Where {@link SummaryCache} reads: the change feed, the summaries themselves, and which connection it reads through. */
export interface SummarySource {
  /** The change feed after sequence number `since` (`undefined`: no changes, only where the feed stands). */
  changesSince(since: number | undefined): Promise<ChangesSince>;
  /** The summaries of `callIds`, one per id in order, read after the change feed was. */
  read(callIds: readonly string[]): Promise<readonly SummaryRead[]>;
  /** The connection reads go through now: a new one (a reconnect, maybe to a restarted server) drops what was cached. */
  connection(): unknown;
}

interface Synced {
  readonly epoch: string;
  readonly connection: unknown;
  /** The feed's sequence number as of the change-feed read the last successful ask followed. */
  readonly seq: number;
  /** Server time (ms) of the last full read. */
  readonly refreshedAt: number;
  readonly entries: Map<string, CallSummary | undefined>;
}

/**
 * The summaries a `RedisCallStore` was last asked for, kept fresh like an informer (list + watch):
 * each ask reads the change feed after the sequence number it last saw and reads from Redis only the
 * asked ids that changed or are not held; the rest answer from here. Everything asked is read again
 * when nothing was read yet, the store epoch changed (Redis lost its data), the connection is a new
 * one, the feed was trimmed past the last look, or `refreshMs` passed (server time) — which bounds
 * what the feed cannot tell: records that expired by their TTL, and records written by a version that
 * does not feed it. Only what was asked since the last full read is held. Asks run one after another
 * (each is cheap once warm), and the state moves only once an ask read everything it needed (after its
 * last wait): a failure leaves it as it was.
 */
export class SummaryCache {
  private synced: Synced | undefined;
  private tail: Promise<unknown> = Promise.resolve();

  /** @param refreshMs Everything asked for is read again once this long passed since the last full read (server ms). */
  constructor(
    private readonly source: SummarySource,
    private readonly refreshMs: number,
  ) {}

  /** The summaries of `callIds`, one per id in order (`undefined`: no record). */
  summaries(callIds: readonly string[]): Promise<Array<CallSummary | undefined>> {
    const run = this.tail.then(() => this.ask(callIds));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async ask(callIds: readonly string[]): Promise<Array<CallSummary | undefined>> {
    const before = this.synced;
    const feed = await this.source.changesSince(before?.seq);
    const connection = this.source.connection();
    const full =
      before === undefined ||
      before.epoch !== feed.epoch ||
      before.connection !== connection ||
      feed.now - before.refreshedAt >= this.refreshMs ||
      before.seq < feed.trimmedUpTo ||
      // The sequence went back without a new epoch: the feed's state was lost or rewritten (trust nothing).
      feed.seq < before.seq;
    const changed = full ? new Set<string>() : new Set(feed.changed);
    // Each id read once, however often asked (a Set of the few wanted, not of all asked: most are answered from here).
    const wantedOnce = new Set<string>();
    for (const callId of callIds) if (full || changed.has(callId) || !before.entries.has(callId)) wantedOnce.add(callId);
    const wanted = [...wantedOnce];
    const reads = wanted.length === 0 ? [] : await this.source.read(wanted);

    // No wait from here on: the state changes all at once.
    const entries = full ? new Map<string, CallSummary | undefined>() : before.entries;
    if (!full) for (const callId of changed) entries.delete(callId);
    const fresh = new Map<string, CallSummary | undefined>();
    wanted.forEach((callId, i) => {
      const read = reads[i];
      // Frozen where it lies (a summary just read, shared by this answer and the cache), not copied.
      fresh.set(callId, read?.summary);
      if (read?.cacheable === true) entries.set(callId, read.summary === undefined ? undefined : Object.freeze(read.summary));
      else entries.delete(callId);
    });
    this.synced = { epoch: feed.epoch, connection, seq: feed.seq, refreshedAt: full ? feed.now : before.refreshedAt, entries };
    return callIds.map((callId) => (fresh.has(callId) ? fresh.get(callId) : entries.get(callId)));
  }
}
