import { openEnum } from './codec/openEnum';

/** A routing policy (beta). */
export const RoutingPolicy = openEnum('routingPolicy', [
  'none',
  'noMissedCall',
  'disableForwardingExceptPhone',
  'disableForwarding',
  'preferSkypeForBusiness',
  'unknownFutureValue',
] as const);
export type RoutingPolicy = (typeof RoutingPolicy)['_A'];
