import * as t from 'io-ts';
import { CallTranscriptionState } from './CallTranscriptionState';
import { graphObject, nullable, type Codec } from './codec/graphObject';

const CallTranscriptionInfoCodec = graphObject(
  'callTranscriptionInfo',
  ['callTranscriptionInfo'],
  {},
  {
    state: CallTranscriptionState,
    lastModifiedDateTime: nullable(t.string),
  },
);

/** Whether a call is being transcribed, and since when. */
export interface CallTranscriptionInfo extends t.TypeOf<typeof CallTranscriptionInfoCodec> {}
/** The codec of {@link CallTranscriptionInfo}: decode with it, or use it in other codecs. */
export const CallTranscriptionInfo: Codec<CallTranscriptionInfo> = CallTranscriptionInfoCodec;
