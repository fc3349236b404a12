import type { CallRequest } from '@graph-calling/models';
import {
  appHosted,
  application,
  applicationInstance,
  groupCall,
  guest,
  joinMeeting,
  legacyGuestUser,
  peerToPeerCall,
  phone,
  pstnCall,
  serviceHosted,
  user,
  type BuilderErrorCode,
  type IdentityRef,
  type Media,
} from '@graph-calling/builders';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A documented defect: what is wrong, and how the builder's (correct) output differs. */
export interface Defect {
  readonly defect: string;
  readonly fix: (documented: Json) => void;
}

/** How a seed request is built, what the docs got wrong, and what the builders refuse as documented. */
export interface SeedCase {
  readonly build: () => CallRequest;
  readonly defects?: readonly Defect[];
  readonly rejects?: ReadonlyArray<{ readonly what: string; readonly build: () => unknown; readonly code: BuilderErrorCode }>;
}

const CALLBACK_2019 = 'https://bot.contoso.com/api/calls';
const CALLBACK = 'https://bot.contoso.com/callback';
/** Stand-in for the `"tenantId-value"` placeholder, which is not a tenant. */
export const STAND_IN_TENANT = '00000000-0000-4000-8000-000000000001';
/** `86dc81db-…-63f3esaa1edb` has an `s` where a hex digit belongs; read as `5`. */
export const FIXED_TENANT = '86dc81db-c112-4228-9222-63f3e5aa1edb';
const MALFORMED_TENANT = '86dc81db-c112-4228-9222-63f3esaa1edb';
const BLOB = '<Media Session Configuration>';

const prefetch2019 = serviceHosted({
  preFetch: [
    { uri: 'https://cdn.contoso.com/beep.wav', resourceId: '1D6DE2D4-CD51-4309-8DAA-70768651088E' },
    { uri: 'https://cdn.contoso.com/cool.wav', resourceId: '1D6DE2D4-CD51-4309-8DAA-70768651088F' },
  ],
});
const prefetch = serviceHosted({
  preFetch: [
    { uri: 'https://cdn.contoso.com/beep.wav', resourceId: 'f8971b04-b53e-418c-9222-c82ce681a582' },
    { uri: 'https://cdn.contoso.com/cool.wav', resourceId: '86dc814b-c172-4428-9112-60f8ecae1edb' },
  ],
});
const heidi = user('550fae72-d251-43ec-868c-373732c2704f', {
  displayName: 'Heidi Steen',
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
});
const bot2019 = application('8A34A46B-3D17-4ADC-8DCE-DC4E7D572698');
const organizer2019 = user('90ED37DC-D8E3-4E11-9DE3-30A955DDA06F', { tenantId: '49BFC225-8482-4AB8-94E7-76B48FDB9849' });
const thread2019 = '19:meeting_NTg0NmQ3NTctZDVkZC00YzRhLThmNmEtOGQ3M2E0ODdmZDZk@thread.v2';
const john = user('112f7296-5fa4-42ca-bae8-6a692b15d4b8', 'John');
const bob = user('5810cede-f3cc-42eb-b2c1-e9bd5d53ec96', { displayName: 'Bob', tenantId: 'aa67bd4c-8475-432d-bd41-39f255720e0a' });
const meetingThread = { threadId: '19:meeting_Win6Ydo4wsMijFjZS00ZGVjLTk5MGUtOTRjNWY2NmNkYTFm@thread.v2', messageId: '0' };
const channelThread = { threadId: '19:cbee7c1c860e465f8258e3cebf7bee0d@thread.skype', messageId: '1533758867081' };
const tenant = 'aa67bd4c-8475-432d-bd41-39f255720e0a';
const testBot = application('dd3885da-f9ab-486b-bfae-85de3d445555', 'TestBot');
const groupTargets = [user('98da8a1a-1b87-452c-a713-65d3f10b5555', 'user1'), user('bf5aae9a-d11d-47a8-93b1-782504c95555', 'user2')];
const pstnBot = applicationInstance('3d913abb-aec0-4964-8fa6-3c6850c4f278', 'Calling Bot');

