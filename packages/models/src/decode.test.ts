import * as t from 'io-ts';
import {
  Call,
  CallDirection,
  CallRequest,
  CommsNotifications,
  DecodeError,
  decode,
  decodeJson,
  MediaStream,
  parseCall,
  Participant,
  type DecodeResult,
} from './index';
import { graphObject } from './codec/graphObject';
import { CallState } from './CallState';

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
    const input = roster(500, (p) => ({ ...p, isMuted: 'yes' }));
    const result = decode(CommsNotifications, input);
    expect(result.ok).toBe(false);
    // It stops looking once more than 20 are known: "at least 21".
    expect(result).toMatchObject({ errorCount: 21, errorCountExact: false });
    expect(result.errors).toHaveLength(20);
    expect(result.errors[0]?.path).toBe('value[0].resourceData[0].isMuted');
    expect(result.errors[19]?.message).toBe('value[0].resourceData[19].isMuted: expected boolean, found "yes"');
    expect(JSON.stringify(result).length).toBeLessThan(10_000);
    // The first 20 are the ones io-ts reports, which counts all 500; a higher cap counts them all too.
    const reference = decode(CommsNotifications, input, { fastPath: false });
    expect(reference).toMatchObject({ errors: result.errors, errorCount: 500, errorCountExact: true });
    expect(decode(CommsNotifications, input, { maxErrors: 500 })).toMatchObject({ errorCount: 500, errorCountExact: true });
  });

  it('stops reading a huge invalid array once the cap is passed', () => {
    let reads = 0;
    const item = () => ({
      get isMuted() {
        reads += 1;
        return 'yes';
      },
    });
    const result = decode(CommsNotifications, {
      value: [{ changeType: 'updated', resourceUrl: '/x', resourceData: Array.from({ length: 100_000 }, item) }],
    });
    expect(result).toMatchObject({ ok: false, errorCount: 21, errorCountExact: false });
    expect(result.errors[20 - 1]?.path).toBe('value[0].resourceData[19].isMuted');
    expect(reads).toBeLessThan(100);
    expect(new DecodeError('roster', result.errors, [], result.errorCount, result.errorCountExact).message).toContain(
      '(and at least 18 more)',
    );
  });

  it('formats a huge failing roster in linear time: 50k nullable fields of the wrong type', () => {
    const input = roster(50_000, (p) => ({ ...p, mediaStreams: 5 }));
    const first = 'value[0].resourceData[0].mediaStreams: expected Array<mediaStream> | null, found 5';
    expect(decode(CommsNotifications, input)).toMatchObject({
      errorCount: 21,
      errorCountExact: false,
      errors: expect.arrayContaining([expect.objectContaining({ message: first })]),
    });
    // io-ts alone collects every error before formatting; 5k keep this test quick.
    const reference = decode(
      CommsNotifications,
      roster(5_000, (p) => ({ ...p, mediaStreams: 5 })),
      { fastPath: false },
    );
    expect(reference.errorCount).toBe(5_000);
    expect(reference.errors[0]?.message).toBe(first);
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
    const nulls = { value: Array.from({ length: 50_000 }, () => null) };
    expect(decode(CommsNotifications, nulls, { fastPath: false }).errorCount).toBe(50_000);
    expect(decode(CommsNotifications, nulls)).toMatchObject({ errorCount: 21, errorCountExact: false });
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

  it('decodes one warning and many warnings in one pass, as io-ts reports them', () => {
    const one = roster(500, (p, i) => (i === 250 ? { ...p, mediaStreams: [{ ...p.mediaStreams[0], direction: 'sendOnlyLater' }] } : p));
    const all = roster(500, (p) => ({ ...p, info: { ...p.info, endpointType: 'holographic' } }));
    for (const [input, count] of [
      [one, 1],
      [all, 500],
    ] as const) {
      const result = decode(CommsNotifications, input);
      expect(result).toMatchObject({ ok: true, warningCount: count });
      expect(result.ok && result.value).toBe(input);
      const reference = decode(CommsNotifications, input, { fastPath: false });
      expect(result.warnings).toEqual(reference.warnings);
    }
    expect(decode(CommsNotifications, one).warnings.map((w) => w.message)).toEqual([
      'value[0].resourceData[250].mediaStreams[0].direction: expected mediaDirection (inactive | sendOnly | receiveOnly | sendReceive), found "sendOnlyLater"',
    ]);
    expect(decode(CommsNotifications, all).warnings).toHaveLength(50);
  });

  it('lets io-ts decode codecs the fast path does not know, with the same answers', () => {
    const Tagged = graphObject(
      'tagged',
      ['tagged'],
      { tags: t.record(t.string, t.number) },
      { state: CallState, either: t.union([t.string, t.number]) },
    );
    expect(decode(Tagged, { tags: { a: 1 }, state: 'parked', either: 2 })).toMatchObject({
      ok: true,
      warnings: [{ code: 'unknown-enum-value', path: 'state' }],
    });
    const bad = { tags: { a: 'x' }, either: true };
    expect(decode(Tagged, bad)).toEqual(decode(Tagged, bad, { fastPath: false }));
    expect(decode(Tagged, bad).errors.map((e) => e.message)).toEqual([
      'tags.a: expected number, found "x"',
      'either: expected string, found true',
      'either: expected number, found true',
    ]);
    // A codec that transforms its input is decoded by io-ts, which returns the transformed value.
    const Upper = new t.Type<string, string, unknown>(
      'upper',
      (u): u is string => typeof u === 'string',
      (u, c) => (typeof u === 'string' ? t.success(u.toUpperCase()) : t.failure(u, c)),
      t.identity,
    );
    const Named = graphObject('named', ['named'], { name: Upper }, {});
    expect(decode(Named, { name: 'ada' })).toMatchObject({ ok: true, value: { name: 'ADA' } });
    expect(decode(Named, { name: 'bob' })).toMatchObject({ ok: true, value: { name: 'BOB' } });
  });

  it('lets an exception inside a codec surface: it is a bug, not a data error', () => {
    const Broken = graphObject(
      'broken',
      ['broken'],
      {
        id: new t.Type<string, string, unknown>(
          'broken id',
          (u): u is string => typeof u === 'string',
          () => {
            throw new RangeError('codec bug');
          },
          t.identity,
        ),
      },
      {},
    );
    expect(() => decode(Broken, { id: 'x' })).toThrow('codec bug');
  });

  it('hands each decode its own warnings, also a decode started inside another', () => {
    const first = decode(Call, { state: 'parked', direction: 'sideways' });
    const second = decode(Call, { state: 'parked' });
    const clean = decode(Call, { state: 'established' });
    expect(first.warnings.map((w) => w.path).sort()).toEqual(['direction', 'state']);
    expect(second.warnings.map((w) => w.path)).toEqual(['state']);
    expect(clean.warnings).toEqual([]);
    expect(first.warnings).not.toBe(second.warnings);
    // A codec whose check decodes part of the value with another codec.
    const inner: Array<DecodeResult<Participant>> = [];
    const Nested = new t.Type<unknown, unknown, unknown>(
      'nested participant',
      (_u): _u is unknown => true,
      (u) => {
        inner.push(decode(Participant, u));
        return t.success(u);
      },
      t.identity,
    );
    const Outer = graphObject('outer', ['outer'], {}, { state: CallState, participant: Nested, direction: CallDirection });
    const outer = decode(Outer, { state: 'parked', participant: { mediaStreams: [{ direction: 'sideways' }] }, direction: 'sideways' });
    expect(outer).toMatchObject({ ok: true, warningCount: 2 });
    expect(outer.warnings.map((w) => w.path)).toEqual(['state', 'direction']);
    expect(inner.map((r) => r.warnings.map((w) => w.path))).toEqual([['mediaStreams[0].direction']]);
  });

  it('words each warning for its own place and value, however alike the one before it', () => {
    const long = `x${'y'.repeat(120)}`;
    const inputs: Array<[t.Mixed, unknown]> = [
      [Call, { state: 'parked' }],
      [Call, { state: 'parked' }],
      [Call, { state: 'held' }],
      [Call, { direction: 'held' }],
      [MediaStream, { direction: 'held' }],
      [Call, { direction: 'held' }],
      [Call, { state: long }],
      [Call, { state: long }],
      [Call, { state: `${long}z` }],
      [CommsNotifications, roster(3, (p, i) => ({ ...p, mediaStreams: [{ direction: i === 1 ? 'held' : 'parked' }] }))],
      [CommsNotifications, roster(3, (p) => ({ ...p, mediaStreams: [{ direction: 'held' }] }))],
      [Participant, { mediaStreams: [{ direction: 'held' }] }],
    ];
    for (const [codec, input] of inputs) {
      const result = decode(codec, input);
      expect(result.warningCount).toBeGreaterThan(0);
      expect(result.warnings).toEqual(decode(codec, input, { fastPath: false }).warnings);
    }
  });
});
