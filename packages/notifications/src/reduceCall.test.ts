import fc from 'fast-check';
import type { Participant } from '@graph-calling/models';
import { phaseOf } from './callStateOrder';
import type { CallRecord } from './CallRecord';
import { parseNotifications, type ParsedNotification } from './parseNotifications';
import { reduceCall } from './reduceCall';

const CALL = '2f1a1100-b174-40a0-aba7-0b405e01ed92';
const STATES = ['incoming', 'establishing', 'ringing', 'established', 'hold', 'transferring', 'terminating', 'terminated'] as const;

const stateNotification = (state: string, changeType = 'updated'): ParsedNotification =>
  parseNotifications({
    value: [{ changeType, resourceUrl: `/communications/calls/${CALL}`, resourceData: { '@odata.type': '#microsoft.graph.call', state } }],
  }).notifications[0] as ParsedNotification;
const person = (id: string, seq: number, extra: Partial<Participant> = {}): Participant => ({
  id,
  rosterSequenceNumber: seq,
  isMuted: false,
  isInLobby: false,
  ...extra,
});
const rosterNotification = (changeType: string, participants: Participant[]): ParsedNotification =>
  parseNotifications({ value: [{ changeType, resourceUrl: `/communications/calls/${CALL}/participants`, resourceData: participants }] })
    .notifications[0] as ParsedNotification;

function replay(list: readonly ParsedNotification[], deltaRoster = false): { record: CallRecord | undefined; events: string[] } {
  let record: CallRecord | undefined;
  const events: string[] = [];
  for (const n of list) {
    const r = reduceCall(record, n, { deltaRoster });
    record = r.record;
    events.push(...r.events.map((e) => e.type));
  }
  return { record, events };
}

describe('call state', () => {
  it('moves only forward: a late establishing after established changes nothing', () => {
    const { record, events } = replay([stateNotification('established'), stateNotification('establishing')]);
    expect(record?.state).toBe('established');
    expect(events).toEqual(['call.stateChanged', 'call.established']);
  });

  it('lets active states alternate, and ends for good at terminated', () => {
    const { record, events } = replay(
      ['established', 'hold', 'established', 'terminated', 'established', 'terminating'].map((s) => stateNotification(s)),
    );
    expect(record?.state).toBe('terminated');
    expect(events).toEqual([
      'call.stateChanged',
      'call.established',
      'call.stateChanged',
      'call.stateChanged',
      'call.stateChanged',
      'call.terminated',
    ]);
  });

  it('reads a deleted call as terminated, keeping its resultInfo', () => {
    const deleted = parseNotifications({
      value: [
        {
          changeType: 'deleted',
          resourceUrl: `/communications/calls/${CALL}`,
          resourceData: {
            '@odata.type': '#microsoft.graph.call',
            resultInfo: { code: 0, subcode: 7015, message: 'Application ended the call.' },
          },
        },
      ],
    }).notifications[0] as ParsedNotification;
    const { record } = replay([stateNotification('established'), deleted]);
    expect(record).toMatchObject({ state: 'terminated', resultInfo: { subcode: 7015 } });
  });

  it('emits call.incoming for a created incoming call', () => {
    expect(replay([stateNotification('incoming', 'created')]).events).toEqual(['call.incoming', 'call.stateChanged']);
  });

  it('ignores an update older than the last applied etag', () => {
    const at = (state: string, etag: string) => ({ ...stateNotification(state), etag, version: Number(/\d+/.exec(etag)?.[0]) });
    const { record } = replay([at('hold', 'W/"12"'), at('established', 'W/"11"')]);
    expect(record?.state).toBe('hold');
  });

  it('under any order and any duplicates: the final phase is the furthest one sent, and terminated is final', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...STATES), { minLength: 1, maxLength: 12 }), (states) => {
        const { record, events } = replay(states.map((s) => stateNotification(s)));
        expect(phaseOf(record?.state)).toBe(Math.max(...states.map(phaseOf)));
        if (states.includes('terminated')) {
          expect(record?.state).toBe('terminated');
          expect(events.indexOf('call.terminated')).toBe(events.length - 1);
        }
        // A duplicate of anything already seen changes nothing.
        const again = reduceCall(record, stateNotification(states[states.length - 1] as string));
        expect(again.events).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});