const placeholderTenant: Defect = {
  defect: 'tenantId is the placeholder "tenantId-value", not a GUID',
  fix: (d) => void (d['tenantId'] = STAND_IN_TENANT),
};
const placeholderSourceFields: Defect = {
  defect: 'source sends read-only languageId and region, as placeholders',
  fix: (d) => {
    delete d['source']['languageId'];
    delete d['source']['region'];
  },
};
const nullSourceFields = (...keys: string[]): Defect => ({
  defect: `source sends read-only ${keys.join(', ')} as null`,
  fix: (d) => keys.forEach((k) => delete d['source'][k]),
});
const direction: Defect = { defect: 'sends the read-only direction', fix: (d) => void delete d['direction'] };
const participantInfoTarget = (i: number): Defect => ({
  defect: `targets[${i}] is typed participantInfo; a target is an invitationParticipantInfo`,
  fix: (d) => void (d['targets'][i]['@odata.type'] = '#microsoft.graph.invitationParticipantInfo'),
});
const missingBlob: Defect = { defect: 'app-hosted media without a blob', fix: (d) => void (d['mediaConfig']['blob'] = BLOB) };
const malformedTenant: Defect = {
  defect: `tenantId ${MALFORMED_TENANT} is not a GUID (s in a hex field), in the organizer and the call`,
  fix: (d) => {
    d['tenantId'] = FIXED_TENANT;
    d['meetingInfo']['organizer']['user']['tenantId'] = FIXED_TENANT;
  },
};
const rejectMalformedTenant = {
  what: 'the documented malformed tenant GUID',
  build: () => user('5810cede-f3cc-42eb-b2c1-e9bd5d53ec96', { displayName: 'Bob', tenantId: MALFORMED_TENANT }),
  code: 'invalid-guid' as const,
};
const rejectMissingBlob = {
  what: 'app-hosted media without a blob',
  build: () => appHosted({ removeFromDefaultAudioGroup: false } as never),
  code: 'missing-blob' as const,
};
const rejectPlaceholderTenant = {
  what: 'the placeholder tenant',
  build: () => peerToPeerCall({ callbackUri: CALLBACK_2019, to: heidi, media: prefetch2019, tenantId: 'tenantId-value' }),
  code: 'invalid-guid' as const,
};

const join2019 = (messageId: string, reply: boolean, source: IdentityRef<'application' | 'guest' | 'legacyGuestUser'> = bot2019) =>
  joinMeeting({
    annotate: 'polymorphic',
    subject: 'Test Call',
    callbackUri: CALLBACK_2019,
    source,
    modalities: ['audio', 'video'],
    media: prefetch2019,
    chatInfo: { threadId: thread2019, messageId, ...(reply ? { replyChainMessageId: null } : {}) },
    organizer: organizer2019,
  });

const p2pJohn = (media: Media = serviceHosted()) => peerToPeerCall({ callbackUri: CALLBACK, to: john, media });
const joinBob = (media: Media, chatInfo = meetingThread, extra: Record<string, unknown> = {}) =>
  joinMeeting({ callbackUri: CALLBACK, media, chatInfo, organizer: bob, allowConversationWithoutHost: true, ...extra });
const group = (subject: string, media: Media, tenantId?: string) =>
  groupCall({ callbackUri: CALLBACK, subject, source: testBot, targets: groupTargets, media, ...(tenantId ? { tenantId } : {}) });
const pstn = (media: Media, tenantId?: string) =>
  pstnCall({ callbackUri: CALLBACK, from: pstnBot, to: phone('+12345678901'), media, ...(tenantId ? { tenantId } : {}) });

