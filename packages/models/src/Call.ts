import * as t from 'io-ts';
import { CallDirection } from './CallDirection';
import { CallMediaState } from './CallMediaState';
import { CallOptions } from './CallOptions';
import { CallRoute } from './CallRoute';
import { CallState } from './CallState';
import { CallTranscriptionInfo } from './CallTranscriptionInfo';
import { ChatInfo } from './ChatInfo';
import { GuidString } from './codec/checkedString';
import { graphObject, nullable, type Codec } from './codec/graphObject';
import { IncomingContext } from './IncomingContext';
import { InvitationParticipantInfo } from './InvitationParticipantInfo';
import { MediaConfig } from './MediaConfig';
import { MeetingInfo } from './MeetingInfo';
import { Modality } from './Modality';
import { ParticipantInfo } from './ParticipantInfo';
import { ResultInfo } from './ResultInfo';
import { RoutingPolicy } from './RoutingPolicy';
import { ToneInfo } from './ToneInfo';

/** The properties a client may send when it creates a call. */
export const callWritableProps = {
  callbackUri: t.string,
  callChainId: nullable(t.string),
  callOptions: nullable(CallOptions),
  chatInfo: nullable(ChatInfo),
  mediaConfig: nullable(MediaConfig),
  meetingInfo: nullable(MeetingInfo),
  requestedModalities: nullable(t.array(Modality)),
  ringingTimeoutInSeconds: nullable(t.number),
  routingPolicies: nullable(t.array(RoutingPolicy)),
  source: nullable(ParticipantInfo),
  subject: nullable(t.string),
  targets: nullable(t.array(InvitationParticipantInfo)),
  tenantId: nullable(GuidString),
};

/** The properties only Graph sets (read-only or server generated). */
export const callReadOnlyProps = {
  id: t.string,
  state: nullable(CallState),
  direction: nullable(CallDirection),
  myParticipantId: nullable(t.string),
  resultInfo: nullable(ResultInfo),
  mediaState: nullable(CallMediaState),
  callRoutes: nullable(t.array(CallRoute)),
  incomingContext: nullable(IncomingContext),
  toneInfo: nullable(ToneInfo),
  transcription: nullable(CallTranscriptionInfo),
  activeModalities: nullable(t.array(Modality)),
  answeredBy: nullable(ParticipantInfo),
  terminationReason: nullable(t.string),
  meetingCapability: nullable(t.UnknownRecord),
};

const CallCodec = graphObject('call', ['call'], {}, { ...callWritableProps, ...callReadOnlyProps });

/** A call as Graph returns it (responses, notifications, GET). Every property may be absent. */
export interface Call extends t.TypeOf<typeof CallCodec> {}
/** The codec of {@link Call}: decode with it, or use it in other codecs. */
export const Call: Codec<Call> = CallCodec;
