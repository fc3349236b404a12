import { openEnum, type OpenEnumType } from './codec/openEnum';

/** The known values, in Graph's order (the codec must list exactly the type's members). */
const CALL_STATE_VALUES = [
  'incoming',
  'establishing',
  'ringing',
  'established',
  'hold',
  'transferring',
  'transferAccepted',
  'redirecting',
  'terminating',
  'terminated',
  'unknownFutureValue',
] as const;

/** The state of a call. `ringing` is documented in beta (Graph's v1.0 type package omits it). */
export type CallState =
  | 'incoming'
  | 'establishing'
  | 'ringing'
  | 'established'
  | 'hold'
  | 'transferring'
  | 'transferAccepted'
  | 'redirecting'
  | 'terminating'
  | 'terminated'
  | 'unknownFutureValue';
/** The codec of {@link CallState}: unknown values decode with a warning. */
export const CallState: OpenEnumType<CallState> = openEnum('callState', CALL_STATE_VALUES);
