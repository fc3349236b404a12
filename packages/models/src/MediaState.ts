import { openEnum, type OpenEnumType } from './codec/openEnum';

/** The known values, in Graph's order (the codec must list exactly the type's members). */
const MEDIA_STATE_VALUES = ['active', 'inactive', 'unknownFutureValue'] as const;

/** Whether a modality is flowing. */
export type MediaState = 'active' | 'inactive' | 'unknownFutureValue';
/** The codec of {@link MediaState}: unknown values decode with a warning. */
export const MediaState: OpenEnumType<MediaState> = openEnum('mediaState', MEDIA_STATE_VALUES);
