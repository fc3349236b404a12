import * as t from 'io-ts';
import { graphObject, nullable } from './codec/graphObject';

/** A media file Graph can play: its URI and the id to play it by. */
export const MediaInfo = graphObject('mediaInfo', ['mediaInfo'], { uri: t.string }, { resourceId: nullable(t.string) });
export type MediaInfo = t.TypeOf<typeof MediaInfo>;
