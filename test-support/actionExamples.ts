/**
 * Request bodies, responses and notifications of the Graph calls API action pages (call-answer,
 * call-reject, call-redirect, call-transfer, call-playprompt, call-record, participant-invite, …),
 * written down as data: the documented parameters and values, one entry per example. Builders,
 * transport, simulator and docs tests all check themselves against these.
 */

/** One documented action request. */
export interface ActionExample {
  /** The example's name on its page (the annotation's `name`). */
  readonly name: string;
  readonly method: 'POST' | 'GET' | 'DELETE';
  readonly target: string;
  readonly body?: Readonly<Record<string, unknown>>;
  /** The documented answer: status and body (when there is one). */
  readonly response: { readonly status: number; readonly body?: Readonly<Record<string, unknown>> };
}

const CALL = '57dab8b1-894c-409a-b240-bd8beae78896';
const CONTEXT = 'd45324c1-fcb5-430a-902c-f20af696537c';
const BEEP = { uri: 'https://cdn.contoso.com/beep.wav', resourceId: '1D6DE2D4-CD51-4309-8DAA-70768651088E' };

/** Action requests as the published pages show them. */
export const ACTION_EXAMPLES: readonly ActionExample[] = [
  {
    name: 'call-answer',
    method: 'POST',
    target: `https://graph.microsoft.com/v1.0/communications/calls/${CALL}/answer`,
    body: {
      callbackUri: 'https://bot.contoso.com/api/calls',
      mediaConfig: { '@odata.type': '#microsoft.graph.appHostedMediaConfig', blob: '<Media Session Configuration Blob>' },
      acceptedModalities: ['audio'],
      callOptions: { '@odata.type': '#microsoft.graph.incomingCallOptions', isContentSharingNotificationEnabled: true },
      participantCapacity: 200,
    },
    response: { status: 202 },
  },
  {
    name: 'call-answer-service-hosted-media',
    method: 'POST',
    target: `https://graph.microsoft.com/v1.0/communications/calls/${CALL}/answer`,
    body: {
      callbackUri: 'https://bot.contoso.com/api/calls',
      acceptedModalities: ['audio'],
      mediaConfig: {
        '@odata.type': '#microsoft.graph.serviceHostedMediaConfig',
        preFetchMedia: [
          { uri: 'https://cdn.contoso.com/beep.wav', resourceId: '1D6DE2D4-CD51-4309-8DAA-70768651088E' },
          { uri: 'https://cdn.contoso.com/cool.wav', resourceId: '1D6DE2D4-CD51-4309-8DAA-70768651088F' },
        ],
      },
    },
    response: { status: 202 },
  },
  {
    name: 'call-reject',
    method: 'POST',
    target: `https://graph.microsoft.com/v1.0/communications/calls/${CALL}/reject`,
    body: { reason: 'busy' },
    response: { status: 202 },
  },
  {
    name: 'call-reject-none',
    method: 'POST',
    target: `https://graph.microsoft.com/v1.0/communications/calls/${CALL}/reject`,
    body: { reason: 'none' },
    response: { status: 202 },
  },
  {
    name: 'call-redirect',
    method: 'POST',
    target: `https://graph.microsoft.com/v1.0/communications/calls/${CALL}/redirect`,
    body: {
      targets: [
        {
          '@odata.type': '#microsoft.graph.invitationParticipantInfo',
          identity: {
            '@odata.type': '#microsoft.graph.identitySet',
            phone: { '@odata.type': '#microsoft.graph.identity', id: '+12345678901' },
          },
        },
      ],
      callbackUri: 'https://bot.contoso.com/api/calls',
    },
    response: { status: 202 },
  },
  {
    name: 'call-redirect-user',
    method: 'POST',
    target: `https://graph.microsoft.com/beta/communications/calls/${CALL}/redirect`,
    body: {
      targets: [
        {
          '@odata.type': '#microsoft.graph.invitationParticipantInfo',
          identity: {
            '@odata.type': '#microsoft.graph.identitySet',
            user: { '@odata.type': '#microsoft.graph.identity', displayName: 'test bot', id: '550fae72-d251-43ec-868c-373732c2704f' },
          },
        },
      ],
      targetDisposition: 'simultaneousRing',
      timeout: 60,
      callbackUri: 'https://bot.contoso.com/api/calls',
    },
    response: { status: 202 },
  },
  {
    name: 'call-transfer',
    method: 'POST',
    target: `https://graph.microsoft.com/v1.0/communications/calls/${CALL}/transfer`,
    body: {
      transferTarget: {
        endpointType: 'default',
        identity: {
          user: { id: '550fae72-d251-43ec-868c-373732c2704f', displayName: 'Heidi Steen' },
        },
      },
    },
    response: { status: 202 },
  },
  {
    name: 'call-transfer-pstn',
    method: 'POST',
    target: `https://graph.microsoft.com/v1.0/communications/calls/${CALL}/transfer`,
    body: {
      transferTarget: {
        endpointType: 'default',
        identity: { phone: { id: '+12345678901' } },
      },
      clientContext: '9e90d1c1-f61e-43e7-9f75-d420159aae08',
    },
    response: { status: 202 },
  },
  {
    name: 'call-playPrompt',
    method: 'POST',
    target: `https://graph.microsoft.com/v1.0/communications/calls/${CALL}/playPrompt`,
    body: {
      clientContext: CONTEXT,
      prompts: [{ '@odata.type': '#microsoft.graph.mediaPrompt', mediaInfo: { '@odata.type': '#microsoft.graph.mediaInfo', ...BEEP } }],
    },
    response: {
      status: 200,
      body: {
        '@odata.type': '#microsoft.graph.playPromptOperation',
        id: '0fe0623f-d628-42ed-b4bd-8ac290072cc5',
        status: 'running',
        clientContext: CONTEXT,
      },
    },
  },
  {
    name: 'call-recordResponse',
    method: 'POST',
    target: `https://graph.microsoft.com/v1.0/communications/calls/${CALL}/recordResponse`,
    body: {
      bargeInAllowed: true,
      clientContext: CONTEXT,
      prompts: [{ '@odata.type': '#microsoft.graph.mediaPrompt', mediaInfo: BEEP }],
      maxRecordDurationInSeconds: 10,
      initialSilenceTimeoutInSeconds: 5,
      maxSilenceTimeoutInSeconds: 2,
      playBeep: true,
      stopTones: ['#', '1', '*'],
    },
    response: {
      status: 200,
      body: {
        '@odata.type': '#microsoft.graph.recordOperation',
        id: '0fe0623f-d628-42ed-b4bd-8ac290072cc5',
        status: 'running',
        resultInfo: null,
        recordingLocation: null,
        clientContext: CONTEXT,
      },
    },
  },
  {
    name: 'call-subscribeToTone',
    method: 'POST',
    target: `https://graph.microsoft.com/v1.0/communications/calls/${CALL}/subscribeToTone`,
    body: { clientContext: CONTEXT },
    response: {
      status: 200,
      body: {
        '@odata.type': '#microsoft.graph.subscribeToToneOperation',
        clientContext: CONTEXT,
        id: '0fe0623f-d628-42ed-b4bd-8ac290072cc5',
        status: 'completed',
      },
    },
  },
  {
    name: 'call-sendDtmfTones',
    method: 'POST',
    target: `https://graph.microsoft.com/v1.0/communications/calls/${CALL}/sendDtmfTones`,
    body: { tones: ['tone1', 'tone2', 'tone3'], delayBetweenTonesMs: 5, clientContext: CONTEXT },
    response: {
      status: 200,
      body: {
        '@odata.type': '#microsoft.graph.sendDtmfTonesOperation',
        status: 'running',
        clientContext: CONTEXT,
        id: '0fe0623f-d628-42ed-b4bd-8ac290072cc5',
      },
    },
  },
  {
    name: 'call-cancelMediaProcessing',
    method: 'POST',
    target: `https://graph.microsoft.com/v1.0/communications/calls/${CALL}/cancelMediaProcessing`,
    body: { clientContext: CONTEXT },
    response: {
      status: 200,
      body: {
        '@odata.type': '#microsoft.graph.cancelMediaProcessingOperation',
        status: 'completed',
        clientContext: CONTEXT,
        id: '0fe0623f-d628-42ed-b4bd-8ac290072cc5',
      },
    },
  },
  {
    name: 'call-mute',
    method: 'POST',
    target: `https://graph.microsoft.com/v1.0/communications/calls/${CALL}/mute`,
    body: { clientContext: CONTEXT },
    response: {
      status: 200,
      body: {
        '@odata.type': '#microsoft.graph.muteParticipantOperation',
        id: '17e3b46c-f61d-4f4d-9635-c626ef18e6ad',
        status: 'completed',
        clientContext: CONTEXT,
      },
    },
  },
  {
    name: 'call-unmute',
    method: 'POST',
    target: `https://graph.microsoft.com/v1.0/communications/calls/${CALL}/unmute`,
    body: { clientContext: CONTEXT },
    response: {
      status: 200,
      body: {
        '@odata.type': '#microsoft.graph.unmuteParticipantOperation',
        id: '17e3b46c-f61d-4f4d-9635-c626ef18e6ad',
        status: 'completed',
        clientContext: CONTEXT,
      },
    },
  },
  {
    name: 'call-changeScreenSharingRole',
    method: 'POST',
    target: `https://graph.microsoft.com/v1.0/communications/calls/${CALL}/changeScreenSharingRole`,
    body: { role: 'viewer' },
    response: { status: 202 },
  },
  {
    name: 'call-updateRecordingStatus',
    method: 'POST',
    target: `https://graph.microsoft.com/v1.0/communications/calls/${CALL}/updateRecordingStatus`,
    body: { clientContext: 'clientContext-value', status: 'notRecording' },
    response: {
      status: 200,
      body: {
        '@odata.type': '#microsoft.graph.updateRecordingStatusOperation',
        id: '0fe0623f-d628-42ed-b4bd-8ac290072cc5',
        status: 'completed',
        clientContext: 'clientContext-value',
      },
    },
  },
  {
    name: 'call-addLargeGalleryView',
    method: 'POST',
    target: `https://graph.microsoft.com/v1.0/communications/calls/${CALL}/addLargeGalleryView`,
    body: { clientContext: '785f4929-92ca-497b-863f-c778c77c9758' },
    response: {
      status: 202,
      body: {
        '@odata.type': '#microsoft.graph.addLargeGalleryViewOperation',
        clientContext: '785f4929-92ca-497b-863f-c778c77c9758',
        id: 'e33176d4-836a-4fd7-b95a-42df9ab8ca2b',
        resultInfo: null,
        status: 'completed',
      },
    },
  },
  {
    name: 'call-keepAlive',
    method: 'POST',
    target: `https://graph.microsoft.com/v1.0/communications/calls/${CALL}/keepAlive`,
    response: { status: 200 },
  },
  {
    name: 'participant-invite',
    method: 'POST',
    target: 'https://graph.microsoft.com/v1.0/communications/calls/{id}/participants/invite',
    body: {
      participants: [
        {
          '@odata.type': '#microsoft.graph.invitationParticipantInfo',
          replacesCallId: 'a7ebfb2d-871e-419c-87af-27290b22e8db',
          identity: {
            '@odata.type': '#microsoft.graph.identitySet',
            user: { '@odata.type': '#microsoft.graph.identity', id: '278405a3-f568-4b3e-b684-009193463064', identityProvider: 'AAD' },
          },
        },
      ],
      clientContext: 'f2fa86af-3c51-4bc2-8fc0-475452d9764f',
    },
    response: {
      status: 200,
      body: {
        '@odata.type': '#microsoft.graph.inviteParticipantsOperation',
        id: 'eec3812a-fdc3-4fb4-825c-a06c9f35414e',
        status: 'Running',
        clientContext: 'f2fa86af-3c51-4bc2-8fc0-475452d9764f',
        resultInfo: null,
        participants: [
          {
            endpointType: null,
            id: null,
            replacesCallId: 'a7ebfb2d-871e-419c-87af-27290b22e8db',
            identity: {
              user: {
                '@odata.type': '#microsoft.graph.identity',
                id: '278405a3-f568-4b3e-b684-009193463064',
                identityProvider: 'AAD',
                tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
              },
              application: null,
              device: null,
              phone: null,
            },
          },
        ],
      },
    },
  },
  {
    name: 'participant-invite-multiple',
    method: 'POST',
    target: '/communications/calls/7531d31f-d10d-44de-802f-c569dbca451c/participants/invite',
    body: {
      participants: ['7e1b4346-85a6-4bdd-abe3-d11c5d420efe', '1e126418-44a0-4a94-a6f8-0efe1ad71acb'].map((id) => ({
        '@odata.type': '#microsoft.graph.invitationParticipantInfo',
        replacesCallId: 'a7ebfb2d-871e-419c-87af-27290b22e8db',
        identity: {
          '@odata.type': '#microsoft.graph.identitySet',
          user: { '@odata.type': '#microsoft.graph.identity', id, identityProvider: 'AAD' },
        },
      })),
      clientContext: 'f2fa86af-3c51-4bc2-8fc0-475452d9764f',
    },
    response: { status: 200 },
  },
  {
    name: 'participant-mute',
    method: 'POST',
    target: `https://graph.microsoft.com/v1.0/communications/calls/${CALL}/participants/d8c5a49f-8d6c-4e5b-bf3c-aa2e0a1ec2c8/mute`,
    body: { clientContext: CONTEXT },
    response: {
      status: 200,
      body: {
        '@odata.type': '#microsoft.graph.muteParticipantOperation',
        id: '17e3b46c-f61d-4f4d-9635-c626ef18e6ad',
        status: 'completed',
        clientContext: CONTEXT,
      },
    },
  },
  {
    name: 'participant-muteAll',
    method: 'POST',
    target: `https://graph.microsoft.com/beta/communications/calls/${CALL}/participants/muteAll`,
    body: { participants: ['participants-value'], clientContext: 'clientContext-value' },
    response: {
      status: 200,
      body: {
        '@odata.type': '#microsoft.graph.muteParticipantsOperation',
        id: 'id-value',
        status: 'completed',
        clientContext: 'clientContext-value',
      },
    },
  },
  {
    name: 'participant-startHoldMusic',
    method: 'POST',
    target: `https://graph.microsoft.com/v1.0/communications/calls/${CALL}/participants/d8c5a49f-8d6c-4e5b-bf3c-aa2e0a1ec2c8/startHoldMusic`,
    body: {
      customPrompt: {
        '@odata.type': '#microsoft.graph.mediaPrompt',
        mediaInfo: { '@odata.type': '#microsoft.graph.mediaInfo', uri: 'https://bot.contoso.com/onHold.wav' },
      },
      clientContext: 'd45324c1-fcb5-430a-902c-f20af696537c',
    },
    response: {
      status: 202,
      body: {
        '@odata.type': '#microsoft.graph.startHoldMusicOperation',
        status: 'running',
        clientContext: 'd45324c1-fcb5-430a-902c-f20af696537c',
        id: 'eec3812a-fdc3-4fb4-825c-a06c9f35414e',
      },
    },
  },
  {
    name: 'participant-stopHoldMusic',
    method: 'POST',
    target: `https://graph.microsoft.com/v1.0/communications/calls/${CALL}/participants/d8c5a49f-8d6c-4e5b-bf3c-aa2e0a1ec2c8/stopHoldMusic`,
    body: { clientContext: 'd45324c1-fcb5-430a-902c-f20af696537c' },
    response: {
      status: 202,
      body: {
        '@odata.type': '#microsoft.graph.stopHoldMusicOperation',
        status: 'running',
        clientContext: 'd45324c1-fcb5-430a-902c-f20af696537c',
        id: 'eec3812a-fdc3-4fb4-825c-a06c9f35414e',
      },
    },
  },
];

