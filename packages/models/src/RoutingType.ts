import { openEnum } from './codec/openEnum';

/** How a call was re-routed. */
export const RoutingType = openEnum('routingType', ['forwarded', 'lookup', 'selfFork', 'unknownFutureValue'] as const);
export type RoutingType = (typeof RoutingType)['_A'];
