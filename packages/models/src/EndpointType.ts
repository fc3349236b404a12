import { openEnum } from './codec/openEnum';

/** The kind of endpoint a participant uses. */
export const EndpointType = openEnum('endpointType', [
  'default',
  'voicemail',
  'skypeForBusiness',
  'skypeForBusinessVoipPhone',
  'unknownFutureValue',
] as const);
export type EndpointType = (typeof EndpointType)['_A'];