/** Notifications of the action pages: an incoming call, operation completions, tones, rosters. */
export const ACTION_NOTIFICATIONS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  incomingVoip: {
    '@odata.type': '#microsoft.graph.commsNotifications',
    value: [
      {
        '@odata.type': '#microsoft.graph.commsNotification',
        changeType: 'created',
        resourceUrl: '/communications/calls/57DAB8B1894C409AB240BD8BEAE78896',
        resourceData: {
          '@odata.type': '#microsoft.graph.call',
          '@odata.id': '/communications/calls/57DAB8B1894C409AB240BD8BEAE78896',
          '@odata.etag': 'W/"5445"',
          state: 'incoming',
          direction: 'incoming',
          source: {
            '@odata.type': '#microsoft.graph.participantInfo',
            identity: { user: { displayName: 'Test User', id: '8A34A46B-3D17-4ADC-8DCE-DC4E7D572698' } },
            region: 'westus',
            languageId: 'en-US',
          },
          targets: [
            {
              '@odata.type': '#microsoft.graph.invitationParticipantInfo',
              identity: { application: { displayName: 'Test BOT', id: '8A34A46B-3D17-4ADC-8DCE-DC4E7D572698' } },
            },
          ],
          requestedModalities: ['audio'],
        },
      },
    ],
  },
  playPromptCompleted: {
    '@odata.type': '#microsoft.graph.commsNotifications',
    value: [
      {
        '@odata.type': '#microsoft.graph.commsNotification',
        changeType: 'deleted',
        resourceUrl: '/communications/calls/57DAB8B1894C409AB240BD8BEAE78896/operations/0FE0623FD62842EDB4BD8AC290072CC5',
        resourceData: {
          '@odata.type': '#microsoft.graph.playPromptOperation',
          '@odata.id': '/communications/calls/57DAB8B1894C409AB240BD8BEAE78896/operations/0FE0623FD62842EDB4BD8AC290072CC5',
          '@odata.etag': 'W/"54451"',
          resultInfo: { '@odata.type': '#microsoft.graph.resultInfo', code: 200, subcode: 0, message: 'Action completed successfully.' },
          clientContext: CONTEXT,
          status: 'completed',
        },
      },
    ],
  },
  recordCompleted: {
    '@odata.type': '#microsoft.graph.commsNotifications',
    value: [
      {
        '@odata.type': '#microsoft.graph.commsNotification',
        changeType: 'deleted',
        resourceUrl: '/communications/calls/57DAB8B1894C409AB240BD8BEAE78896/operations/0FE0623FD62842EDB4BD8AC290072CC5',
        resourceData: {
          '@odata.type': '#microsoft.graph.recordOperation',
          '@odata.id': '/communications/calls/57DAB8B1894C409AB240BD8BEAE78896/operations/0FE0623FD62842EDB4BD8AC290072CC5',
          '@odata.etag': 'W/"54451"',
          id: '0fe0623f-d628-42ed-b4bd-8ac290072cc5',
          clientContext: CONTEXT,
          status: 'completed',
          resultInfo: {
            '@odata.type': '#microsoft.graph.resultInfo',
            code: 200,
            subcode: 8515,
            message: 'Action completed, max record duration reached.',
          },
          recordingLocation: 'https://file.location/17e3b46c-f61d-4f4d-9635-c626ef18e6ad',
          recordingAccessToken: '<access-token>',
        },
      },
    ],
  },
  inviteCompleted: {
    '@odata.type': '#microsoft.graph.commsNotifications',
    value: [
      {
        '@odata.type': '#microsoft.graph.commsNotification',
        changeType: 'deleted',
        resource: '/communications/calls/7531d31f-d10d-44de-802f-c569dbca451c/operations/participants',
        resourceUrl: '/communications/calls/7531d31f-d10d-44de-802f-c569dbca451c/operations/participants',
        resourceData: {
          '@odata.type': '#microsoft.graph.inviteParticipantsOperation',
          participants: [
            {
              '@odata.type': '#microsoft.graph.invitationParticipantInfo',
              identity: {
                '@odata.type': '#microsoft.graph.identitySet',
                user: {
                  '@odata.type': '#microsoft.graph.identity',
                  id: '7e1b4346-85a6-4bdd-abe3-d11c5d420efe',
                  identityProvider: 'AAD',
                  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
                },
              },
            },
          ],
          status: 'completed',
          clientContext: 'f2fa86af-3c51-4bc2-8fc0-475452d9764f',
          id: null,
        },
      },
    ],
  },
  rosterViaOperations: {
    '@odata.type': '#microsoft.graph.commsNotifications',
    value: [
      {
        '@odata.type': '#microsoft.graph.commsNotification',
        changeType: 'updated',
        resource: '/app/calls/7531d31f-d10d-44de-802f-c569dbca451c/operations/participants',
        resourceUrl: '/communications/calls/7531d31f-d10d-44de-802f-c569dbca451c/operations/participants',
        resourceData: [
          {
            '@odata.type': '#microsoft.graph.participant',
            info: {
              '@odata.type': '#microsoft.graph.participantInfo',
              identity: {
                '@odata.type': '#microsoft.graph.identitySet',
                user: {
                  '@odata.type': '#microsoft.graph.identity',
                  id: '1e126418-44a0-4a94-a6f8-0efe1ad71acb',
                  identityProvider: 'AAD',
                  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
                },
              },
              endpointType: 'default',
            },
            mediaStreams: [
              {
                '@odata.type': '#microsoft.graph.mediaStream',
                mediaType: 'audio',
                sourceId: '3',
                direction: 'sendReceive',
                serverMuted: false,
              },
            ],
            isMuted: false,
            isInLobby: false,
            id: '1e126418-44a0-4a94-a6f8-0efe1ad71acb',
          },
        ],
      },
    ],
  },
  toneReceived: {
    '@odata.type': '#microsoft.graph.commsNotifications',
    value: [
      {
        '@odata.type': '#microsoft.graph.commsNotification',
        changeType: 'updated',
        resourceUrl: '/communications/calls/57DAB8B1894C409AB240BD8BEAE78896',
        resourceData: {
          '@odata.type': '#microsoft.graph.call',
          state: 'established',
          toneInfo: { '@odata.type': '#microsoft.graph.toneInfo', sequenceId: 1, tone: 'tone1' },
        },
      },
    ],
  },
};
