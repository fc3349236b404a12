import { openEnum } from './codec/openEnum';

/** Whether the call was placed by the bot or to it. */
export const CallDirection = openEnum('callDirection', ['incoming', 'outgoing'] as const);
export type CallDirection = (typeof CallDirection)['_A'];
