import {
  createOperationTracker,
  OperationTimeoutError,
  parseNotifications,
  reduceCall,
  type CallbackEvent,
  type CallRecord,
} from '@graph-calling/notifications';
import { ACTION_NOTIFICATIONS } from '@graph-calling/test-support/actionExamples';

/** Replays bodies through parse + reduce, one record per call, and returns every event. */
function replay(bodies: readonly unknown[], records = new Map<string, CallRecord>()): CallbackEvent[] {
  const events: CallbackEvent[] = [];
  for (const body of bodies) {
    for (const n of parseNotifications(body).notifications) {
      const key = n.callId ?? '';
      const { record, events: produced } = reduceCall(records.get(key), n, { now: 0 });
      records.set(key, record);
      events.push(...produced);
    }
  }
  return events;
}

const body = (name: string) => ACTION_NOTIFICATIONS[name] as Record<string, unknown>;
const withData = (name: string, data: Record<string, unknown>) => {
  const b = structuredClone(body(name)) as { value: Array<{ resourceData: Record<string, unknown> }> };
  Object.assign(b.value[0]!.resourceData, data);
  return b;
};

describe('incoming calls', () => {
  it('emit call.incoming with what is needed to answer, once', () => {
    const events = replay([body('incomingVoip'), body('incomingVoip')]);
    const incoming = events.filter((e) => e.type === 'call.incoming');
    expect(incoming).toHaveLength(1);
    expect(incoming[0]).toMatchObject({
      callId: '57DAB8B1894C409AB240BD8BEAE78896',
      incoming: {
        callerKind: 'user',
        callerId: '8A34A46B-3D17-4ADC-8DCE-DC4E7D572698',
        callerDisplayName: 'Test User',
        requestedModalities: ['audio'],
        targets: [{ identity: { application: { displayName: 'Test BOT' } } }],
      },
    });
  });

  it('are told apart from outgoing calls, which are created establishing', () => {
    const outgoing = structuredClone(body('incomingVoip')) as { value: Array<{ resourceData: Record<string, unknown> }> };
    outgoing.value[0]!.resourceData['state'] = 'establishing';
    outgoing.value[0]!.resourceData['direction'] = 'outgoing';
    expect(replay([outgoing]).map((e) => e.type)).toEqual(['call.stateChanged']);
  });
});

describe('operation notifications', () => {
  it('report a finished prompt with its typed result, once', () => {
    const events = replay([body('playPromptCompleted'), body('playPromptCompleted')]);
    expect(events.map((e) => e.type)).toEqual(['operation.updated', 'operation.completed']);
    expect(events[1]).toMatchObject({
      operationId: '0FE0623FD62842EDB4BD8AC290072CC5',
      operationType: 'playPromptOperation',
      resultInfo: { code: 200, subcode: 0 },
      clientContext: 'd45324c1-fcb5-430a-902c-f20af696537c',
      recording: undefined,
    });
  });

  it('hand over a recording location and its access token', () => {
    const [, completed] = replay([body('recordCompleted')]);
    expect(completed).toMatchObject({
      type: 'operation.completed',
      operationType: 'recordOperation',
      recording: { location: 'https://file.location/17e3b46c-f61d-4f4d-9635-c626ef18e6ad', accessToken: '<access-token>' },
    });
  });

  it('report a failed operation as operation.failed with its resultInfo and completion reason', () => {
    const failed = withData('playPromptCompleted', {
      status: 'failed',
      completionReason: 'mediaOperationCanceled',
      resultInfo: { code: 400, subcode: 8508, message: 'Action falied, the prompt was cancelled.' },
    });
    const events = replay([failed]);
    expect(events.map((e) => e.type)).toEqual(['operation.updated', 'operation.failed']);
    expect(events[1]).toMatchObject({ completionReason: 'mediaOperationCanceled', resultInfo: { code: 400 } });
  });

  it('report a running operation as an update only', () => {
    const running = structuredClone(body('playPromptCompleted')) as { value: Array<Record<string, unknown>> };
    running.value[0]!['changeType'] = 'updated';
    (running.value[0]!['resourceData'] as Record<string, unknown>)['status'] = 'running';
    delete (running.value[0]!['resourceData'] as Record<string, unknown>)['resultInfo'];
    expect(replay([running]).map((e) => e.type)).toEqual(['operation.updated']);
  });

  it('read an invitation finished under …/operations/participants, with no operation id', () => {
    const events = replay([body('inviteCompleted')]);
    expect(events.map((e) => e.type)).toEqual(['operation.updated', 'operation.completed', 'participant.invited']);
    expect(events[2]).toMatchObject({
      operationId: undefined,
      succeeded: true,
      clientContext: 'f2fa86af-3c51-4bc2-8fc0-475452d9764f',
      participants: [{ identity: { user: { id: '7e1b4346-85a6-4bdd-abe3-d11c5d420efe' } } }],
    });
  });

  it('read a roster delivered under …/operations/participants as a roster', () => {
    const events = replay([body('rosterViaOperations')]);
    expect(events.map((e) => e.type)).toEqual(['participant.joined', 'roster.updated']);
  });
});

