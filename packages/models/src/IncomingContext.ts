import * as t from 'io-ts';
import { graphObject, nullable } from './codec/graphObject';
import { IdentitySet } from './IdentitySet';

/** Who an incoming call is from, on whose behalf, and who transferred it. */
export const IncomingContext = graphObject(
  'incomingContext',
  ['incomingContext'],
  {},
  {
    sourceParticipantId: nullable(t.string),
    observedParticipantId: nullable(t.string),
    onBehalfOf: nullable(IdentitySet),
    transferor: nullable(IdentitySet),
  },
);
export type IncomingContext = t.TypeOf<typeof IncomingContext>;
