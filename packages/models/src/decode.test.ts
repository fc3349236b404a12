import { Call, CallRequest, CommsNotifications, DecodeError, decode, decodeJson, parseCall, Participant } from './index';

const user = (id: string) => ({ identity: { user: { id, displayName: 'A' } } });
const participant = (i: number) => ({
  '@odata.type': '#microsoft.graph.participant',
  id: `p${i}`,
  info: { identity: { user: { id: '112f7296-5fa4-42ca-bae8-6a692b15d4b8', displayName: `User ${i}` } } },
  isMuted: false,
  isInLobby: false,
  mediaStreams: [{ mediaType: 'audio', sourceId: '1', direction: 'sendReceive', serverMuted: false }],
});
const roster = (n: number, change: (p: ReturnType<typeof participant>, i: number) => unknown = (p) => p) => ({
  value: [
    {
      changeType: 'updated',
      resourceUrl: '/communications/calls/1/participants',
      resourceData: Array.from({ length: n }, (_, i) => change(participant(i), i)),
    },
  ],
});

describe('decode', () => {
  it('says where, what was expected and what arrived', () => {
    const result = decode(CallRequest, {
      callbackUri: 'https://bot/cb',
      mediaConfig: { '@odata.type': '#microsoft.graph.serviceHostedMediaConfig' },
      targets: [user('112f7296-5fa4-42ca-bae8-6a692b15d4b8'), { identity: { user: { id: 42 } } }],
    });
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      {
        code: 'invalid-type',
        path: 'targets[1].identity.user.id',
        expected: 'string | null',
        received: '42',
        message: 'targets[1].identity.user.id: expected string | null, found 42',
      },
    ]);
  });

  it('reports a missing required property and a wrong-typed enum precisely', () => {
    const result = decode(CallRequest, { mediaConfig: {}, requestedModalities: [7] });
    expect(result.errors.map((e) => e.message)).toEqual([
      'callbackUri: expected string, found undefined',
      'requestedModalities[0]: expected modality (audio | video | videoBasedScreenSharing | data | unknownFutureValue), found 7',
    ]);
  });

  it('chooses a polymorphic member by @odata.type or shape and reports only its errors', () => {
    const app = decode(CallRequest, { callbackUri: 'https://x', mediaConfig: { blob: 5 } });
    expect(app.errors.map((e) => e.message)).toEqual(['mediaConfig.blob: expected string | null, found 5']);
    const meeting = decode(Call, { meetingInfo: { joinMeetingId: 123 } });
    expect(meeting.errors.map((e) => e.path)).toEqual(['meetingInfo.joinMeetingId']);
    const nothing = decode(Call, { meetingInfo: { foo: 1 } });
    expect(nothing.errors[0]?.expected).toContain('organizerMeetingInfo | tokenMeetingInfo | joinMeetingIdMeetingInfo');
  });

  it('accepts unknown enum values and unknown members with warnings (forward compatibility)', () => {
    const result = decode(Call, { state: 'parked', meetingInfo: { '@odata.type': '#microsoft.graph.futureMeetingInfo', x: 1 } });
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => `${w.code} ${w.path} ${w.received}`)).toEqual([
      'unknown-union-member meetingInfo "#microsoft.graph.futureMeetingInfo"',
      'unknown-enum-value state "parked"',
    ]);
  });

  it('warns about read-only properties in a request and wrong @odata.type at a position', () => {
    const result = decode(CallRequest, {
      callbackUri: 'https://x',
      mediaConfig: {},
      state: 'established',
      targets: [{ '@odata.type': '#microsoft.graph.participantInfo', ...user('112f7296-5fa4-42ca-bae8-6a692b15d4b8') }],
    });
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => `${w.code} ${w.path}`)).toEqual([
      'unexpected-odata-type targets[0]["@odata.type"]',
      'read-only-in-request state',
    ]);
  });

  it('accepts null wherever Graph allows it, and rejects it where Graph does not', () => {
    expect(decode(Call, { chatInfo: null, state: null, targets: null, source: null }).ok).toBe(true);
    expect(decode(Call, { callbackUri: null }).errors.map((e) => e.path)).toEqual(['callbackUri']);
  });

  it('keeps unknown properties on decode and encode', () => {
    const input = {
      state: 'established',
      futureProperty: { nested: [1, 2] },
      source: { identity: { user: { id: '112f7296-5fa4-42ca-bae8-6a692b15d4b8' }, newKind: { id: 'x' } } },
    };
    const result = decode(Call, input);
    expect(result.ok && result.value).toBe(input);
    expect(Call.encode(input as Call)).toEqual(input);
  });

  it('bounds the error report: one bad field in each of 500 participants', () => {
    const result = decode(
      CommsNotifications,
      roster(500, (p) => ({ ...p, isMuted: 'yes' })),
    );
    expect(result.ok).toBe(false);
    expect(result.errorCount).toBe(500);
    expect(result.errors).toHaveLength(20);
    expect(result.errors[0]?.path).toBe('value[0].resourceData[0].isMuted');
    expect(JSON.stringify(result).length).toBeLessThan(10_000);
  });

  it('formats a huge failing roster in linear time: 50k nullable fields of the wrong type', () => {
    const result = decode(
      CommsNotifications,
      roster(50_000, (p) => ({ ...p, mediaStreams: 5 })),
    );
    expect(result.errorCount).toBe(50_000);
    expect(result.errors[0]?.message).toBe('value[0].resourceData[0].mediaStreams: expected Array<mediaStream> | null, found 5');
  });

  it('previews a huge or deeply nested value within the budget', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 1_000_000; i += 1) deep = [deep];
    const huge = Array.from({ length: 200_000 }, (_, i) => ({ i }));
    for (const value of [deep, huge]) {
      const result = decode(Call, { source: value });
      expect(result.errors[0]?.path).toBe('source');
      expect(result.errors[0]?.received.length).toBeLessThanOrEqual(80);
    }
    // Below the schema, depth is never traversed: kept as it is.
    const kept = decode(Call, { state: 'established', extension: deep });
    expect(kept.ok && kept.value).toMatchObject({ extension: deep });
  });

  it('truncates what arrived to 80 characters', () => {
    const result = decode(Participant, { id: 'x'.repeat(10_000) as unknown as number, isMuted: 'y'.repeat(10_000) });
    expect(result.errors[0]?.received.length).toBeLessThanOrEqual(80);
  });

  it('never throws on hostile input: huge arrays, deep nesting, __proto__, wrong types', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i += 1) deep = [deep];
    const inputs: unknown[] = [
      undefined,
      null,
      0,
      'x',
      [],
      deep,
      { targets: deep },
      { extra: deep },
      JSON.parse('{"__proto__": {"polluted": true}, "state": "established"}'),
      { value: Array.from({ length: 50_000 }, () => null) },
      roster(1).value,
      Object.create(null),
    ];
    for (const input of inputs) {
      for (const codec of [Call, CallRequest, CommsNotifications, Participant]) {
        expect(() => decode(codec, input)).not.toThrow();
      }
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(decode(CommsNotifications, { value: Array.from({ length: 50_000 }, () => null) }).errorCount).toBe(50_000);
  });

  it('decodes JSON text and reports a syntax error as an issue at $', () => {
    expect(decodeJson(Call, '{"state": "established"}').ok).toBe(true);
    expect(decodeJson(Call, '{"state": ').errors[0]).toMatchObject({ code: 'invalid-json', path: '$' });
  });

  it('parseCall throws a typed DecodeError carrying the same issues', () => {
    expect(parseCall('{"id": "1", "state": "established"}')).toEqual({ id: '1', state: 'established' });
    try {
      parseCall({ id: 1 });
      throw new Error('expected a DecodeError');
    } catch (error) {
      expect(error).toBeInstanceOf(DecodeError);
      expect((error as DecodeError).errors.map((e) => e.path)).toEqual(['id']);
      expect((error as DecodeError).message).toBe('invalid call: id: expected string, found 1');
    }
  });
});
