import fc from 'fast-check';
import { CallRequest, decode } from '@graph-calling/models';
import {
  appHosted,
  application,
  applicationInstance,
  BuilderError,
  builderCallFor,
  checkPermissions,
  groupCall,
  guest,
  joinMeeting,
  joinMeetingById,
  joinMeetingWithToken,
  peerToPeerCall,
  phone,
  pstnCall,
  requiredPermissions,
  serviceHosted,
  user,
} from './index';

const USER = '112f7296-5fa4-42ca-bae8-6a692b15d4b8';
const APP = '2891555a-92ff-42e6-80fa-6e1300c6b5c6';
const TENANT = 'aa67bd4c-8475-432d-bd41-39f255720e0a';
const callbackUri = 'https://bot.contoso.com/callback';
const thread = { threadId: '19:meeting_Win6Ydo4wsMijFjZS00ZGVjLTk5MGUtOTRjNWY2NmNkYTFm@thread.v2', messageId: '0' };

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof BuilderError) return `${error.code} ${error.field}`;
    throw error;
  }
  return 'no error';
}

describe('validation', () => {
  it('requires https callbacks, allowing http only on loopback', () => {
    const p2p = (uri: string) => () => peerToPeerCall({ callbackUri: uri, to: user(USER), media: serviceHosted() });
    expect(codeOf(p2p('http://bot.contoso.com/callback'))).toBe('invalid-callback-uri callbackUri');
    expect(codeOf(p2p('ftp://bot.contoso.com/cb'))).toBe('invalid-callback-uri callbackUri');
    expect(codeOf(p2p('/callback'))).toBe('invalid-callback-uri callbackUri');
    expect(codeOf(p2p('http://127.0.0.1:3978/callback'))).toBe('no error');
    expect(codeOf(p2p('http://localhost:3978/callback'))).toBe('no error');
    expect(codeOf(p2p('http://[::1]:3978/callback'))).toBe('no error');
  });

  it('explains what was expected, where, and what arrived', () => {
    expect(() => phone('425 555 0123')).toThrow(
      'phone.id: expected an E.164 number (+ then country code and number, no spaces), found "425 555 0123" (for example +14255550123)',
    );
  });

  it('checks GUIDs, E.164 numbers, display names and modalities', () => {
    expect(codeOf(() => user('not-a-guid'))).toBe('invalid-guid user.id');
    expect(codeOf(() => user(USER, { tenantId: 'tenantId-value' }))).toBe('invalid-guid user.tenantId');
    expect(codeOf(() => application('x'))).toBe('invalid-guid application.id');
    expect(codeOf(() => phone('+0123'))).toBe('invalid-phone-number phone.id');
    expect(codeOf(() => guest('g1', undefined as never))).toBe('missing-display-name guest.displayName');
    expect(
      codeOf(() => peerToPeerCall({ callbackUri, to: user(USER), media: serviceHosted(), modalities: ['audio', 'smell' as never] })),
    ).toBe('unknown-modality modalities[1]');
    expect(codeOf(() => peerToPeerCall({ callbackUri, to: user(USER), media: serviceHosted(), modalities: [] }))).toBe(
      'invalid-value modalities',
    );
  });

  it('refuses undefined, empty, wrong-typed and over-long values from untyped callers, naming the field', () => {
    expect(codeOf(() => user(undefined as never))).toBe('invalid-value user.id');
    expect(codeOf(() => user(''))).toBe('empty-value user.id');
    expect(codeOf(() => user(42 as never))).toBe('invalid-value user.id');
    expect(codeOf(() => user(USER, 'x'.repeat(300)))).toBe('too-long user.displayName');
    expect(codeOf(() => peerToPeerCall(undefined as never))).toBe('invalid-value options');
    expect(codeOf(() => peerToPeerCall({ callbackUri, to: { id: USER } as never, media: serviceHosted() }))).toBe('invalid-value to');
    expect(codeOf(() => peerToPeerCall({ callbackUri, to: phone('+14255550123') as never, media: serviceHosted() }))).toBe(
      'invalid-value to',
    );
    expect(codeOf(() => peerToPeerCall({ callbackUri, to: user(USER), media: 'service' as never }))).toBe('invalid-value media');
    expect(codeOf(() => peerToPeerCall({ callbackUri, to: user(USER), media: serviceHosted(), subject: 'x'.repeat(2000) }))).toBe(
      'too-long subject',
    );
    expect(codeOf(() => appHosted({ blob: '' }))).toBe('empty-value media.blob');
    expect(codeOf(() => serviceHosted({ preFetch: [{ uri: 'file:///etc/passwd', resourceId: 'r' }] }))).toBe(
      'invalid-value media.preFetch[0].uri',
    );
    expect(
      codeOf(() => peerToPeerCall({ callbackUri, to: user(USER), media: serviceHosted(), callOptions: { isDeltaRoster: true } as never })),
    ).toBe('invalid-value callOptions.isDeltaRoster');
  });

  it('needs targets for a group call, at most 5 VoIP ones, and no targets for a meeting join', () => {
    const users = Array.from({ length: 6 }, (_, i) => user(`112f7296-5fa4-42ca-bae8-6a692b15d4b${i}`));
    expect(codeOf(() => groupCall({ callbackUri, targets: [], media: serviceHosted() }))).toBe('missing-targets targets');
    expect(codeOf(() => groupCall({ callbackUri, targets: users, media: serviceHosted() }))).toBe('too-many-targets targets');
    expect(codeOf(() => groupCall({ callbackUri, targets: [...users.slice(0, 4), phone('+14255550123')], media: serviceHosted() }))).toBe(
      'no error',
    );
    // Phone numbers have no documented allowance of their own: they count against the 5.
    expect(codeOf(() => groupCall({ callbackUri, targets: [...users.slice(0, 5), phone('+14255550123')], media: serviceHosted() }))).toBe(
      'too-many-targets targets',
    );
    // Invalid combinations fail to compile (tsc runs over this file), and at run time for untyped callers.
    // @ts-expect-error a PSTN call comes from an application instance
    expect(codeOf(() => pstnCall({ callbackUri, from: application(APP), to: phone('+14255550123'), media: serviceHosted() }))).toBe(
      'invalid-value from',
    );
    // @ts-expect-error peer-to-peer VoIP does not dial phone numbers
    expect(codeOf(() => peerToPeerCall({ callbackUri, to: phone('+14255550123'), media: serviceHosted() }))).toBe('invalid-value to');
    expect(
      codeOf(() =>
        // @ts-expect-error a meeting join takes no targets
        joinMeeting({ callbackUri, chatInfo: thread, organizer: user(USER), media: serviceHosted(), targets: [user(USER)] }),
      ),
    ).toBe('invalid-value targets');
    // @ts-expect-error a typo is an unknown option, not a silently missing callback
    expect(codeOf(() => peerToPeerCall({ callbackUrl: callbackUri, callbackUri, to: user(USER), media: serviceHosted() }))).toBe(
      'invalid-value callbackUrl',
    );
  });

  it('serialises an object blob and accepts a string blob', () => {
    expect(appHosted({ blob: { mpUri: 'net.tcp://x', callId: 'c' } }).blob).toBe('{"mpUri":"net.tcp://x","callId":"c"}');
    expect(appHosted({ blob: '{"a":1}' }).blob).toBe('{"a":1}');
  });
});

