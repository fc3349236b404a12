import { openEnum, type OpenEnumType } from './codec/openEnum';

/** The known values, in Graph's order (the codec must list exactly the type's members). */
const CALL_DIRECTION_VALUES = ['incoming', 'outgoing'] as const;

/** Whether the call was placed by the bot or to it. */
export type CallDirection = 'incoming' | 'outgoing';
/** The codec of {@link CallDirection}: unknown values decode with a warning. */
export const CallDirection: OpenEnumType<CallDirection> = openEnum('callDirection', CALL_DIRECTION_VALUES);
