import * as t from 'io-ts';
import { graphObject, nullable, type Codec } from './codec/graphObject';

const MediaInfoCodec = graphObject('mediaInfo', ['mediaInfo'], { uri: t.string }, { resourceId: nullable(t.string) });

/** A media file Graph can play: its URI and the id to play it by. */
export interface MediaInfo extends t.TypeOf<typeof MediaInfoCodec> {}
/** The codec of {@link MediaInfo}: decode with it, or use it in other codecs. */
export const MediaInfo: Codec<MediaInfo> = MediaInfoCodec;
