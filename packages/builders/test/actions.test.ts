import {
  ACTION_BUILDERS,
  actionCallFor,
  buildActionBody,
  actionPermissions,
  addLargeGalleryView,
  answer,
  appHosted,
  builderCallFor,
  BuilderError,
  cancelMediaProcessing,
  changeScreenSharingRole,
  diffJson,
  inviteParticipants,
  missingActionPermissions,
  mute,
  muteAllParticipants,
  muteParticipant,
  phone,
  playPrompt,
  recordResponse,
  redirect,
  reject,
  requiredPermissions,
  sendDtmfTones,
  serviceHosted,
  startHoldMusic,
  stopHoldMusic,
  subscribeToTone,
  transfer,
  unmute,
  updateRecordingStatus,
  user,
  applicationInstance,
  peerToPeerCall,
  type ActionBuilderOptions,
  type BuiltCallActionName,
} from '@graph-calling/builders';
import fc from 'fast-check';
import { CALL_ACTIONS, callAction, decode, matchCallAction } from '@graph-calling/models';
import { ACTION_EXAMPLES } from '@graph-calling/test-support/actionExamples';

const CONTEXT = 'd45324c1-fcb5-430a-902c-f20af696537c';
const CALLBACK = 'https://bot.contoso.com/api/calls';
const BEEP = { uri: 'https://cdn.contoso.com/beep.wav', resourceId: '1D6DE2D4-CD51-4309-8DAA-70768651088E' };
const HEIDI = '550fae72-d251-43ec-868c-373732c2704f';

