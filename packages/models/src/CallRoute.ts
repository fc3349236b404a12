import * as t from 'io-ts';
import { graphObject } from './codec/graphObject';
import { IdentitySet } from './IdentitySet';
import { RoutingType } from './RoutingType';

/** How a call was re-targeted: from whom to whom. */
export const CallRoute = graphObject(
  'callRoute',
  ['callRoute'],
  {},
  {
    final: IdentitySet,
    original: IdentitySet,
    routingType: RoutingType,
  },
);
export type CallRoute = t.TypeOf<typeof CallRoute>;
