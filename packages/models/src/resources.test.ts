import { AudioRoutingGroup, AudioRoutingGroupCollection } from './AudioRoutingGroup';
import { CommsNotifications } from './CommsNotifications';
import { ContentSharingSession } from './ContentSharingSession';
import { decode } from './decode';
import { ConfigureMixerRequest, LogTeleconferenceDeviceQualityRequest } from './actions/resourceBodies';

describe('audioRoutingGroup', () => {
  it('decodes the documented group and reports a routing mode in the wrong case in docs mode', () => {
    const group = {
      id: 'oneToOne',
      routingMode: 'oneToOne',
      sources: ['632899f8-2ea1-4604-8413-27bd2892079f'],
      receivers: ['550fae72-d251-43ec-868c-373732c2704f'],
    };
    expect(decode(AudioRoutingGroup, group).warnings).toEqual([]);
    expect(decode(AudioRoutingGroupCollection, { value: [group] }).ok).toBe(true);
    const strict = decode(AudioRoutingGroup, { ...group, routingMode: 'OneToOne' }, { version: 'beta', strict: true });
    expect(strict.warnings.map((w) => w.message)).toEqual([
      'routingMode: expected "oneToOne" (enum values are case-sensitive), found "OneToOne"',
    ]);
  });

  it('refuses receivers that are not a list, at their path', () => {
    expect(decode(AudioRoutingGroup, { receivers: 'x' }).errors.map((e) => e.message)).toEqual([
      'receivers: expected Array<string> | null, found "x"',
    ]);
  });
});

describe('contentSharingSession', () => {
  it('decodes a session and its notification without warnings', () => {
    expect(decode(ContentSharingSession, { '@odata.type': '#microsoft.graph.contentSharingSession', id: 's1' }).warnings).toEqual([]);
    const notification = {
      '@odata.type': '#microsoft.graph.commsNotifications',
      value: [
        {
          '@odata.type': '#microsoft.graph.commsNotification',
          changeType: 'created',
          resourceUrl: '/communications/calls/421f1100/contentSharingSessions/2765eb15',
          resourceData: [{ '@odata.type': '#microsoft.graph.contentSharingSession', id: '2765eb15' }],
        },
      ],
    };
    const result = decode(CommsNotifications, notification);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
  });
});

describe('configureMixer and logTeleconferenceDeviceQuality bodies', () => {
  it('decode the documented shapes and say where a level is wrong', () => {
    const mixer = {
      participantMixerLevels: [
        {
          participant: 'p1',
          exclusiveMode: true,
          sourceLevels: [{ participant: 'p2', level: 10 }],
          ducking: { lowerLevel: 50, upperLevel: 100, rampActive: 5, rampInactive: 250 },
        },
      ],
      clientContext: 'd45324c1',
    };
    expect(decode(ConfigureMixerRequest, mixer, { version: 'beta', strict: true }).warnings).toEqual([]);
    const bad = decode(ConfigureMixerRequest, {
      participantMixerLevels: [{ participant: 'p1', sourceLevels: [{ participant: 'p2', level: 'loud' }] }],
    });
    expect(bad.errors.map((e) => e.path)).toEqual(['participantMixerLevels[0].sourceLevels[0].level']);
    const quality = {
      quality: {
        '@odata.type': '#microsoft.graph.teleconferenceDeviceQuality',
        callChainId: '0622673d-9f69-49b3-9d4f-5ec64f2ecbbb',
        mediaLegId: 'bd9ee398-4b9d-42c7-8b8d-4e8efad9435f',
        participantId: 'ea078c9b-a63c-4e2a-9a4d-6c8e8d6f7c45',
        deviceName: 'device',
        deviceDescription: 'description',
        mediaQualityList: [
          { '@odata.type': '#microsoft.graph.teleconferenceDeviceAudioQuality', channelIndex: 1, averageInboundJitter: 'PT0.03S' },
        ],
      },
    };
    expect(decode(LogTeleconferenceDeviceQualityRequest, quality).warnings).toEqual([]);
  });
});