/** The builder call that reproduces each documented body, and the documented differences left (annotation style). */
const RECIPES: Record<string, { build: () => unknown; differences?: string[] }> = {
  'call-answer': {
    build: () =>
      answer({
        callbackUri: CALLBACK,
        media: appHosted({ blob: '<Media Session Configuration Blob>' }),
        callOptions: { isContentSharingNotificationEnabled: true },
        participantCapacity: 200,
      }),
  },
  'call-answer-service-hosted-media': {
    build: () =>
      answer({
        callbackUri: CALLBACK,
        media: serviceHosted({
          preFetch: [
            { uri: 'https://cdn.contoso.com/beep.wav', resourceId: '1D6DE2D4-CD51-4309-8DAA-70768651088E' },
            { uri: 'https://cdn.contoso.com/cool.wav', resourceId: '1D6DE2D4-CD51-4309-8DAA-70768651088F' },
          ],
        }),
      }),
  },
  'call-reject': { build: () => reject({ reason: 'busy' }) },
  'call-reject-none': { build: () => reject({ reason: 'none' }) },
  'call-redirect': { build: () => redirect({ targets: [phone('+12345678901')], callbackUri: CALLBACK }) },
  'call-redirect-user': {
    build: () =>
      redirect({ targets: [user(HEIDI, 'test bot')], targetDisposition: 'simultaneousRing', timeout: 60, callbackUri: CALLBACK }),
  },
  'call-transfer': { build: () => transfer({ to: user(HEIDI, 'Heidi Steen'), endpointType: 'default', annotate: 'polymorphic' }) },
  'call-transfer-pstn': {
    build: () =>
      transfer({
        to: phone('+12345678901'),
        endpointType: 'default',
        clientContext: '9e90d1c1-f61e-43e7-9f75-d420159aae08',
        annotate: 'polymorphic',
      }),
  },
  'call-playPrompt': { build: () => playPrompt({ clientContext: CONTEXT, prompts: [BEEP] }) },
  'call-recordResponse': {
    build: () =>
      recordResponse({
        bargeInAllowed: true,
        clientContext: CONTEXT,
        prompt: BEEP,
        maxRecordDurationInSeconds: 10,
        initialSilenceTimeoutInSeconds: 5,
        maxSilenceTimeoutInSeconds: 2,
        playBeep: true,
        stopTones: ['#', '1', '*'],
      }),
    // The page annotates the prompt but not its mediaInfo; the builders annotate both (or neither).
    differences: ['prompts[0].mediaInfo["@odata.type"]: only after ("#microsoft.graph.mediaInfo")'],
  },
  'call-subscribeToTone': { build: () => subscribeToTone({ clientContext: CONTEXT }) },
  'call-sendDtmfTones': {
    build: () => sendDtmfTones({ tones: ['tone1', 'tone2', 'tone3'], delayBetweenTonesMs: 5, clientContext: CONTEXT }),
  },
  'call-cancelMediaProcessing': { build: () => cancelMediaProcessing({ clientContext: CONTEXT }) },
  'call-mute': { build: () => mute({ clientContext: CONTEXT }) },
  'call-unmute': { build: () => unmute({ clientContext: CONTEXT }) },
  'call-changeScreenSharingRole': { build: () => changeScreenSharingRole({ role: 'viewer' }) },
  'call-updateRecordingStatus': { build: () => updateRecordingStatus({ clientContext: 'clientContext-value', status: 'notRecording' }) },
  'call-addLargeGalleryView': { build: () => addLargeGalleryView({ clientContext: '785f4929-92ca-497b-863f-c778c77c9758' }) },
  'participant-invite': {
    build: () =>
      inviteParticipants({
        participants: [user('278405a3-f568-4b3e-b684-009193463064', { identityProvider: 'AAD' })],
        replacesCallId: 'a7ebfb2d-871e-419c-87af-27290b22e8db',
        clientContext: 'f2fa86af-3c51-4bc2-8fc0-475452d9764f',
      }),
  },
  'participant-invite-multiple': {
    build: () =>
      inviteParticipants({
        participants: [
          user('7e1b4346-85a6-4bdd-abe3-d11c5d420efe', { identityProvider: 'AAD' }),
          user('1e126418-44a0-4a94-a6f8-0efe1ad71acb', { identityProvider: 'AAD' }),
        ],
        replacesCallId: 'a7ebfb2d-871e-419c-87af-27290b22e8db',
        clientContext: 'f2fa86af-3c51-4bc2-8fc0-475452d9764f',
      }),
  },
  'participant-mute': { build: () => muteParticipant({ clientContext: CONTEXT }) },
  'participant-muteAll': {
    build: () => muteAllParticipants({ participants: ['participants-value'], clientContext: 'clientContext-value' }),
  },
  'participant-startHoldMusic': {
    build: () => startHoldMusic({ prompt: { uri: 'https://bot.contoso.com/onHold.wav' }, clientContext: CONTEXT }),
  },
  'participant-stopHoldMusic': { build: () => stopHoldMusic({ clientContext: CONTEXT }) },
};

const withBodies = ACTION_EXAMPLES.filter((e) => e.body !== undefined);

describe('every documented action body is reproduced by its builder', () => {
  it('has a recipe for every example with a body', () => {
    expect(Object.keys(RECIPES).sort()).toEqual(withBodies.map((e) => e.name).sort());
  });

  it.each(withBodies.map((e) => [e.name, e] as const))('%s', (name, example) => {
    const recipe = RECIPES[name]!;
    const built = recipe.build();
    expect(diffJson(example.body, built)).toEqual(recipe.differences ?? []);
    const action = matchCallAction(example.method, example.target)!.action;
    const decoded = decode(action.request!, built);
    expect(decoded.errors).toEqual([]);
    expect(decoded.warnings).toEqual([]);
    expect(Object.isFrozen(built)).toBe(true);
  });
});

