import { openEnum, type OpenEnumType } from './codec/openEnum';

/** The known values, in Graph's order (the codec must list exactly the type's members). */
const CALL_TRANSCRIPTION_STATE_VALUES = ['notStarted', 'active', 'inactive', 'unknownFutureValue'] as const;

/** The transcription state of a call. */
export type CallTranscriptionState = 'notStarted' | 'active' | 'inactive' | 'unknownFutureValue';
/** The codec of {@link CallTranscriptionState}: unknown values decode with a warning. */
export const CallTranscriptionState: OpenEnumType<CallTranscriptionState> = openEnum(
  'callTranscriptionState',
  CALL_TRANSCRIPTION_STATE_VALUES,
);
