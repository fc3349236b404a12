import * as t from 'io-ts';
import { CallTranscriptionState } from './CallTranscriptionState';
import { graphObject, nullable } from './codec/graphObject';

/** Whether a call is being transcribed, and since when. */
export const CallTranscriptionInfo = graphObject(
  'callTranscriptionInfo',
  ['callTranscriptionInfo'],
  {},
  {
    state: CallTranscriptionState,
    lastModifiedDateTime: nullable(t.string),
  },
);
export type CallTranscriptionInfo = t.TypeOf<typeof CallTranscriptionInfo>;
