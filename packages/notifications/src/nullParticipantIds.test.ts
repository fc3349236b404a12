import { parseNotifications } from './parseNotifications';
import { tolerateNullParticipantIds } from './nullParticipantIds';
import { reduceCall } from './reduceCall';

const CALL = '2f1a1100-b174-40a0-aba7-0b405e01ed92';
const bot = { '@odata.type': '#microsoft.graph.participant', id: 'aa67bd4c-8475-432d-bd41-39f255720e0a', isInLobby: false, isMuted: false };
// As Graph's 2021 invite pages show it: the invited participant has no id yet.
const invited = {
  '@odata.type': '#microsoft.graph.participant',
  id: null,
  info: { identity: { user: { id: '278405a3-f568-4b3e-b684-009193463064', displayName: 'John' } } },
  isInLobby: false,
  isMuted: false,
};
const body = {
  value: [{ changeType: 'updated', resourceUrl: `/communications/calls/${CALL}/participants`, resourceData: [bot, invited] }],
};

describe('a roster participant with "id": null', () => {
  it('is accepted with a warning naming the defect, the body untouched', () => {
    const copy = structuredClone(body);
    const parsed = parseNotifications(copy);
    expect(copy).toEqual(body);
    expect(parsed.warnings).toEqual([
      expect.objectContaining({
        code: 'unexpected-null',
        path: 'value[0].resourceData[1].id',
        message:
          'value[0].resourceData[1].id: expected string (the participant id), found null; accepted, the participant is keyed by its identity',
      }),
    ]);
  });

  it('joins the roster keyed by its identity', () => {
    const [n] = parseNotifications(body).notifications;
    const { record, events } = reduceCall(undefined, n as NonNullable<typeof n>);
    expect(events.filter((e) => e.type === 'participant.joined')).toHaveLength(2);
    expect(Object.keys(record.participants).sort()).toEqual([bot.id, 'identity:user:278405a3-f568-4b3e-b684-009193463064']);
  });

  it('leaves a body without such a participant as it is (same object)', () => {
    const clean = { value: [{ changeType: 'updated', resourceUrl: `/communications/calls/${CALL}/participants`, resourceData: [bot] }] };
    expect(tolerateNullParticipantIds(clean)).toEqual({ body: clean, warnings: [] });
    expect(tolerateNullParticipantIds(clean).body).toBe(clean);
  });

  it('still refuses a null id where it is not a roster participant (a call id is required to be text)', () => {
    const wrong = {
      value: [{ changeType: 'updated', resourceUrl: `/communications/calls/${CALL}/participants`, resourceData: [{ ...bot, id: 5 }] }],
    };
    expect(() => parseNotifications(wrong)).toThrow(/resourceData\[0\]\.id: expected string/);
  });
});
