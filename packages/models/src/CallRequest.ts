import * as t from 'io-ts';
import { callReadOnlyProps } from './Call';
import { CallOptions } from './CallOptions';
import { ChatInfo } from './ChatInfo';
import { GuidString } from './codec/checkedString';
import { nullable, type Codec } from './codec/graphObject';
import { odataType } from './codec/odataType';
import { readOnlyProps } from './codec/readOnlyProps';
import { InvitationParticipantInfo } from './InvitationParticipantInfo';
import { MediaConfig } from './MediaConfig';
import { MeetingInfo } from './MeetingInfo';
import { Modality } from './Modality';
import { ParticipantInfo } from './ParticipantInfo';
import { RoutingPolicy } from './RoutingPolicy';

const CallRequestCodec = t.intersection(
  [
    t.type({ callbackUri: t.string, mediaConfig: MediaConfig }, 'callRequest'),
    t.partial(
      {
        requestedModalities: t.array(Modality),
        '@odata.type': odataType('call'),
        source: ParticipantInfo,
        targets: t.array(InvitationParticipantInfo),
        chatInfo: ChatInfo,
        meetingInfo: MeetingInfo,
        tenantId: GuidString,
        subject: nullable(t.string),
        callOptions: CallOptions,
        callChainId: t.string,
        ringingTimeoutInSeconds: t.number,
        routingPolicies: t.array(RoutingPolicy),
      },
      'callRequest',
    ),
    readOnlyProps(Object.keys(callReadOnlyProps)),
  ],
  'callRequest',
);

/**
 * The body of `POST /communications/calls` (and the legacy `POST /app/calls`): what a client
 * may send. `callbackUri` and `mediaConfig` are required (`requestedModalities` is missing from a
 * 2019 example, so it is optional here; the builders always set it). Read-only
 * properties are accepted with a warning, because the documented examples send them.
 * `tenantId` is read-only on the beta resource page, yet the meeting-join examples send it
 * to name the meeting's tenant, so it is accepted here without a warning.
 */
export interface CallRequest extends t.TypeOf<typeof CallRequestCodec> {}
/** The codec of {@link CallRequest}: decode with it, or use it in other codecs. */
export const CallRequest: Codec<CallRequest> = CallRequestCodec;
