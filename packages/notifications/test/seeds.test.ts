import fc from 'fast-check';
import { parseDocPage } from '@graph-calling/doc-examples';
import { parseNotifications, reduceCall, type CallbackEvent, type CallRecord, type ParsedNotification } from '@graph-calling/notifications';
import { seedPages } from '@graph-calling/test-support/seeds';

/** What a reader of each seed notification expects, replayed in page order (per page, per call). */
const p2pEstablishing = ['call.stateChanged (none)→establishing'];
// The docs' peer-to-peer "established" example names another call id than its "establishing" one,
// so it is (correctly) a new call here rather than a transition of the first.
const p2pEstablishedOtherCall = ['call.stateChanged (none)→established', 'call.established'];
const joinEstablishing = ['call.stateChanged (none)→establishing'];
const joinEstablished = ['call.stateChanged establishing→established', 'call.established'];
const roster = ['participant.joined John', 'participant.joined Calling Bot', 'roster.updated +2 -0 ~0'];
const guestInLobby = ['participant.joined Guest User', 'participant.inLobby Guest User', 'roster.updated +1 -0 ~0'];

const EXPECTED: Record<string, string[]> = {
  'create-call.beta.2019-07-31.zh-CN.md:184': ['call.stateChanged (none)→establishing'],
  'create-call.beta.2019-07-31.zh-CN.md:212': ['call.stateChanged establishing→established', 'call.established'],
  ...Object.fromEntries(
    ['create-call.beta.2019-09-11.ru-RU.md', 'create-call.beta.2019-11-05.pt-BR.md'].flatMap((f) => [
      [`${f}:206`, p2pEstablishing],
      [`${f}:236`, p2pEstablishedOtherCall],
      [`${f}:466`, joinEstablishing],
      [`${f}:515`, joinEstablished],
      [`${f}:564`, roster],
      [`${f}:840`, guestInLobby],
    ]),
  ),
  'create-call.beta.2021-05-26.zh-CN.md:218': p2pEstablishing,
  'create-call.beta.2021-05-26.zh-CN.md:247': p2pEstablishedOtherCall,
  'create-call.beta.2021-05-26.zh-CN.md:730': joinEstablishing,
  'create-call.beta.2021-05-26.zh-CN.md:778': joinEstablished,
  'create-call.beta.2021-05-26.zh-CN.md:826': roster,
  'create-call.beta.2021-05-26.zh-CN.md:1096': guestInLobby,
  'create-call.v1.0.2021-02-10.zh-CN.md:208': p2pEstablishing,
  'create-call.v1.0.2021-02-10.zh-CN.md:237': p2pEstablishedOtherCall,
  'create-call.v1.0.2021-02-10.zh-CN.md:683': joinEstablishing,
  'create-call.v1.0.2021-02-10.zh-CN.md:730': joinEstablished,
  'create-call.v1.0.2021-02-10.zh-CN.md:777': roster,
};

function nameOf(p: unknown): string {
  const identity = (p as { info?: { identity?: Record<string, { displayName?: string }> } }).info?.identity ?? {};
  return Object.entries(identity).find(([k]) => k !== '@odata.type')?.[1]?.displayName ?? '?';
}

function describe_(e: CallbackEvent): string {
  switch (e.type) {
    case 'call.stateChanged':
      return `${e.type} ${e.previousState ?? '(none)'}→${e.state}`;
    case 'roster.updated':
      return `${e.type} +${e.joined.length} -${e.left.length} ~${e.updated.length}`;
    case 'participant.joined':
    case 'participant.inLobby':
    case 'participant.updated':
      return `${e.type} ${nameOf(e.participant)}`;
    case 'participant.left':
      return `${e.type} ${e.participantId}`;
    default:
      return e.type;
  }
}

const pages = seedPages().map((page) => ({
  file: page.file,
  notifications: parseDocPage(page.text)
    .blocks.filter((b) => b.kind === 'notification' && b.json !== undefined)
    .map((b) => ({ key: `${page.file}:${b.line}`, heading: b.heading?.english ?? '', parsed: parseNotifications(b.json?.value) })),
}));

describe('every documented notification maps to the events a reader expects', () => {
  it('covers the 25 notification examples', () => {
    expect(pages.flatMap((p) => p.notifications.map((n) => n.key))).toEqual(Object.keys(EXPECTED));
  });

  for (const page of pages) {
    describe(page.file, () => {
      const records = new Map<string, CallRecord>();
      for (const { key, heading, parsed } of page.notifications) {
        it(`${key} ${heading}`, () => {
          expect(parsed.warnings).toEqual([]);
          const events: CallbackEvent[] = [];
          for (const n of parsed.notifications) {
            const { record, events: produced } = reduceCall(records.get(n.callId ?? ''), n);
            records.set(n.callId ?? '', record);
            events.push(...produced);
          }
          expect(events.map(describe_)).toEqual(EXPECTED[key]);
        });
      }
    });
  }
});

/** The final state and roster of every call after replaying notifications in the given order. */
function replay(list: readonly ParsedNotification[]) {
  const records = new Map<string, CallRecord>();
  for (const n of list) records.set(n.callId ?? '', reduceCall(records.get(n.callId ?? ''), n).record);
  return [...records.values()]
    .map((r) => ({ callId: r.callId, state: r.state, roster: Object.keys(r.participants).sort() }))
    .sort((a, b) => a.callId.localeCompare(b.callId));
}

describe('the seed sequences replayed in every order, with duplicates', () => {
  it.each(pages.map((p) => [p.file, p] as const))('%s ends in the same state', (_file, page) => {
    const inOrder = page.notifications.flatMap((n) => n.parsed.notifications);
    const expected = replay(inOrder);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(inOrder, { minLength: inOrder.length, maxLength: inOrder.length }),
        fc.array(fc.nat({ max: inOrder.length - 1 }), { maxLength: 4 }),
        (shuffled, duplicates) => {
          const withDuplicates = [...shuffled];
          for (const d of duplicates) withDuplicates.splice(d, 0, shuffled[d] as ParsedNotification);
          expect(replay(withDuplicates)).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});
