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
