import * as t from 'io-ts';
import { graphObject } from '../codec/graphObject';
import { MediaInfo } from '../MediaInfo';

/** A prompt Graph plays from a media file (playPrompt, recordResponse, startHoldMusic). */
export const MediaPrompt = graphObject('mediaPrompt', ['mediaPrompt', 'prompt'], { mediaInfo: MediaInfo }, {});
export type MediaPrompt = t.TypeOf<typeof MediaPrompt>;
