import * as t from 'io-ts';
import { EndpointType } from './EndpointType';
import { graphObject, nullable } from './codec/graphObject';
import { IdentitySet } from './IdentitySet';

/** Someone a call invites: an entry of `targets`. */
export const InvitationParticipantInfo = graphObject(
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
export type InvitationParticipantInfo = t.TypeOf<typeof InvitationParticipantInfo>;
