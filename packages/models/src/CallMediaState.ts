import * as t from 'io-ts';
import { graphObject, nullable, type Codec } from './codec/graphObject';
import { MediaState } from './MediaState';

const CallMediaStateCodec = graphObject('callMediaState', ['callMediaState'], {}, { audio: nullable(MediaState) });

/** Whether each modality of a call is flowing. */
export interface CallMediaState extends t.TypeOf<typeof CallMediaStateCodec> {}
/** The codec of {@link CallMediaState}: decode with it, or use it in other codecs. */
export const CallMediaState: Codec<CallMediaState> = CallMediaStateCodec;
