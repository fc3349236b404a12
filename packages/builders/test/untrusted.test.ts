import fc from 'fast-check';
import { CallRequest, decode } from '@graph-calling/models';
import {
  appHosted,
  BuilderError,
  groupCall,
  guest,
  joinMeeting,
  joinMeetingById,
  peerToPeerCall,
  phone,
  serviceHosted,
  user,
  type IdentityRef,
} from '@graph-calling/builders';

const callbackUri = 'https://bot.contoso.com/callback';
const JOHN = '112f7296-5fa4-42ca-bae8-6a692b15d4b8';
const chatInfo = { threadId: '19:meeting_Win6Ydo4wsMijFjZS00ZGVjLTk5MGUtOTRjNWY2NmNkYTFm@thread.v2', messageId: '0' };

/** The BuilderError `build` throws, as `code field`, or `no error`. */
function refusal(build: () => unknown): string {
  try {
    build();
    return 'no error';
  } catch (error) {
    if (!(error instanceof BuilderError)) throw error;
    return `${error.code} ${error.field}`;
  }
}

/** Hand-made objects, passed where the helpers' results belong, as an untyped (JavaScript) caller does. */
const handMade = {
  identity: (value: unknown): never => value as never,
  media: (value: unknown): never => value as never,
};

describe('hand-made identities and media are held to the helpers’ rules', () => {
  it('refuses app-hosted media whose blob is not text, as appHosted() would', () => {
    const build = () => peerToPeerCall({ callbackUri, to: user(JOHN), media: handMade.media({ kind: 'appHosted', blob: 42 }) });
    expect(refusal(build)).toBe('invalid-value media.blob');
    expect(build).toThrow('media.blob: expected a string, found 42');
    expect(refusal(() => peerToPeerCall({ callbackUri, to: user(JOHN), media: handMade.media({ kind: 'appHosted' }) }))).toBe(
      'missing-blob media.blob',
    );
  });

  it('refuses a user identity whose id is not a GUID, naming the option', () => {
    const build = () => peerToPeerCall({ callbackUri, to: handMade.identity({ kind: 'user', id: 'nope' }), media: serviceHosted() });
    expect(refusal(build)).toBe('invalid-guid to.id');
    expect(
      refusal(() =>
        groupCall({ callbackUri, targets: [user(JOHN), handMade.identity({ kind: 'phone', id: '0425 555' })], media: serviceHosted() }),
      ),
    ).toBe('invalid-phone-number targets[1].id');
    expect(
      refusal(() =>
        joinMeeting({
          callbackUri,
          chatInfo,
          organizer: user(JOHN),
          source: handMade.identity({ kind: 'guest', id: 'g1' }),
          media: serviceHosted(),
        }),
      ),
    ).toBe('missing-display-name source.displayName');
  });

  it('refuses properties the kind does not have, rather than dropping them', () => {
    expect(
      refusal(() =>
        peerToPeerCall({ callbackUri, to: handMade.identity({ kind: 'user', id: JOHN, email: 'j@contoso.com' }), media: serviceHosted() }),
      ),
    ).toBe('invalid-value to.email');
    expect(
      refusal(() => peerToPeerCall({ callbackUri, to: user(JOHN), media: handMade.media({ kind: 'serviceHosted', blob: 'b' }) })),
    ).toBe('invalid-value media.blob');
    expect(
      refusal(() => peerToPeerCall({ callbackUri, to: user(JOHN), media: handMade.media({ kind: 'appHosted', blob: 'b', preFetch: [] }) })),
    ).toBe('invalid-value media.preFetch');
  });

  it('builds exactly what the helpers build from a well-formed hand-made object (an object blob is serialised the same way)', () => {
    const fromHelpers = peerToPeerCall({ callbackUri, to: user(JOHN, 'John'), media: appHosted({ blob: { mpUri: 'net.tcp://x' } }) });
    const fromHand = peerToPeerCall({
      callbackUri,
      to: handMade.identity({ kind: 'user', id: JOHN, displayName: 'John' }),
      media: handMade.media({ kind: 'appHosted', blob: { mpUri: 'net.tcp://x' } }),
    });
    expect(fromHand).toEqual(fromHelpers);
    expect(Object.isFrozen(fromHand)).toBe(true);
  });

  it('property: whatever object arrives as `to` and `media`, the builder refuses it or returns a request that decodes without warnings', () => {
    const kinds = fc.constantFrom(
      'user',
      'application',
      'applicationInstance',
      'phone',
      'guest',
      'legacyGuestUser',
      'serviceHosted',
      'appHosted',
    );
    const value = fc.oneof(
      fc.constant(JOHN),
      fc.constant('+14255550123'),
      fc.string(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.object({ maxDepth: 1 }),
      fc.array(fc.record({ uri: fc.constantFrom('https://cdn.contoso.com/a.wav', 'x'), resourceId: fc.string() }), { maxLength: 2 }),
    );
    const shaped = fc.dictionary(
      fc.constantFrom('id', 'displayName', 'tenantId', 'blob', 'preFetch', 'removeFromDefaultAudioGroup', 'extra'),
      value,
    );
    const thing = fc.tuple(kinds, shaped).map(([kind, rest]) => ({ ...rest, kind }));
    fc.assert(
      fc.property(thing, thing, (to, media) => {
        let built: CallRequest;
        try {
          built = peerToPeerCall({ callbackUri, to: handMade.identity(to), media: handMade.media(media) });
        } catch (error) {
          if (error instanceof BuilderError) return;
          throw error;
        }
        const result = decode(CallRequest, built);
        expect(result.errors).toEqual([]);
        expect(result.warnings).toEqual([]);
      }),
      { numRuns: 400, seed: 20 },
    );
  });
});

describe('text that cannot be sent', () => {
  const NUL = 'Stand\u0000up';
  const LONE_HIGH = 'Stand\uD83Dup';
  const LONE_LOW = '\uDE00Standup';

  it.each([
    [
      'subject',
      () => groupCall({ callbackUri, subject: NUL, targets: [user(JOHN)], media: serviceHosted() }),
      'subject',
      'a NUL character at index 5',
    ],
    [
      'subject (lone high surrogate)',
      () => groupCall({ callbackUri, subject: LONE_HIGH, targets: [user(JOHN)], media: serviceHosted() }),
      'subject',
      'a lone surrogate \\uD83D at index 5',
    ],
    [
      'passcode',
      () => joinMeetingById({ callbackUri, meetingId: '234567890123', passcode: LONE_LOW, media: serviceHosted() }),
      'passcode',
      'a lone surrogate \\uDE00 at index 0',
    ],
    ['user display name', () => user(JOHN, NUL), 'user.displayName', 'a NUL character at index 5'],
    ['guest display name', () => guest('g1', LONE_HIGH), 'guest.displayName', 'a lone surrogate \\uD83D at index 5'],
    ['phone display name', () => phone('+14255550123', LONE_LOW), 'phone.displayName', 'a lone surrogate \\uDE00 at index 0'],
    [
      'hand-made display name',
      () => peerToPeerCall({ callbackUri, to: handMade.identity({ kind: 'user', id: JOHN, displayName: NUL }), media: serviceHosted() }),
      'to.displayName',
      'a NUL character at index 5',
    ],
  ])('refuses %s as invalid-text naming the field', (_what, build, field, found) => {
    expect(refusal(build)).toBe(`invalid-text ${field}`);
    expect(build).toThrow(`${field}: expected text without NUL characters or unpaired UTF-16 surrogates, found ${found}`);
  });

  it('accepts well-formed text outside the BMP (surrogate pairs) and refuses names over the 256-character cap', () => {
    expect(user(JOHN, 'Team 🎉').displayName).toBe('Team 🎉');
    expect(refusal(() => user(JOHN, 'x'.repeat(257)))).toBe('too-long user.displayName');
    expect(refusal(() => guest('g1', 'x'.repeat(257)))).toBe('too-long guest.displayName');
  });
});

describe('group-call targets', () => {
  const phones = Array.from({ length: 1000 }, (_, i) => phone(`+1425555${String(i).padStart(4, '0')}`));

  it('refuses 1,000 PSTN targets: phone numbers count against the documented 5', () => {
    const build = () => groupCall({ callbackUri, targets: phones, media: serviceHosted() });
    expect(refusal(build)).toBe('too-many-targets targets');
    expect(build).toThrow('targets: expected at most 5 targets (VoIP users, applications and phone numbers together), found 1000');
  });

  it('accepts a phone number among at most 5 targets, as the 2019 beta page shows', () => {
    const request = groupCall({ callbackUri, targets: [user(JOHN), phones[0] as IdentityRef<'phone'>], media: serviceHosted() });
    expect(request.targets?.map((t) => Object.keys(t.identity ?? {}).filter((k) => k !== '@odata.type'))).toEqual([['user'], ['phone']]);
  });
});
