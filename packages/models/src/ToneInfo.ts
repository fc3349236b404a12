import * as t from 'io-ts';
import { graphObject, type Codec } from './codec/graphObject';
import { Tone } from './Tone';

const ToneInfoCodec = graphObject('toneInfo', ['toneInfo'], {}, { sequenceId: t.number, tone: Tone });

/** A DTMF tone received, with its sequence number. */
export interface ToneInfo extends t.TypeOf<typeof ToneInfoCodec> {}
/** The codec of {@link ToneInfo}: decode with it, or use it in other codecs. */
export const ToneInfo: Codec<ToneInfo> = ToneInfoCodec;
