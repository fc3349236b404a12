import { openEnum, type OpenEnumType } from './codec/openEnum';

/** The known values, in Graph's order (the codec must list exactly the type's members). */
const ROUTING_TYPE_VALUES = ['forwarded', 'lookup', 'selfFork', 'unknownFutureValue'] as const;

/** How a call was re-routed. */
export type RoutingType = 'forwarded' | 'lookup' | 'selfFork' | 'unknownFutureValue';
/** The codec of {@link RoutingType}: unknown values decode with a warning. */
export const RoutingType: OpenEnumType<RoutingType> = openEnum('routingType', ROUTING_TYPE_VALUES);
