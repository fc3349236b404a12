import * as t from 'io-ts';
import { graphObject, type Codec } from './codec/graphObject';

const ContentSharingSessionCodec = graphObject('contentSharingSession', ['contentSharingSession'], {}, { id: t.string });

/** A screen or content sharing session in a call (its id is all Graph tells). */
export interface ContentSharingSession extends t.TypeOf<typeof ContentSharingSessionCodec> {}
/** The codec of {@link ContentSharingSession}. */
export const ContentSharingSession: Codec<ContentSharingSession> = ContentSharingSessionCodec;

const ContentSharingSessionCollectionCodec = t.type({ value: t.array(ContentSharingSession) }, 'contentSharingSessionCollection');

/** The answer of `GET /communications/calls/{id}/contentSharingSessions`. */
export interface ContentSharingSessionCollection extends t.TypeOf<typeof ContentSharingSessionCollectionCodec> {}
/** The codec of {@link ContentSharingSessionCollection}. */
export const ContentSharingSessionCollection: Codec<ContentSharingSessionCollection> = ContentSharingSessionCollectionCodec;