describe('action builders refuse bad input with the field, what was expected and what arrived', () => {
  const cases: Array<[string, () => unknown, string]> = [
    [
      'a prompt list that is too long',
      () => playPrompt({ prompts: Array.from({ length: 21 }, () => BEEP) }),
      'prompts: expected 1 to 20 prompt(s), found 21',
    ],
    [
      'a prompt that is not a URL',
      () => playPrompt({ prompts: [{ uri: 'beep.wav' }] }),
      'prompts[0].uri: expected an http(s) URL of a .wav prompt, found "beep.wav"',
    ],
    [
      'a record duration over two minutes',
      () => recordResponse({ maxRecordDurationInSeconds: 121 }),
      'maxRecordDurationInSeconds: expected a number from 1 to 120, found 121',
    ],
    [
      'an unknown tone',
      () => sendDtmfTones({ tones: ['tone1', 'ten' as never] }),
      'tones[1]: expected tone0…tone9, star, pound, a, b, c, d or flash, found "ten"',
    ],
    [
      'a clientContext over 256 characters',
      () => mute({ clientContext: 'x'.repeat(257) }),
      'clientContext: expected at most 256 characters, found 257 characters',
    ],
    [
      'a misspelt option',
      () => subscribeToTone({ clientContex: 'x' } as never),
      'clientContex: expected one of the subscribeToTone options clientContext, found "clientContex"',
    ],
    [
      'a redirect to nobody',
      () => redirect({ targets: [] }),
      'targets: expected at least one target: user(…), application(…) or phone(…), found []',
    ],
    [
      'six invitees',
      () => inviteParticipants({ participants: Array.from({ length: 6 }, () => phone('+14255550123')) }),
      'participants: expected at most 5 participants, found 6',
    ],
    [
      'a reject reason Graph does not know',
      () => reject({ reason: 'later' as never }),
      'reason: expected one of none, busy, forbidden, found "later"',
    ],
    [
      'an http callback for a public host',
      () => answer({ media: serviceHosted(), callbackUri: 'http://bot.contoso.com/cb' }),
      'callbackUri: expected an https URL (http only for localhost/127.0.0.1/[::1]), found "http://bot.contoso.com/cb" (Graph delivers notifications only to a public HTTPS endpoint)',
    ],
  ];
  it.each(cases)('%s', (_name, build, message) => {
    expect(build).toThrow(BuilderError);
    expect(build).toThrow(message);
  });
});

describe('action permissions come from the actions table', () => {
  it('answer needs a join permission, and media access for app-hosted media', () => {
    const requirement = actionPermissions('answer', { appHostedMedia: true });
    expect(requirement.anyOf).toEqual(['Calls.JoinGroupCall.All', 'Calls.JoinGroupCallAsGuest.All']);
    expect(missingActionPermissions(requirement, ['calls.joingroupcall.all'])).toEqual(['Calls.AccessMedia.All']);
    expect(missingActionPermissions(actionPermissions('recordResponse'), ['Calls.Initiate.All'])).toEqual(['Calls.AccessMedia.All']);
  });
});

describe('one scenario classifier for permissions and snippets', () => {
  it('treats a VoIP call placed by an application instance as peer-to-peer in both', () => {
    const request = peerToPeerCall({
      callbackUri: CALLBACK,
      media: serviceHosted(),
      to: user(HEIDI),
      source: applicationInstance('11111111-2222-3333-4444-555555555555'),
    });
    expect(requiredPermissions(request).scenario).toBe('peerToPeer');
    const recipe = builderCallFor(request);
    expect(recipe.builder).toBe('peerToPeerCall');
    expect(recipe.build()).toEqual(request);
  });
});

describe('the TypeScript tab of every documented action request', () => {
  it.each(withBodies.map((e) => [e.name, e] as const))('%s: the generated builder call reproduces the body', (name, example) => {
    const action = matchCallAction(example.method, example.target)!.action;
    const recipe = actionCallFor(action.name, example.body);
    expect(recipe).toBeDefined();
    expect(recipe!.code).toContain(`export const request = ${recipe!.builder}(`);
    expect(recipe!.clientCall).toMatch(/^client\.calls\./);
    expect(diffJson(example.body, recipe!.build())).toEqual(RECIPES[name]!.differences ?? []);
  });
});

