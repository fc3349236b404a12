import { ACTION_EXAMPLES, ACTION_NOTIFICATIONS } from '@graph-calling/test-support/actionExamples';
import { CommsNotifications } from '../CommsNotifications';
import { decode } from '../decode';
import { CALL_ACTIONS, callAction, callActionPath, type CallAction } from './callActions';
import { callScenario, identityDisplayName, identityKind } from './callScenario';
import { CommsOperation } from './CommsOperation';
import { PlayPromptRequest } from './inCallBodies';
import { matchCallAction } from './matchCallAction';

const EXPECTED_ACTION: Record<string, string> = {
  'call-answer': 'answer',
  'call-answer-service-hosted-media': 'answer',
  'call-reject': 'reject',
  'call-reject-none': 'reject',
  'call-redirect': 'redirect',
  'call-redirect-user': 'redirect',
  'call-transfer': 'transfer',
  'call-transfer-pstn': 'transfer',
  'call-playPrompt': 'playPrompt',
  'call-recordResponse': 'recordResponse',
  'call-subscribeToTone': 'subscribeToTone',
  'call-sendDtmfTones': 'sendDtmfTones',
  'call-cancelMediaProcessing': 'cancelMediaProcessing',
  'call-mute': 'mute',
  'call-unmute': 'unmute',
  'call-changeScreenSharingRole': 'changeScreenSharingRole',
  'call-updateRecordingStatus': 'updateRecordingStatus',
  'call-addLargeGalleryView': 'addLargeGalleryView',
  'call-keepAlive': 'keepAlive',
  'participant-invite': 'inviteParticipants',
  'participant-invite-multiple': 'inviteParticipants',
  'participant-mute': 'muteParticipant',
  'participant-muteAll': 'muteAllParticipants',
  'participant-startHoldMusic': 'startHoldMusic',
  'participant-stopHoldMusic': 'stopHoldMusic',
};

describe('the call actions table', () => {
  it('names every action once and gives each POST with a body a request codec', () => {
    for (const [key, action] of Object.entries(CALL_ACTIONS)) expect(action.name).toBe(key);
    for (const action of Object.values<CallAction>(CALL_ACTIONS)) {
      if (action.method === 'POST' && action.name !== 'keepAlive') expect(action.request).toBeDefined();
      if (action.operation !== undefined) expect(action.response).toBeDefined();
      expect(action.permissions.length).toBeGreaterThan(0);
    }
  });

  it.each(ACTION_EXAMPLES.map((e) => [e.name, e] as const))(
    'reads the documented %s request and answer with its own codecs',
    (name, example) => {
      const matched = matchCallAction(example.method, example.target);
      expect(matched?.action.name).toBe(EXPECTED_ACTION[name]);
      const action = matched!.action;
      expect(action.status).toBe(example.response.status);
      if (example.body !== undefined) {
        const result = decode(action.request!, example.body);
        expect(result.errors).toEqual([]);
        expect(result.warnings).toEqual([]);
        expect(decode(action.request!, example.body, { fastPath: false }).ok).toBe(true);
      }
      if (example.response.body !== undefined) {
        const result = decode(action.response!, example.response.body);
        expect(result.errors).toEqual([]);
        expect(result.warnings).toEqual([]);
      }
    },
  );

  it('keeps retry rules: a repeat must not play, transfer, answer or invite twice', () => {
    for (const name of [
      'answer',
      'reject',
      'redirect',
      'transfer',
      'playPrompt',
      'recordResponse',
      'inviteParticipants',
      'create',
    ] as const)
      expect(callAction(name).idempotent).toBe(false);
    for (const name of ['get', 'delete', 'keepAlive', 'mute', 'unmute', 'subscribeToTone', 'cancelMediaProcessing'] as const)
      expect(callAction(name).idempotent).toBe(true);
  });
});

