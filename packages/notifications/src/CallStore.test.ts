import { emptyRecord, type CallRecord } from './CallRecord';
import { MemoryCallStore, type EvictionReason } from './CallStore';

const live = (callId: string): CallRecord => ({ ...emptyRecord(callId, 0), state: 'established' });
const ended = (callId: string): CallRecord => ({ ...emptyRecord(callId, 0), state: 'terminated', terminatedAt: 1 });
const put = (store: MemoryCallStore, record: CallRecord) => store.update(record.callId, () => ({ record, result: undefined }));

describe('MemoryCallStore eviction', () => {
  it('forgets a terminated record once its TTL has passed, and keeps live ones', () => {
    let clock = 1_000;
    const evicted: Array<[string, EvictionReason]> = [];
    const store = new MemoryCallStore({ terminatedTtlMs: 60_000, now: () => clock, onEvict: (r, why) => evicted.push([r.callId, why]) });
    put(store, live('a'));
    put(store, ended('b'));
    clock += 59_000;
    expect(store.get('b')?.state).toBe('terminated');
    clock += 2_000;
    expect(store.get('b')).toBeUndefined();
    expect(store.get('a')?.state).toBe('established');
    expect(store.list().map((r) => r.callId)).toEqual(['a']);
    expect(evicted).toEqual([['b', 'expired']]);
  });

  it('defaults to a ten-minute TTL for terminated records', () => {
    let clock = 0;
    const store = new MemoryCallStore({ now: () => clock });
    put(store, ended('b'));
    clock = 10 * 60_000 - 1;
    expect(store.get('b')).toBeDefined();
    clock = 10 * 60_000 + 1;
    expect(store.get('b')).toBeUndefined();
  });

  it('under its size cap evicts the least recently updated terminated call first, live calls only when none is left', () => {
    const evicted: Array<[string, EvictionReason]> = [];
    const store = new MemoryCallStore({ maxRecords: 3, onEvict: (r, why) => evicted.push([r.callId, why]) });
    put(store, ended('old-end'));
    put(store, live('x'));
    put(store, ended('new-end'));
    put(store, live('y'));
    expect(evicted).toEqual([['old-end', 'capacity']]);
    put(store, live('z'));
    expect(evicted).toEqual([
      ['old-end', 'capacity'],
      ['new-end', 'capacity'],
    ]);
    // Updating x makes y the least recently updated live call.
    put(store, { ...live('x'), subjectChanged: true } as CallRecord);
    put(store, live('w'));
    expect(evicted[2]).toEqual(['y', 'capacity']);
    expect(
      store
        .list()
        .map((r) => r.callId)
        .sort(),
    ).toEqual(['w', 'x', 'z']);
  });

  it('moves a record from live to terminated when it ends, and keeps the update contract', () => {
    const store = new MemoryCallStore({ maxRecords: 10 });
    const first = put(store, live('a'));
    expect(first.changed).toBe(true);
    const same = store.update('a', (before) => ({ record: before as CallRecord, result: 'kept' }));
    expect(same).toMatchObject({ changed: false, result: 'kept' });
    put(store, ended('a'));
    expect(store.size).toBe(1);
    expect(store.get('a')?.terminatedAt).toBe(1);
    expect(store.delete('a')).toBe(true);
    expect(store.get('a')).toBeUndefined();
  });

  it('refuses a size cap below one', () => {
    expect(() => new MemoryCallStore({ maxRecords: 0 })).toThrow(RangeError);
  });
});
