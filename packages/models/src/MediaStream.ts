import * as t from 'io-ts';
import { graphObject, nullable, type Codec } from './codec/graphObject';
import { MediaDirection } from './MediaDirection';
import { Modality } from './Modality';

const MediaStreamCodec = graphObject(
  'mediaStream',
  ['mediaStream'],
  {},
  {
    mediaType: Modality,
    direction: MediaDirection,
    sourceId: t.string,
    label: nullable(t.string),
    serverMuted: t.boolean,
  },
);

/** One media stream of a participant: its type, direction and server mute. */
export interface MediaStream extends t.TypeOf<typeof MediaStreamCodec> {}
/** The codec of {@link MediaStream}: decode with it, or use it in other codecs. */
export const MediaStream: Codec<MediaStream> = MediaStreamCodec;
