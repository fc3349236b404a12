import { openEnum, type OpenEnumType } from './codec/openEnum';

/** The known values, in Graph's order (the codec must list exactly the type's members). */
const MODALITY_VALUES = ['audio', 'video', 'videoBasedScreenSharing', 'data', 'unknownFutureValue'] as const;

/** A media modality. `unknown` and `screenSharing` appear in some pages; they decode with a warning. */
export type Modality = 'audio' | 'video' | 'videoBasedScreenSharing' | 'data' | 'unknownFutureValue';
/** The codec of {@link Modality}: unknown values decode with a warning. */
export const Modality: OpenEnumType<Modality> = openEnum('modality', MODALITY_VALUES);
