import * as t from 'io-ts';
import { EndpointType } from './EndpointType';
import { graphObject, nullable, type Codec } from './codec/graphObject';
import { IdentitySet } from './IdentitySet';

const ParticipantInfoCodec = graphObject(
  'participantInfo',
  ['participantInfo'],
  {},
  {
    identity: IdentitySet,
    endpointType: nullable(EndpointType),
    countryCode: nullable(t.string),
    languageId: nullable(t.string),
    region: nullable(t.string),
    participantId: nullable(t.string),
    platformId: nullable(t.string),
  },
);

/** A call participant as Graph describes it (a call's `source`, a participant's `info`). */
export interface ParticipantInfo extends t.TypeOf<typeof ParticipantInfoCodec> {}
/** The codec of {@link ParticipantInfo}: decode with it, or use it in other codecs. */
export const ParticipantInfo: Codec<ParticipantInfo> = ParticipantInfoCodec;
