import { openEnum } from './codec/openEnum';

/** Whether a modality is flowing. */
export const MediaState = openEnum('mediaState', ['active', 'inactive', 'unknownFutureValue'] as const);
export type MediaState = (typeof MediaState)['_A'];