describe('immutability', () => {
  it('never mutates its inputs and freezes what it returns', () => {
    const preFetch = [{ uri: 'https://cdn.contoso.com/beep.wav', resourceId: 'r1' }];
    const options = {
      callbackUri,
      to: user(USER, 'John'),
      media: serviceHosted({ preFetch }),
      modalities: ['audio', 'video'] as const,
      callOptions: { isDeltaRosterEnabled: true },
    };
    const before = JSON.stringify(options);
    const request = peerToPeerCall({ ...options, modalities: [...options.modalities] });
    expect(JSON.stringify(options)).toBe(before);
    expect(Object.isFrozen(request)).toBe(true);
    expect(Object.isFrozen(request.targets?.[0]?.identity)).toBe(true);
    preFetch[0]!.uri = 'https://changed';
    expect((request.mediaConfig as { preFetchMedia: Array<{ uri: string }> }).preFetchMedia[0]?.uri).toBe(
      'https://cdn.contoso.com/beep.wav',
    );
  });
});

describe('permissions', () => {
  const p2p = peerToPeerCall({ callbackUri, to: user(USER), media: serviceHosted() });
  const p2pMedia = peerToPeerCall({ callbackUri, to: user(USER), media: appHosted({ blob: 'b' }) });
  const group = groupCall({ callbackUri, targets: [user(USER), application(APP)], media: serviceHosted() });
  const join = joinMeeting({ callbackUri, chatInfo: thread, organizer: user(USER), media: serviceHosted() });
  const asGuest = joinMeeting({
    callbackUri,
    chatInfo: thread,
    organizer: user(USER),
    media: serviceHosted(),
    source: guest('g', 'Guest'),
  });
  const pstn = pstnCall({ callbackUri, from: applicationInstance(APP), to: phone('+14255550123'), media: serviceHosted() });
  const byId = joinMeetingById({ callbackUri, meetingId: '234 567 890', passcode: 'x', media: serviceHosted() });

  it.each([
    ['peer-to-peer', p2p, 'peerToPeer', ['Calls.Initiate.All'], []],
    ['peer-to-peer with app-hosted media', p2pMedia, 'peerToPeer', ['Calls.Initiate.All'], ['Calls.AccessMedia.All']],
    ['group call', group, 'groupCall', ['Calls.InitiateGroupCall.All'], []],
    ['meeting join', join, 'joinMeeting', ['Calls.JoinGroupCall.All'], []],
    ['guest join', asGuest, 'joinMeetingAsGuest', ['Calls.JoinGroupCallAsGuest.All'], []],
    ['PSTN call', pstn, 'pstn', ['Calls.Initiate.All'], []],
    ['join by meeting id', byId, 'joinMeetingById', ['Calls.JoinGroupCall.All', 'Calls.JoinGroupCallAsGuest.All'], []],
  ])('%s', (_name, request, scenario, anyOf, allOf) => {
    expect(requiredPermissions(request)).toEqual({ scenario, anyOf, allOf });
  });

  it('explains what a token lacks', () => {
    const check = checkPermissions(p2pMedia, ['Calls.JoinGroupCall.All']);
    expect(check).toMatchObject({ ok: false, missingAnyOf: ['Calls.Initiate.All'], missingAllOf: ['Calls.AccessMedia.All'] });
    expect(check.message).toBe(
      'a peerToPeer request needs Calls.Initiate.All and Calls.AccessMedia.All: add them as application permissions of the app registration and grant admin consent (the token has Calls.JoinGroupCall.All)',
    );
    expect(checkPermissions(p2pMedia, ['calls.initiate.all', 'Calls.AccessMedia.All']).ok).toBe(true);
    expect(checkPermissions(join, []).message).toContain('(the token has no roles)');
  });
});

