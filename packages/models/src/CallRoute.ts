import * as t from 'io-ts';
import { graphObject, type Codec } from './codec/graphObject';
import { IdentitySet } from './IdentitySet';
import { RoutingType } from './RoutingType';

const CallRouteCodec = graphObject(
  'callRoute',
  ['callRoute'],
  {},
  {
    final: IdentitySet,
    original: IdentitySet,
    routingType: RoutingType,
  },
);

/** How a call was re-targeted: from whom to whom. */
export interface CallRoute extends t.TypeOf<typeof CallRouteCodec> {}
/** The codec of {@link CallRoute}: decode with it, or use it in other codecs. */
export const CallRoute: Codec<CallRoute> = CallRouteCodec;
