import type { CallSummary } from '@graph-calling/notifications';
import type { ChangesSince } from './changeFeed';

/** One summary as read from Redis, and whether it may be kept: not when it was not written by this store family (read whole instead). */
export interface SummaryRead {
  readonly summary: CallSummary | undefined;
  readonly cacheable: boolean;
}

/** Where {@link SummaryCache} reads: the change feed, the summaries themselves, and which connection it reads through. */
export interface SummarySource {
  /** The change feed since `since` (server ms; `undefined`: since `marginMs` before the server's now). */
  changesSince(since: number | undefined): Promise<ChangesSince>;
  /** The summaries of `callIds`, one per id in order, read after the change feed was. */
  read(callIds: readonly string[]): Promise<readonly SummaryRead[]>;
  /** The connection reads go through now: a new one (a reconnect, maybe to a restarted server) drops what was cached. */
  connection(): unknown;
}

/** How long {@link SummaryCache} trusts what it holds. */
export interface SummaryCacheTimes {
  /** Everything asked for is read again once this long passed since the last full read (server ms). */
  readonly refreshMs: number;
  /** How long the change feed keeps its entries: a reader that last looked longer ago reads everything. */
  readonly retentionMs: number;
  /** Changes are asked for from this long before the last look: a server clock stepping back stays covered. */
  readonly marginMs: number;
}

interface Synced {
  readonly epoch: string;
  readonly connection: unknown;
  /** Server time of the change-feed read the last successful read followed. */
  readonly syncedAt: number;
  /** Server time of the last full read. */
  readonly refreshedAt: number;
  /**
   * The changes already handled that the next look will list again (it looks `marginMs` back): each
   * id with the time of its change. Listed again with the same time, and before `syncedAt` (a change
   * in the same ms as the look may have come after it), a change is not read again.
   */
  readonly seen: ReadonlyMap<string, number>;
  readonly entries: ReadonlyMap<string, CallSummary | undefined>;
}

/**
 * The summaries a `RedisCallStore` was last asked for, kept fresh like an informer (list + watch):
 * each ask reads the change feed since the last one and reads from Redis only the asked ids that
 * changed or are not held; the rest answer from here. Everything asked is read again when nothing
 * was read yet, the store epoch changed (Redis lost its data), the connection is a new one, the
 * feed was trimmed past the last look, or `refreshMs` passed — which bounds what the feed cannot
 * tell: records that expired by their TTL, and records written by a version that does not feed it.
 * Only what was asked since the last full read is held. Asks run one after another (each is cheap
 * once warm), and the state moves only when an ask read everything it needed: a failure leaves it as it was.
 */
export class SummaryCache {
  private synced: Synced | undefined;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly source: SummarySource,
    private readonly times: SummaryCacheTimes,
  ) {}

  /** The summaries of `callIds`, one per id in order (`undefined`: no record). */
  summaries(callIds: readonly string[]): Promise<Array<CallSummary | undefined>> {
    const run = this.tail.then(() => this.ask(callIds));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async ask(callIds: readonly string[]): Promise<Array<CallSummary | undefined>> {
    const before = this.synced;
    const feed = await this.source.changesSince(before === undefined ? undefined : before.syncedAt - this.times.marginMs);
    const connection = this.source.connection();
    const full =
      before === undefined ||
      before.epoch !== feed.epoch ||
      before.connection !== connection ||
      feed.now - before.refreshedAt >= this.times.refreshMs ||
      feed.now - before.syncedAt >= this.times.retentionMs ||
      before.syncedAt - this.times.marginMs < feed.trimmedBefore;
    const changed = new Set(
      feed.changed
        .filter(([callId, at]) => before === undefined || !(before.seen.get(callId) === at && at < before.syncedAt))
        .map(([callId]) => callId),
    );
    const wanted = [...new Set(callIds)].filter((callId) => full || changed.has(callId) || !before.entries.has(callId));
    const reads = await this.source.read(wanted);

    const entries = new Map(full ? [] : before.entries);
    if (!full) for (const callId of changed) entries.delete(callId);
    const fresh = new Map<string, CallSummary | undefined>();
    wanted.forEach((callId, i) => {
      const read = reads[i];
      fresh.set(callId, read?.summary);
      if (read?.cacheable === true) entries.set(callId, read.summary === undefined ? undefined : Object.freeze({ ...read.summary }));
      else entries.delete(callId);
    });
    this.synced = {
      epoch: feed.epoch,
      connection,
      syncedAt: feed.now,
      refreshedAt: full ? feed.now : (before?.refreshedAt ?? feed.now),
      seen: new Map(feed.changed.filter(([, at]) => at >= feed.now - this.times.marginMs)),
      entries,
    };
    return callIds.map((callId) => (fresh.has(callId) ? fresh.get(callId) : entries.get(callId)));
  }
}