describe('tones', () => {
  it('arrive as tone.received once per sequence id, late ones included', () => {
    const second = withData('toneReceived', { toneInfo: { sequenceId: 2, tone: 'pound' } });
    const events = replay([second, body('toneReceived'), body('toneReceived')]).filter((e) => e.type === 'tone.received');
    expect(events.map((e) => (e.type === 'tone.received' ? `${e.sequenceId}:${e.tone}` : ''))).toEqual(['2:pound', '1:tone1']);
  });
});

describe('createOperationTracker', () => {
  const completed = () => replay([body('playPromptCompleted')]).find((e) => e.type === 'operation.completed') as CallbackEvent;

  it('resolves a wait that started before the notification, whichever form the id takes', async () => {
    const tracker = createOperationTracker();
    // The action's answer gives a dashed lower-case GUID; the notification URL the same id upper-case without dashes.
    const waiting = tracker.waitFor('57dab8b1-894c-409a-b240-bd8beae78896', { operationId: '0fe0623f-d628-42ed-b4bd-8ac290072cc5' });
    tracker.observe(completed());
    await expect(waiting).resolves.toMatchObject({ succeeded: true, operationType: 'playPromptOperation' });
    const never = tracker.waitFor('57DAB8B1894C409AB240BD8BEAE78896', { clientContext: 'another context' });
    tracker.close();
    await expect(never).rejects.toThrow('closed');
  });

  it('matches by clientContext when the operation has no id', async () => {
    const tracker = createOperationTracker();
    tracker.observe(replay([body('inviteCompleted')]).find((e) => e.type === 'operation.completed') as CallbackEvent);
    await expect(
      tracker.waitFor('7531d31f-d10d-44de-802f-c569dbca451c', { operationId: null, clientContext: 'f2fa86af-3c51-4bc2-8fc0-475452d9764f' }),
    ).resolves.toMatchObject({ operationType: 'inviteParticipantsOperation' });
    tracker.close();
  });

  it('resolves a wait that starts after the notification (Graph may call back before the answer)', async () => {
    const tracker = createOperationTracker();
    tracker.observe(completed());
    await expect(
      tracker.waitFor('57DAB8B1894C409AB240BD8BEAE78896', { operationId: '0FE0623FD62842EDB4BD8AC290072CC5' }),
    ).resolves.toMatchObject({
      succeeded: true,
    });
    tracker.close();
  });

  it('times out with a typed error', async () => {
    jest.useFakeTimers();
    try {
      const tracker = createOperationTracker({ timeoutMs: 5000 });
      const waiting = tracker.waitFor('call', { operationId: 'op' });
      jest.advanceTimersByTime(5000);
      await expect(waiting).rejects.toBeInstanceOf(OperationTimeoutError);
      await expect(waiting).rejects.toThrow('expected a completion notification for operation op of call call within 5000 ms, found none');
    } finally {
      jest.useRealTimers();
    }
  });
});
