import { setImmediate as nextTurn } from 'node:timers/promises';
import type { CallRecord } from '@graph-calling/notifications';
import type { CallStatus } from '../callStatus';
import type { CallCensus } from './CallCensus';
import { CursorError } from './CursorError';

/** Most calls one status page holds (and the default). */
export const STATUS_PAGE_MAX = 500;
export const STATUS_PAGE_DEFAULT = 50;

/** A status request: paging and the console's filters. */
export interface StatusQuery {
  readonly limit: number;
  readonly cursor?: string;
  readonly state?: string;
  readonly direction?: 'incoming' | 'outgoing';
  /** Only the calls this instance keeps (its id), as the leases say. */
  readonly instance?: string;
}

/** A query string the status route cannot read: 400, naming the parameter, what it expects and what came. */
export class StatusQueryError extends Error {
  override readonly name = 'StatusQueryError';
  readonly code = 'bad-query';

  constructor(
    readonly parameter: string,
    expected: string,
    found: unknown,
  ) {
    super(`${parameter}: expected ${expected}, found ${JSON.stringify(found)}`);
  }
}

const KNOWN = new Set(['limit', 'cursor', 'state', 'direction', 'instance']);

/** Reads `?limit&cursor&state&direction&instance` (each at most once). */
export function parseStatusQuery(query: Readonly<Record<string, unknown>>): StatusQuery {
  for (const [key, value] of Object.entries(query)) {
    if (!KNOWN.has(key)) throw new StatusQueryError(key, `one of the parameters ${[...KNOWN].join(', ')}`, key);
    if (typeof value !== 'string') throw new StatusQueryError(key, 'one value', value);
  }
  const text = (key: string): string | undefined => {
    const value = query[key];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const limitText = text('limit');
  const limit = limitText === undefined ? STATUS_PAGE_DEFAULT : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > STATUS_PAGE_MAX)
    throw new StatusQueryError('limit', `a whole number from 1 to ${STATUS_PAGE_MAX}`, limitText);
  const direction = text('direction');
  if (direction !== undefined && direction !== 'incoming' && direction !== 'outgoing')
    throw new StatusQueryError('direction', 'incoming or outgoing', direction);
  const cursor = text('cursor');
  const state = text('state');
  const instance = text('instance');
  if (state !== undefined && !/^[A-Za-z]{1,40}$/.test(state))
    throw new StatusQueryError('state', 'a call state such as established', state);
  return {
    limit,
    ...(cursor !== undefined ? { cursor } : {}),
    ...(state !== undefined ? { state } : {}),
    ...(direction !== undefined ? { direction } : {}),
    ...(instance !== undefined ? { instance } : {}),
  };
}

/** What a status page is read from. */
export interface StatusSource {
  readonly census: CallCensus;
  get(callId: string): CallRecord | undefined | Promise<CallRecord | undefined>;
  /** The status of one call as shown (names redacted unless --pii). */
  status(record: CallRecord): CallStatus;
  /** The id of this instance, for `instance=` (the calls it keeps). */
  readonly instanceId: string;
  /** Whether this instance keeps the call. */
  keeps(callId: string): boolean;
  /**
   * The calls an instance holds a lease on, by its id as shown (this one or another live one), read
   * from the lease index without a scan of the records; `undefined` when no live instance has that
   * id. Without it, `instance=` selects only this instance's calls.
   */
  heldBy?(instance: string): Promise<readonly string[] | undefined>;
}

/** One page of calls and the cursor of the next. */
export interface StatusPage {
  readonly calls: readonly CallStatus[];
  readonly next?: string;
}

/** Records read (and decoded) in one turn of the event loop. */
const CHUNK = 10;

/**
 * One page of the status route: reads census pages of `limit` ids and their records until `limit`
 * calls match the filters or four pages were read, so a filtered request costs at most four pages
 * (the cursor says where to go on). It runs at a lower priority than Graph's callbacks: it starts
 * after the I/O already waiting (setImmediate) and yields again after each chunk of records read.
 */
export async function statusPage(source: StatusSource, query: StatusQuery): Promise<StatusPage> {
  if (query.instance !== undefined && source.heldBy !== undefined) return heldPage(source, query.instance, query);
  const calls: CallStatus[] = [];
  let cursor = query.cursor;
  for (let read = 0; read < 4; read += 1) {
    await nextTurn();
    const page = await source.census.page(cursor, query.limit - calls.length);
    for (let from = 0; from < page.ids.length; from += CHUNK) {
      if (from > 0) await nextTurn();
      const records = await Promise.all(page.ids.slice(from, from + CHUNK).map(async (id) => source.get(id)));
      for (const record of records) {
        if (record === undefined || !matches(source, record, query)) continue;
        calls.push(source.status(record));
      }
    }
    cursor = page.next;
    if (cursor === undefined || calls.length >= query.limit) break;
  }
  return cursor === undefined ? { calls } : { calls, next: cursor };
}

/** Cursor of an `instance=` page: the last call id returned (ids are walked in order). */
const HELD_CURSOR = /^h:(.+)$/s;

/**
 * One page of `instance=`: the instance's held calls from the lease index, in id order, after the
 * cursor; at most four pages' worth of records read, as {@link statusPage}.
 */
async function heldPage(source: StatusSource, instance: string, query: StatusQuery): Promise<StatusPage> {
  let after: string | undefined;
  if (query.cursor !== undefined && query.cursor !== '') {
    const match = HELD_CURSOR.exec(query.cursor);
    if (!match?.[1]) throw new CursorError(query.cursor, 'h:<id> with instance=');
    after = match[1];
  }
  await nextTurn();
  const held = [...((await source.heldBy?.(instance)) ?? [])].sort();
  const start = after === undefined ? 0 : held.findIndex((id) => id > after);
  const ids = start < 0 ? [] : held.slice(start, start + 4 * query.limit);
  const calls: CallStatus[] = [];
  let last: string | undefined;
  for (let from = 0; from < ids.length && calls.length < query.limit; from += CHUNK) {
    if (from > 0) await nextTurn();
    const chunk = ids.slice(from, from + CHUNK);
    const records = await Promise.all(chunk.map(async (id) => source.get(id)));
    for (let i = 0; i < chunk.length && calls.length < query.limit; i += 1) {
      last = chunk[i];
      const record = records[i];
      if (record !== undefined && matches(source, record, query, false)) calls.push(source.status(record));
    }
  }
  const more = last !== undefined && held[held.length - 1] !== last;
  return more ? { calls, next: `h:${last}` } : { calls };
}

/** Whether a record passes the query's filters (`byInstance`: the instance filter too, by this instance's own leases). */
function matches(source: StatusSource, record: CallRecord, query: StatusQuery, byInstance = true): boolean {
  if (query.state !== undefined && (record.state ?? 'unknown') !== query.state) return false;
  if (query.direction !== undefined && record.call.direction !== query.direction) return false;
  if (byInstance && query.instance !== undefined && (query.instance !== source.instanceId || !source.keeps(record.callId))) return false;
  return true;
}