describe('roster', () => {
  it('reports joined, left and updated participants (mute, lobby, streams) from full rosters', () => {
    const first = rosterNotification('updated', [person('a', 1), person('b', 1, { isInLobby: true })]);
    const second = rosterNotification('updated', [person('a', 2, { isMuted: true }), person('b', 2, { isInLobby: false }), person('c', 2)]);
    const third = rosterNotification('updated', [person('a', 3, { isMuted: true }), person('c', 3)]);
    let record: CallRecord | undefined;
    const steps = [first, second, third].map((n) => {
      const r = reduceCall(record, n);
      record = r.record;
      return r.events.map((e) =>
        e.type === 'participant.updated'
          ? `${e.type} ${e.participant.id} ${e.changes.join('+')}`
          : 'participant' in e && e.participant
            ? `${e.type} ${e.participant.id}`
            : e.type === 'participant.left'
              ? `${e.type} ${e.participantId}`
              : e.type,
      );
    });
    expect(steps).toEqual([
      ['participant.joined a', 'participant.joined b', 'participant.inLobby b', 'roster.updated'],
      ['participant.joined c', 'participant.updated a muted', 'participant.updated b admitted', 'roster.updated'],
      ['participant.left b', 'roster.updated'],
    ]);
  });

  it('never lets an older full roster overwrite a newer one, whatever the delivery order', () => {
    // Every snapshot carries sequence numbers (an empty roster carries none and cannot be ordered).
    const ids = fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(fc.array(ids, { minLength: 1, maxLength: 6 }), fc.func(fc.integer()), (snapshots, order) => {
        const notifications = snapshots.map((present, seq) =>
          rosterNotification(
            'updated',
            present.map((id) => person(id, seq + 1)),
          ),
        );
        const shuffled = [...notifications].sort((x, y) => order(x) - order(y));
        const { record } = replay(shuffled);
        const latest = snapshots[snapshots.length - 1] ?? [];
        expect(Object.keys(record?.participants ?? {}).sort()).toEqual([...latest].sort());
      }),
      { numRuns: 500 },
    );
  });

  it('applies delta rosters (created / updated / deleted) and does not resurrect someone who left', () => {
    const joined = rosterNotification('created', [person('a', 1), person('b', 1)]);
    const left = rosterNotification('deleted', [person('a', 3)]);
    const lateUpdate = rosterNotification('updated', [person('a', 2, { isMuted: true })]);
    const { record } = replay([joined, left, lateUpdate], true);
    expect(Object.keys(record?.participants ?? {})).toEqual(['b']);
    const inOrder = replay([joined, lateUpdate, left], true);
    expect(Object.keys(inOrder.record?.participants ?? {})).toEqual(['b']);
  });

  it('is idempotent: the same roster twice emits nothing the second time', () => {
    const n = rosterNotification('updated', [person('a', 1)]);
    const first = reduceCall(undefined, n);
    expect(reduceCall(first.record, n)).toEqual({ record: first.record, events: [] });
  });
});

