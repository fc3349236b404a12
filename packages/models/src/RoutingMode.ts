import { openEnum, type OpenEnumType } from './codec/openEnum';

const ROUTING_MODE_VALUES = ['oneToOne', 'multicast', 'unknownFutureValue'] as const;

/** How an audio routing group routes: one source to one receiver, or to many. */
export type RoutingMode = 'oneToOne' | 'multicast' | 'unknownFutureValue';
/** The codec of {@link RoutingMode}: unknown values decode with a warning. */
export const RoutingMode: OpenEnumType<RoutingMode> = openEnum('routingMode', ROUTING_MODE_VALUES);
