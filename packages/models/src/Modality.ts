import { openEnum } from './codec/openEnum';

/** A media modality. `unknown` and `screenSharing` appear in some pages; they decode with a warning. */
export const Modality = openEnum('modality', ['audio', 'video', 'videoBasedScreenSharing', 'data', 'unknownFutureValue'] as const);
export type Modality = (typeof Modality)['_A'];
