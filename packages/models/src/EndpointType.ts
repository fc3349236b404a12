import { openEnum, type OpenEnumType } from './codec/openEnum';

/** The known values, in Graph's order (the codec must list exactly the type's members). */
const ENDPOINT_TYPE_VALUES = ['default', 'voicemail', 'skypeForBusiness', 'skypeForBusinessVoipPhone', 'unknownFutureValue'] as const;

/** The kind of endpoint a participant uses. */
export type EndpointType = 'default' | 'voicemail' | 'skypeForBusiness' | 'skypeForBusinessVoipPhone' | 'unknownFutureValue';
/** The codec of {@link EndpointType}: unknown values decode with a warning. */
export const EndpointType: OpenEnumType<EndpointType> = openEnum('endpointType', ENDPOINT_TYPE_VALUES);
