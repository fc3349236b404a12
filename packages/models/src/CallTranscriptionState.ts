import { openEnum } from './codec/openEnum';

/** The transcription state of a call. */
export const CallTranscriptionState = openEnum('callTranscriptionState', [
  'notStarted',
  'active',
  'inactive',
  'unknownFutureValue',
] as const);
export type CallTranscriptionState = (typeof CallTranscriptionState)['_A'];
