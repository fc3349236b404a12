import { openEnum, type OpenEnumType } from './codec/openEnum';

/** The known values, in Graph's order (the codec must list exactly the type's members). */
const ROUTING_POLICY_VALUES = [
  'none',
  'noMissedCall',
  'disableForwardingExceptPhone',
  'disableForwarding',
  'preferSkypeForBusiness',
  'unknownFutureValue',
] as const;

/** A routing policy (beta). */
export type RoutingPolicy =
  'none' | 'noMissedCall' | 'disableForwardingExceptPhone' | 'disableForwarding' | 'preferSkypeForBusiness' | 'unknownFutureValue';
/** The codec of {@link RoutingPolicy}: unknown values decode with a warning. */
export const RoutingPolicy: OpenEnumType<RoutingPolicy> = openEnum('routingPolicy', ROUTING_POLICY_VALUES);
