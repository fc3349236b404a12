import { openEnum } from './codec/openEnum';

/** The direction of a media stream. */
export const MediaDirection = openEnum('mediaDirection', ['inactive', 'sendOnly', 'receiveOnly', 'sendReceive'] as const);
export type MediaDirection = (typeof MediaDirection)['_A'];