const byScenario = {
  p2p2019: {
    build: () =>
      peerToPeerCall({
        annotate: 'polymorphic',
        callbackUri: CALLBACK_2019,
        subject: 'Test Call',
        source: bot2019,
        to: heidi,
        media: prefetch2019,
        tenantId: STAND_IN_TENANT,
      }),
    defects: [
      placeholderTenant,
      placeholderSourceFields,
      { defect: 'requestedModalities is missing (the builders always send it)', fix: (d) => void (d['requestedModalities'] = ['audio']) },
    ],
    rejects: [rejectPlaceholderTenant],
  },
  p2pAppHosted2019: {
    build: () =>
      peerToPeerCall({
        annotate: 'polymorphic',
        callbackUri: CALLBACK_2019,
        subject: 'Test Call',
        source: application('550fae72-d251-43ec-868c-373732c2704f', {
          displayName: 'IT Bot',
          tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
        }),
        to: heidi,
        media: appHosted({ blob: '<media config blob>' }),
        tenantId: STAND_IN_TENANT,
      }),
    defects: [placeholderTenant, placeholderSourceFields],
  },
  group2019: {
    build: () =>
      groupCall({
        annotate: 'polymorphic',
        subject: 'Test Call',
        callbackUri: CALLBACK_2019,
        source: bot2019,
        targets: [user('29362BD4-CD58-4ED0-A206-0E4A33DBB0B6', 'Heidi Steen'), phone('+12345678890', '+12345678890')],
        modalities: ['audio', 'video'],
        media: prefetch2019,
        chatInfo: { threadId: thread2019, messageId: '0', replyChainMessageId: null },
      }),
  },
  join2019: { build: () => join2019('0', false) },
  joinReply2019: { build: () => join2019('1507228578052', true) },
  joinLegacyGuest2019: {
    build: () => join2019('1507228578052', true, legacyGuestUser('8A34A46B-3D17-4ADC-8DCE-DC4E7D572698', 'App_Guest_DisplayName', 'None')),
  },
  p2pParticipantInfoTarget: { build: () => p2pJohn(), defects: [participantInfoTarget(0)] },
  p2pAppHostedParticipantInfoTarget: { build: () => p2pJohn(appHosted({ blob: BLOB })), defects: [participantInfoTarget(0)] },
  joinMeeting: { build: () => joinBob(prefetch) },
  joinMeetingAppHosted: { build: () => joinBob(appHosted({ blob: BLOB }), meetingThread, { tenantId: tenant }), defects: [direction] },
  joinChannel: { build: () => joinBob(prefetch, channelThread) },
  joinChannelAsGuest: {
    build: () => joinBob(prefetch, channelThread, { source: guest('d7a3b999-17ac-4bca-9e77-e6a730d2ec2e', 'Guest User') }),
  },
  p2p: { build: () => p2pJohn() },
  p2pAppHosted: {
    build: () =>
      peerToPeerCall({
        callbackUri: CALLBACK,
        source: application('2891555a-92ff-42e6-80fa-6e1300c6b5c6', 'Calling Bot'),
        to: john,
        media: appHosted({ blob: BLOB }),
      }),
    defects: [nullSourceFields('region', 'languageId')],
  },
  groupBeta: {
    build: () => group('Create a group call with service hosted media', serviceHosted({ removeFromDefaultAudioGroup: false }), tenant),
    defects: [direction, participantInfoTarget(1)],
  },
  groupAppHostedBeta: {
    build: () =>
      group('Create a group call with service hosted media', appHosted({ blob: BLOB, removeFromDefaultAudioGroup: false }), tenant),
    defects: [direction, participantInfoTarget(1)],
  },
  joinMalformedTenantBeta: {
    build: () =>
      joinBob(prefetch, meetingThread, {
        organizer: user('5810cede-f3cc-42eb-b2c1-e9bd5d53ec96', { displayName: 'Bob', tenantId: FIXED_TENANT }),
        tenantId: FIXED_TENANT,
      }),
    defects: [
      { defect: 'the organizer has tenantId twice (aa67bd4c-… then the malformed one); the later wins when read', fix: () => undefined },
      malformedTenant,
    ],
    rejects: [rejectMalformedTenant],
  },
  pstnBeta: {
    build: () => pstn(serviceHosted(), tenant),
    defects: [nullSourceFields('countryCode', 'endpointType', 'region', 'languageId')],
  },
  pstnAppHostedBeta: {
    build: () => pstn(appHosted({ blob: BLOB }), tenant),
    defects: [nullSourceFields('countryCode', 'endpointType', 'region', 'languageId')],
  },
  group: {
    build: () => group('Create a group call with service hosted media', serviceHosted({ removeFromDefaultAudioGroup: false })),
    defects: [direction],
  },
  groupAppHosted: {
    build: () => group('Create a group call with application hosted media', appHosted({ blob: BLOB, removeFromDefaultAudioGroup: false })),
    defects: [direction, missingBlob],
    rejects: [rejectMissingBlob],
  },
  joinMalformedTenant: {
    build: () =>
      joinBob(prefetch, meetingThread, {
        organizer: user('5810cede-f3cc-42eb-b2c1-e9bd5d53ec96', { displayName: 'Bob', tenantId: FIXED_TENANT }),
        tenantId: FIXED_TENANT,
      }),
    defects: [malformedTenant],
    rejects: [rejectMalformedTenant],
  },
  joinAppHostedNoBlob: {
    build: () => joinBob(appHosted({ blob: BLOB }), meetingThread, { organizer: user('5810cede-f3cc-42eb-b2c1-e9bd5d53ec96', 'Bob') }),
    defects: [direction, missingBlob],
    rejects: [rejectMissingBlob],
  },
  pstn: { build: () => pstn(serviceHosted()), defects: [nullSourceFields('countryCode', 'endpointType', 'region', 'languageId')] },
  pstnAppHosted: {
    build: () => pstn(appHosted({ blob: BLOB })),
    defects: [nullSourceFields('countryCode', 'endpointType', 'region', 'languageId')],
  },
} satisfies Record<string, SeedCase>;