describe('callActionPath', () => {
  it('gives each action its path under each calls collection, from the one table entry', () => {
    expect(callActionPath(callAction('create'), 'applications')).toBe('/applications/{applicationId}/calls');
    expect(callActionPath(callAction('keepAlive'), 'app')).toBe('/app/calls/{callId}/keepAlive');
    expect(callActionPath(callAction('getParticipant'), 'applications')).toBe(
      '/applications/{applicationId}/calls/{callId}/participants/{participantId}',
    );
    expect(callActionPath(callAction('listContentSharingSessions'), 'app')).toBeUndefined();
    for (const action of Object.values<CallAction>(CALL_ACTIONS)) {
      expect(callActionPath(action, 'communications')).toBe(action.path);
      const application = callActionPath(action, 'applications');
      // What the transport sends under /applications/{id}/calls, matchCallAction reads back as the same action.
      if (application !== undefined)
        expect(
          matchCallAction(action.method, application.replace('{applicationId}', '0b7a1c2e-1111-4222-8333-444455556666'))?.action.name,
        ).toBe(action.name);
    }
  });
});

describe('matchCallAction', () => {
  it('reads host, version, legacy and 2019 application paths, placeholders and letter case', () => {
    expect(matchCallAction('POST', '/app/calls/{id}/playPrompt')).toMatchObject({ legacy: true, params: { callId: '{id}' } });
    expect(matchCallAction('post', 'https://graph.microsoft.com/beta/applications/{id}/calls/abc/ANSWER?x=1')?.action.name).toBe('answer');
    expect(matchCallAction('POST', '/communications/calls/a%2Fb/participants/p1/mute')).toMatchObject({
      action: { name: 'muteParticipant' },
      params: { callId: 'a/b', participantId: 'p1' },
    });
    expect(matchCallAction('POST', '/communications/calls')?.action.name).toBe('create');
    expect(matchCallAction('GET', '/communications/calls/abc/participants/invite')?.action.name).toBe('getParticipant');
  });

  it('accepts qualified action segments, as the pages write them', () => {
    expect(
      matchCallAction('POST', 'https://graph.microsoft.com/v1.0/communications/calls/{id}/microsoft.graph.sendDtmfTones'),
    ).toMatchObject({
      action: { name: 'sendDtmfTones' },
      params: { callId: '{id}' },
    });
    expect(matchCallAction('POST', '/beta/communications/calls/abc/participants/Microsoft.Graph.configureMixer')?.action.name).toBe(
      'configureMixer',
    );
  });

  it('reads audio routing group, content sharing and device quality paths', () => {
    expect(matchCallAction('GET', '/communications/calls/abc/audioRoutingGroups')?.action.name).toBe('listAudioRoutingGroups');
    expect(matchCallAction('POST', '/app/calls/abc/audioRoutingGroups')).toMatchObject({
      action: { name: 'createAudioRoutingGroup' },
      legacy: true,
    });
    expect(matchCallAction('DELETE', '/communications/calls/abc/audioRoutingGroups/g1')?.action.name).toBe('deleteAudioRoutingGroup');
    expect(matchCallAction('GET', '/communications/calls/abc/contentSharingSessions/s1')?.action.name).toBe('getContentSharingSession');
    expect(matchCallAction('POST', '/communications/calls/logTeleconferenceDeviceQuality')?.action.name).toBe(
      'logTeleconferenceDeviceQuality',
    );
  });

  it('returns undefined for what is not a calls API operation', () => {
    expect(matchCallAction('PATCH', '/communications/calls/abc')).toBeUndefined();
    expect(matchCallAction('POST', '/communications/calls/abc/microsoft.graph.fly')).toBeUndefined();
    expect(matchCallAction('POST', '/me/events')).toBeUndefined();
  });
});

