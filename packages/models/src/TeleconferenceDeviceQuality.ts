import * as t from 'io-ts';
import { GuidString } from './codec/checkedString';
import { graphObject, nullable, type Codec } from './codec/graphObject';

/** Shared by the audio, video and screen-sharing quality records (durations are ISO 8601, e.g. `PT0.02S`). */
const mediaQualityProps = {
  averageInboundJitter: nullable(t.string),
  averageInboundPacketLossRateInPercentage: nullable(t.number),
  averageInboundRoundTripDelay: nullable(t.string),
  averageOutboundJitter: nullable(t.string),
  averageOutboundPacketLossRateInPercentage: nullable(t.number),
  averageOutboundRoundTripDelay: nullable(t.string),
  channelIndex: t.number,
  inboundPackets: nullable(t.number),
  localIPAddress: nullable(t.string),
  localPort: nullable(t.number),
  maximumInboundJitter: nullable(t.string),
  maximumInboundPacketLossRateInPercentage: nullable(t.number),
  maximumInboundRoundTripDelay: nullable(t.string),
  maximumOutboundJitter: nullable(t.string),
  maximumOutboundPacketLossRateInPercentage: nullable(t.number),
  maximumOutboundRoundTripDelay: nullable(t.string),
  mediaDuration: nullable(t.string),
  networkLinkSpeedInBytes: nullable(t.number),
  outboundPackets: nullable(t.number),
  remoteIPAddress: nullable(t.string),
  remotePort: nullable(t.number),
};

const TeleconferenceDeviceMediaQualityCodec = graphObject(
  'teleconferenceDeviceMediaQuality',
  [
    'teleconferenceDeviceMediaQuality',
    'teleconferenceDeviceAudioQuality',
    'teleconferenceDeviceVideoQuality',
    'teleconferenceDeviceScreenSharingQuality',
  ],
  {},
  {
    ...mediaQualityProps,
    averageInboundBitRate: nullable(t.number),
    averageInboundFrameRate: nullable(t.number),
    averageOutboundBitRate: nullable(t.number),
    averageOutboundFrameRate: nullable(t.number),
  },
);

/** One media stream's quality figures (audio, video or screen sharing, told by `@odata.type`). */
export interface TeleconferenceDeviceMediaQuality extends t.TypeOf<typeof TeleconferenceDeviceMediaQualityCodec> {}
/** The codec of {@link TeleconferenceDeviceMediaQuality}. */
export const TeleconferenceDeviceMediaQuality: Codec<TeleconferenceDeviceMediaQuality> = TeleconferenceDeviceMediaQualityCodec;

const TeleconferenceDeviceQualityCodec = graphObject(
  'teleconferenceDeviceQuality',
  ['teleconferenceDeviceQuality'],
  {},
  {
    callChainId: GuidString,
    mediaLegId: GuidString,
    participantId: GuidString,
    mediaQualityList: t.array(TeleconferenceDeviceMediaQuality),
    cloudServiceDeploymentEnvironment: nullable(t.string),
    cloudServiceDeploymentId: nullable(t.string),
    cloudServiceInstanceName: nullable(t.string),
    cloudServiceName: nullable(t.string),
    deviceDescription: t.string,
    deviceName: t.string,
  },
);

/** What a video teleconferencing device reports of a call's media quality (`logTeleconferenceDeviceQuality`). */
export interface TeleconferenceDeviceQuality extends t.TypeOf<typeof TeleconferenceDeviceQualityCodec> {}
/** The codec of {@link TeleconferenceDeviceQuality}. */
export const TeleconferenceDeviceQuality: Codec<TeleconferenceDeviceQuality> = TeleconferenceDeviceQualityCodec;