/** Every create-call request example of the seed pages (file:line) → how it is built. */
export const SEED_REQUESTS: Record<string, keyof typeof byScenario> = {
  'create-call.beta.2019-07-31.zh-CN.md:67': 'p2p2019',
  'create-call.beta.2019-07-31.zh-CN.md:245': 'p2pAppHosted2019',
  'create-call.beta.2019-07-31.zh-CN.md:295': 'group2019',
  'create-call.beta.2019-07-31.zh-CN.md:361': 'join2019',
  'create-call.beta.2019-07-31.zh-CN.md:417': 'joinReply2019',
  'create-call.beta.2019-07-31.zh-CN.md:473': 'joinLegacyGuest2019',
  ...Object.fromEntries(
    ['create-call.beta.2019-09-11.ru-RU.md', 'create-call.beta.2019-11-05.pt-BR.md'].flatMap((f) => [
      [`${f}:66`, 'p2pParticipantInfoTarget'],
      [`${f}:274`, 'p2pAppHostedParticipantInfoTarget'],
      [`${f}:328`, 'joinMeeting'],
      [`${f}:661`, 'joinMeetingAppHosted'],
      [`${f}:715`, 'joinChannel'],
      [`${f}:774`, 'joinChannelAsGuest'],
    ]),
  ),
  'create-call.beta.2021-05-26.zh-CN.md:71': 'p2p',
  'create-call.beta.2021-05-26.zh-CN.md:282': 'p2pAppHosted',
  'create-call.beta.2021-05-26.zh-CN.md:439': 'groupBeta',
  'create-call.beta.2021-05-26.zh-CN.md:505': 'groupAppHostedBeta',
  'create-call.beta.2021-05-26.zh-CN.md:574': 'joinMalformedTenantBeta',
  'create-call.beta.2021-05-26.zh-CN.md:919': 'joinMeetingAppHosted',
  'create-call.beta.2021-05-26.zh-CN.md:971': 'joinChannel',
  'create-call.beta.2021-05-26.zh-CN.md:1028': 'joinChannelAsGuest',
  'create-call.beta.2021-05-26.zh-CN.md:1156': 'pstnBeta',
  'create-call.beta.2021-05-26.zh-CN.md:1315': 'pstnAppHostedBeta',
  'create-call.v1.0.2021-02-10.zh-CN.md:69': 'p2p',
  'create-call.v1.0.2021-02-10.zh-CN.md:271': 'p2pAppHosted',
  'create-call.v1.0.2021-02-10.zh-CN.md:414': 'group',
  'create-call.v1.0.2021-02-10.zh-CN.md:481': 'groupAppHosted',
  'create-call.v1.0.2021-02-10.zh-CN.md:549': 'joinMalformedTenant',
  'create-call.v1.0.2021-02-10.zh-CN.md:870': 'joinAppHostedNoBlob',
  'create-call.v1.0.2021-02-10.zh-CN.md:939': 'pstn',
  'create-call.v1.0.2021-02-10.zh-CN.md:1084': 'pstnAppHosted',
};

export const SEED_CASES: Record<keyof typeof byScenario, SeedCase> = byScenario;