describe('properties', () => {
  const context = fc.option(
    fc.string({ minLength: 1, maxLength: 256 }).filter((s) => s.trim() !== ''),
    { nil: undefined },
  );
  const prompt = fc
    .record({ uri: fc.webUrl({ validSchemes: ['https'] }), resourceId: fc.option(fc.uuid(), { nil: undefined }) })
    .map((p) => (p.resourceId === undefined ? { uri: p.uri } : { uri: p.uri, resourceId: p.resourceId }));
  const tone = fc.constantFrom('tone0', 'tone5', 'star', 'pound', 'a', 'flash' as const);
  const bodies = fc.oneof(
    fc
      .tuple(fc.array(prompt, { minLength: 1, maxLength: 20 }), context, fc.constantFrom<'all' | 'polymorphic'>('all', 'polymorphic'))
      .map(
        ([prompts, clientContext, annotate]) =>
          ['playPrompt', playPrompt({ prompts, annotate, ...(clientContext ? { clientContext } : {}) })] as const,
      ),
    fc
      .tuple(fc.option(prompt, { nil: undefined }), fc.integer({ min: 1, max: 120 }), fc.subarray(['#', '*', '1', '9']))
      .map(
        ([p, seconds, stopTones]) =>
          ['recordResponse', recordResponse({ ...(p ? { prompt: p } : {}), maxRecordDurationInSeconds: seconds, stopTones })] as const,
      ),
    fc
      .tuple(fc.array(tone, { minLength: 1, maxLength: 30 }), fc.integer({ min: 0, max: 10_000 }))
      .map(([tones, delay]) => ['sendDtmfTones', sendDtmfTones({ tones, delayBetweenTonesMs: delay })] as const),
    fc
      .tuple(fc.array(fc.uuid(), { minLength: 1, maxLength: 5 }), context)
      .map(
        ([ids, clientContext]) =>
          [
            'inviteParticipants',
            inviteParticipants({ participants: ids.map((id) => user(id)), ...(clientContext ? { clientContext } : {}) }),
          ] as const,
      ),
    fc.constantFrom('none', 'busy', 'forbidden' as const).map((reason) => ['reject', reject({ reason })] as const),
  );

  it('every body a builder makes decodes with its action codec, with no warning, on the fast path and off it', () => {
    fc.assert(
      fc.property(bodies, ([name, body]) => {
        const codec = callAction(name).request!;
        const fast = decode(codec, body);
        const slow = decode(codec, body, { fastPath: false });
        return fast.ok && slow.ok && fast.warnings.length === 0 && slow.warnings.length === 0;
      }),
      { numRuns: 300 },
    );
  });
});

describe('ACTION_BUILDERS: the builder of each in-call action, under its table name', () => {
  it('covers every action with a body except create and the resource actions, and only those', () => {
    const resources = ['create', 'configureMixer', 'createAudioRoutingGroup', 'logTeleconferenceDeviceQuality'];
    const withBody = Object.values(CALL_ACTIONS)
      .filter((action) => 'request' in action && !resources.includes(action.name))
      .map((action) => action.name)
      .sort();
    expect(Object.keys(ACTION_BUILDERS).sort()).toEqual(withBody);
  });

  it('builds a body its action codec decodes, for every builder given the fewest options it takes', () => {
    const someone = user('5f0d4c41-0b4e-46d3-9b4a-8c5c53de2f4e');
    const fewest: { readonly [N in BuiltCallActionName]: ActionBuilderOptions<N> } = {
      answer: { callbackUri: CALLBACK, media: serviceHosted() },
      reject: {},
      redirect: { targets: [someone] },
      transfer: { to: someone },
      playPrompt: { prompts: [{ uri: 'https://cdn.contoso.com/beep.wav' }] },
      recordResponse: {},
      subscribeToTone: {},
      sendDtmfTones: { tones: ['tone1'] },
      cancelMediaProcessing: {},
      mute: {},
      unmute: {},
      changeScreenSharingRole: { role: 'viewer' },
      updateRecordingStatus: { status: 'recording' },
      addLargeGalleryView: {},
      inviteParticipants: { participants: [someone] },
      muteParticipant: {},
      muteAllParticipants: {},
      startHoldMusic: {},
      stopHoldMusic: {},
    };
    for (const name of Object.keys(ACTION_BUILDERS).filter((key): key is BuiltCallActionName => key in fewest)) {
      const body = buildActionBody(name, fewest[name]);
      expect({ name, ok: decode(callAction(name).request!, body).ok }).toEqual({ name, ok: true });
    }
  });
});
