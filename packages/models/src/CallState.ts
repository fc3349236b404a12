import { openEnum } from './codec/openEnum';

/** The state of a call. `ringing` is documented in beta (Graph's v1.0 type package omits it). */
export const CallState = openEnum('callState', [
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
] as const);
export type CallState = (typeof CallState)['_A'];
