import * as t from 'io-ts';
import { graphObject } from './codec/graphObject';
import { Tone } from './Tone';

/** A DTMF tone received, with its sequence number. */
export const ToneInfo = graphObject('toneInfo', ['toneInfo'], {}, { sequenceId: t.number, tone: Tone });
export type ToneInfo = t.TypeOf<typeof ToneInfo>;