describe('robustness against what the schema does not describe', () => {
  const callNotification = (resourceData: Record<string, unknown>, etag?: number): ParsedNotification =>
    parseNotifications({
      value: [
        {
          changeType: 'updated',
          resourceUrl: `/communications/calls/${CALL}`,
          ...(etag !== undefined ? { '@odata.etag': `W/"${etag}"` } : {}),
          resourceData: { '@odata.type': '#microsoft.graph.call', ...resourceData },
        },
      ],
    }).notifications[0] as ParsedNotification;

  it('stores an unknown property nested 5,000 deep, and the next non-state update is still applied', () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 5000; i += 1) deep = { nested: deep };
    const first = reduceCall(undefined, callNotification({ state: 'established', futureProperty: deep }));
    expect((first.record.call as Record<string, unknown>)['futureProperty']).toBe(deep);
    const next = reduceCall(first.record, callNotification({ subject: 'renamed', futureProperty: deep }));
    expect(next.record.call.subject).toBe('renamed');
    const again = reduceCall(next.record, callNotification({ subject: 'renamed again' }));
    expect(again.record.call.subject).toBe('renamed again');
  });

  it('treats participant ids such as __proto__ and constructor as plain keys', () => {
    const { record, events } = replay([rosterNotification('updated', [person('__proto__', 1), person('constructor', 1)])]);
    expect(Object.keys(record?.participants ?? {}).sort()).toEqual(['__proto__', 'constructor']);
    expect(events.filter((e) => e === 'participant.joined')).toHaveLength(2);
    expect(Object.getPrototypeOf(record?.participants)).toBeNull();
    // A record read back from JSON (as a shared store keeps it) has ordinary objects: still no inherited members.
    const revived = JSON.parse(JSON.stringify(record)) as CallRecord;
    const left = reduceCall(revived, rosterNotification('updated', [person('__proto__', 2)]));
    expect(left.events.map((e) => e.type)).toEqual(['participant.left', 'roster.updated']);
    expect(Object.keys(left.record.participants)).toEqual(['__proto__']);
    const toString = reduceCall(
      revived,
      rosterNotification('updated', [person('__proto__', 2), person('constructor', 2), person('toString', 2)]),
    );
    expect(toString.events.map((e) => e.type)).toEqual(['participant.joined', 'roster.updated']);
  });

  it('keys a participant without an id by who it is, the same however its properties are ordered', () => {
    const alice = (order: 'a' | 'b'): Participant =>
      ({
        info:
          order === 'a'
            ? { identity: { user: { id: 'alice', displayName: 'Alice' } } }
            : { identity: { user: { displayName: 'Alice', id: 'alice' } } },
        isMuted: order === 'b',
      }) as Participant;
    const first = reduceCall(undefined, rosterNotification('created', [alice('a')]), { deltaRoster: true });
    const second = reduceCall(first.record, rosterNotification('updated', [alice('b')]), { deltaRoster: true });
    expect(Object.keys(second.record.participants)).toEqual(['identity:user:alice']);
    expect(second.events.map((e) => e.type)).toEqual(['participant.updated', 'roster.updated']);
  });

  it('compares participants by value, not by key order', () => {
    const a = person('a', 1, { mediaStreams: [{ mediaType: 'audio', sourceId: '1', direction: 'sendReceive', serverMuted: false }] });
    const reordered = person('a', 2, {
      mediaStreams: [{ serverMuted: false, direction: 'sendReceive', sourceId: '1', mediaType: 'audio' }],
    });
    const first = reduceCall(undefined, rosterNotification('updated', [a]));
    expect(reduceCall(first.record, rosterNotification('updated', [reordered])).events).toEqual([]);
  });
});

describe('gap detection', () => {
  const at = (state: string, etag: number) => ({ ...stateNotification(state), etag: `W/"${etag}"`, version: etag });

  it('marks an etag jump, and a live state reached without the one before it', () => {
    const jumped = replay([at('establishing', 1), at('established', 3)]);
    expect(jumped.record?.gap).toBe('etag');
    expect(replay([at('establishing', 1), at('established', 2)]).record?.gap).toBeUndefined();
    expect(replay([at('established', 2)]).record?.gap).toBe('state-skipped');
  });

  it('marks a delta roster that skips sequence numbers, or updates someone never seen joining', () => {
    expect(
      replay([rosterNotification('created', [person('a', 1)]), rosterNotification('created', [person('b', 3)])], true).record?.gap,
    ).toBe('roster-sequence');
    expect(
      replay([rosterNotification('created', [person('a', 1)]), rosterNotification('updated', [person('z', 2)])], true).record?.gap,
    ).toBe('unknown-participant');
    // A full roster carries everyone: skipped sequence numbers lose nothing.
    expect(
      replay([rosterNotification('updated', [person('a', 1)]), rosterNotification('updated', [person('a', 5)])]).record?.gap,
    ).toBeUndefined();
  });

  it('stamps every change with a revision and a time, and leaves duplicates unstamped', () => {
    const first = reduceCall(undefined, stateNotification('established'), { now: 1000 });
    expect(first.record).toMatchObject({ revision: 1, updatedAt: 1000 });
    expect(reduceCall(first.record, stateNotification('established'), { now: 2000 }).record).toBe(first.record);
  });
});
