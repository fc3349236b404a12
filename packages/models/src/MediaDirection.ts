import { openEnum, type OpenEnumType } from './codec/openEnum';

/** The known values, in Graph's order (the codec must list exactly the type's members). */
const MEDIA_DIRECTION_VALUES = ['inactive', 'sendOnly', 'receiveOnly', 'sendReceive'] as const;

/** The direction of a media stream. */
export type MediaDirection = 'inactive' | 'sendOnly' | 'receiveOnly' | 'sendReceive';
/** The codec of {@link MediaDirection}: unknown values decode with a warning. */
export const MediaDirection: OpenEnumType<MediaDirection> = openEnum('mediaDirection', MEDIA_DIRECTION_VALUES);