describe('properties', () => {
  const guid = fc.uuid();
  const name = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== '');
  const media = fc.oneof(
    fc.constant(serviceHosted()),
    fc
      .record({ uri: fc.webUrl({ validSchemes: ['https'] }), resourceId: name })
      .map((p) => serviceHosted({ preFetch: [p], removeFromDefaultAudioGroup: false })),
    name.map((blob) => appHosted({ blob })),
  );
  const common = fc.record(
    {
      callbackUri: fc.constant(callbackUri),
      media,
      subject: name,
      tenantId: guid,
      modalities: fc.subarray(['audio', 'video', 'videoBasedScreenSharing', 'data'] as const, { minLength: 1 }),
      callOptions: fc.record({ isDeltaRosterEnabled: fc.boolean(), hideBotAfterEscalation: fc.boolean() }, { requiredKeys: [] }),
      annotate: fc.constantFrom('all' as const, 'polymorphic' as const),
    },
    { requiredKeys: ['callbackUri', 'media'] },
  );
  const request = fc.oneof(
    fc.tuple(common, guid, fc.option(name, { nil: undefined })).map(([c, id, n]) => peerToPeerCall({ ...c, to: user(id, n) })),
    fc
      .tuple(common, fc.array(guid, { minLength: 1, maxLength: 5 }))
      .map(([c, ids]) => groupCall({ ...c, targets: ids.map((id) => user(id)), source: application(APP) })),
    fc.tuple(common, guid, fc.boolean(), fc.option(name, { nil: undefined })).map(([c, id, allow, g]) =>
      joinMeeting({
        ...c,
        chatInfo: thread,
        organizer: user(id, { tenantId: TENANT }),
        allowConversationWithoutHost: allow,
        ...(g ? { source: guest(id, g) } : {}),
      }),
    ),
    fc
      .tuple(common, fc.stringMatching(/^\+[1-9]\d{6,12}$/))
      .map(([c, n]) => pstnCall({ ...c, from: applicationInstance(APP), to: phone(n) })),
    fc
      .tuple(common, fc.stringMatching(/^\d{6,15}$/), fc.option(name, { nil: undefined }))
      .map(([c, id, p]) => joinMeetingById({ ...c, meetingId: id, ...(p ? { passcode: p } : {}) })),
    fc.tuple(common, name).map(([c, token]) => joinMeetingWithToken({ ...c, token })),
  );

  it('every request a builder makes decodes with no warnings, and its snippet rebuilds it exactly', () => {
    fc.assert(
      fc.property(request, (r) => {
        const decoded = decode(CallRequest, r);
        expect(decoded.errors).toEqual([]);
        expect(decoded.warnings).toEqual([]);
        expect(builderCallFor(r).build()).toEqual(r);
      }),
      { numRuns: 300 },
    );
  });
});
