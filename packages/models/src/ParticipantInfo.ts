import * as t from 'io-ts';
import { EndpointType } from './EndpointType';
import { graphObject, nullable } from './codec/graphObject';
import { IdentitySet } from './IdentitySet';

/** A call participant as Graph describes it (a call's `source`, a participant's `info`). */
export const ParticipantInfo = graphObject(
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
export type ParticipantInfo = t.TypeOf<typeof ParticipantInfo>;
