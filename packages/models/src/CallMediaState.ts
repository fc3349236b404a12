import * as t from 'io-ts';
import { graphObject, nullable } from './codec/graphObject';
import { MediaState } from './MediaState';

/** Whether each modality of a call is flowing. */
export const CallMediaState = graphObject('callMediaState', ['callMediaState'], {}, { audio: nullable(MediaState) });
export type CallMediaState = t.TypeOf<typeof CallMediaState>;
