import * as t from 'io-ts';
import { graphObject, nullable } from './codec/graphObject';
import { MediaDirection } from './MediaDirection';
import { Modality } from './Modality';

/** One media stream of a participant: its type, direction and server mute. */
export const MediaStream = graphObject(
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
export type MediaStream = t.TypeOf<typeof MediaStream>;
