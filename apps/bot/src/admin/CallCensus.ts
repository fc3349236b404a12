import { CursorError } from './CursorError';
import { MEMORY_STORE_DEFAULTS, type CallRecord } from '@graph-calling/notifications';

/** How many calls the store holds, live and ended. */
export interface CallCounts {
  readonly live: number;
  readonly terminated: number;
}

/** One page of call ids: live calls first, then ended ones, each in id order. */
export interface CallIdPage {
  readonly ids: readonly string[];
  /** Give it back as `cursor` for the next page; absent on the last page. */
  readonly next?: string;
}

/**
 * The calls a store holds, kept as they change (not by listing the store), so that counting them
 * costs the same with 10 records as with 100,000, and a page of them costs its size. It is fed by
 * {@link CensusCallStore} after every stored change; expiry follows the store's (an ended call's
 * record is dropped `terminatedTtlMs` after its last change, an idle live one after `idleTtlMs`).
 */
export interface CallCensus {
  /** Records the state a call's record was just stored with. */
  note(record: CallRecord): Promise<void>;
  /** A record was deleted (or evicted). */
  forget(callId: string): Promise<void>;
  counts(): Promise<CallCounts>;
  /** Up to `limit` ids after `cursor` (live ones first). */
  page(cursor: string | undefined, limit: number): Promise<CallIdPage>;
}

/** Expiry of the records a census mirrors (the stores' defaults unless told otherwise). */
export interface CensusExpiry {
  readonly terminatedTtlMs?: number;
  /** A live record not changed for this long is gone from the store (Redis: 30 h; memory: never). */
  readonly idleTtlMs?: number;
  readonly now?: () => number;
}

/** Cursor of a census page: which list, and the last id returned. */
export function encodeCursor(list: 'live' | 'ended', id: string): string {
  return `${list === 'live' ? 'l' : 'e'}:${id}`;
}

/** The list and id of a cursor; a malformed cursor is a typed error for the status route (400). */
export function decodeCursor(cursor: string | undefined): { readonly list: 'live' | 'ended'; readonly after: string } | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const match = /^([le]):(.+)$/s.exec(cursor);
  if (!match?.[2]) throw new CursorError(cursor);
  return { list: match[1] === 'l' ? 'live' : 'ended', after: match[2] };
}

/** Ids kept sorted, with binary search: insert, delete and "the next n after x" in O(log n + n). */
class SortedIds {
  private readonly ids: string[] = [];

  get size(): number {
    return this.ids.length;
  }

  private position(id: string): number {
    let low = 0;
    let high = this.ids.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.ids[mid] as string) < id) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  add(id: string): void {
    const at = this.position(id);
    if (this.ids[at] !== id) this.ids.splice(at, 0, id);
  }

  delete(id: string): boolean {
    const at = this.position(id);
    if (this.ids[at] !== id) return false;
    this.ids.splice(at, 1);
    return true;
  }

  has(id: string): boolean {
    return this.ids[this.position(id)] === id;
  }

  after(id: string | undefined, limit: number): string[] {
    const start = id === undefined ? 0 : this.position(id) + (this.has(id) ? 1 : 0);
    return this.ids.slice(start, start + limit);
  }
}

/** The census of a memory store, in this process. */
export class MemoryCallCensus implements CallCensus {
  private readonly live = new SortedIds();
  private readonly ended = new SortedIds();
  /** Ended ids by expiry, oldest first (a Map keeps insertion order; a re-noted id moves to the end). */
  private readonly expiries = new Map<string, number>();
  private readonly terminatedTtlMs: number;
  private readonly now: () => number;

  constructor(options: CensusExpiry = {}) {
    this.terminatedTtlMs = options.terminatedTtlMs ?? MEMORY_STORE_DEFAULTS.terminatedTtlMs;
    this.now = options.now ?? Date.now;
  }

  note(record: CallRecord): Promise<void> {
    const id = record.callId;
    if (record.state === 'terminated' || record.terminatedAt !== undefined) {
      this.live.delete(id);
      this.ended.add(id);
      this.expiries.delete(id);
      this.expiries.set(id, this.now() + this.terminatedTtlMs);
    } else if (!this.ended.has(id)) {
      // An ended call does not come back to life: a late "live" note from a slower writer is ignored.
      this.live.add(id);
    }
    return Promise.resolve();
  }

  forget(callId: string): Promise<void> {
    this.live.delete(callId);
    this.ended.delete(callId);
    this.expiries.delete(callId);
    return Promise.resolve();
  }

  private prune(): void {
    const now = this.now();
    for (const [id, expires] of this.expiries) {
      if (expires > now) break;
      this.expiries.delete(id);
      this.ended.delete(id);
    }
  }

  counts(): Promise<CallCounts> {
    this.prune();
    return Promise.resolve({ live: this.live.size, terminated: this.ended.size });
  }

  page(cursor: string | undefined, limit: number): Promise<CallIdPage> {
    this.prune();
    const from = decodeCursor(cursor);
    const live = from?.list === 'ended' ? [] : this.live.after(from?.after, limit);
    const ended = live.length >= limit ? [] : this.ended.after(from?.list === 'ended' ? from.after : undefined, limit - live.length);
    return Promise.resolve(pageOf(live, ended, limit));
  }
}

/** A page from the ids read: a full page carries a cursor (the next page may be empty). */
export function pageOf(live: readonly string[], ended: readonly string[], limit: number): CallIdPage {
  const ids = [...live, ...ended];
  if (ids.length < limit) return { ids };
  const lastEnded = ended[ended.length - 1];
  const lastLive = live[live.length - 1];
  if (lastEnded !== undefined) return { ids, next: encodeCursor('ended', lastEnded) };
  return lastLive !== undefined ? { ids, next: encodeCursor('live', lastLive) } : { ids };
}