describe('CommsOperation', () => {
  it('tells subtypes apart by @odata.type, else by shape', () => {
    const record = CommsOperation.select({ status: 'completed', recordingLocation: 'https://x' });
    expect(record?.name).toBe('recordOperation');
    expect(CommsOperation.select({ status: 'completed', participants: [{ identity: {} }] })?.name).toBe('inviteParticipantsOperation');
    expect(CommsOperation.select({ status: 'completed', participants: ['p1', 'p2'] })?.name).toBe('muteParticipantsOperation');
    expect(CommsOperation.select({ status: 'running' })?.name).toBe('commsOperation');
    expect(CommsOperation.select({ '@odata.type': '#microsoft.graph.recordResponseOperation' })?.name).toBe('recordOperation');
  });

  it('decodes a muteParticipantsOperation as itself, not as an invitation', () => {
    const body = { '@odata.type': '#microsoft.graph.muteParticipantsOperation', status: 'completed', participants: ['p1'] };
    expect(CommsOperation.select(body)?.name).toBe('muteParticipantsOperation');
    expect(decode(CommsOperation, body).warnings).toEqual([]);
    const asInvite = decode(CommsOperation, { ...body, '@odata.type': '#microsoft.graph.inviteParticipantsOperation' });
    expect(asInvite.errors.map((e) => e.path)).toEqual(['participants[0]']);
  });

  it('reports a resultInfo code written as a string at its path', () => {
    const result = decode(CommsOperation, {
      '@odata.type': '#microsoft.graph.playPromptOperation',
      status: 'completed',
      resultInfo: { code: '0', subcode: 0 },
    });
    expect(result.ok).toBe(false);
    expect(result.errors.map((e) => e.message)).toEqual(['resultInfo.code: expected number, found "0"']);
  });

  it('decodes an unknown status with a warning, not an error', () => {
    const result = decode(CommsOperation, { status: 'paused' });
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => w.code)).toEqual(['unknown-enum-value']);
  });
});

describe('action bodies', () => {
  it('say where a prompt list went wrong', () => {
    const result = decode(PlayPromptRequest, { prompts: [{ mediaInfo: { uri: 42 } }] });
    expect(result.errors.map((e) => e.message)).toEqual(['prompts[0].mediaInfo.uri: expected string, found 42']);
  });

  it('keep unknown parameters', () => {
    const result = decode(PlayPromptRequest, { prompts: [], futureParameter: 1 });
    expect(result.ok && (result.value as Record<string, unknown>)['futureParameter']).toBe(1);
  });
});

describe('action notifications', () => {
  it.each(Object.entries(ACTION_NOTIFICATIONS))('decode %s without errors or warnings', (_name, body) => {
    const result = decode(CommsNotifications, body);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
  });
});

describe('callScenario', () => {
  const app = { identity: { applicationInstance: { id: '11111111-1111-1111-1111-111111111111' } } };
  it('classifies a VoIP call from an application instance as peer-to-peer, a phone target as PSTN', () => {
    expect(callScenario({ source: app, targets: [{ identity: { user: { id: 'u' } } }] })).toBe('peerToPeer');
    expect(callScenario({ source: app, targets: [{ identity: { phone: { id: '+14255550123' } } }] })).toBe('pstn');
    expect(callScenario({ targets: [{ identity: { user: { id: 'a' } } }, { identity: { user: { id: 'b' } } }] })).toBe('groupCall');
  });
});

describe('identityKind and identityDisplayName', () => {
  it('name the identity a participantInfo carries, past @odata.type, endpointType and null members', () => {
    const info = { identity: { '@odata.type': '#microsoft.graph.identitySet', user: null, guest: { id: 'g', displayName: 'Guest Ann' } } };
    expect(identityKind(info)).toBe('guest');
    expect(identityDisplayName(info)).toBe('Guest Ann');
    expect(identityKind({ identity: { endpointType: 'default', phone: { id: '+14255550123' } } })).toBe('phone');
  });

  it('give no display name when there is none to give: no identity, no name, or a name that is not a string', () => {
    expect(identityDisplayName(undefined)).toBeUndefined();
    expect(identityDisplayName({ identity: 'user' })).toBeUndefined();
    expect(identityDisplayName({ identity: { phone: { id: '+14255550123' } } })).toBeUndefined();
    expect(identityDisplayName({ identity: { user: { id: 'u', displayName: null } } })).toBeUndefined();
    expect(identityDisplayName({ identity: { user: { id: 'u', displayName: 42 } } })).toBeUndefined();
    expect(identityDisplayName({ identity: { user: 'u' } })).toBeUndefined();
  });
});
