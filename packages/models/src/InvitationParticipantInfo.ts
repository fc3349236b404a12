import * as t from 'io-ts';
import { EndpointType } from './EndpointType';
import { graphObject, nullable, type Codec } from './codec/graphObject';
import { IdentitySet } from './IdentitySet';

const InvitationParticipantInfoCodec = graphObject(
  'invitationParticipantInfo',
  ['invitationParticipantInfo'],
  { identity: IdentitySet },
  {
    endpointType: nullable(EndpointType),
    hidden: nullable(t.boolean),
    participantId: nullable(t.string),
    removeFromDefaultAudioRoutingGroup: nullable(t.boolean),
    replacesCallId: nullable(t.string),
  },
);

/** Someone a call invites: an entry of `targets`. */
export interface InvitationParticipantInfo extends t.TypeOf<typeof InvitationParticipantInfoCodec> {}
/** The codec of {@link InvitationParticipantInfo}: decode with it, or use it in other codecs. */
export const InvitationParticipantInfo: Codec<InvitationParticipantInfo> = InvitationParticipantInfoCodec;
