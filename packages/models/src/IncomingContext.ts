import * as t from 'io-ts';
import { graphObject, nullable, type Codec } from './codec/graphObject';
import { IdentitySet } from './IdentitySet';

const IncomingContextCodec = graphObject(
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

/** Who an incoming call is from, on whose behalf, and who transferred it. */
export interface IncomingContext extends t.TypeOf<typeof IncomingContextCodec> {}
/** The codec of {@link IncomingContext}: decode with it, or use it in other codecs. */
export const IncomingContext: Codec<IncomingContext> = IncomingContextCodec;
