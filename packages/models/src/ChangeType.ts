import { openEnum, type OpenEnumType } from './codec/openEnum';

/** The known values, in Graph's order (the codec must list exactly the type's members). */
const CHANGE_TYPE_VALUES = ['created', 'updated', 'deleted'] as const;

/** What happened to the resource a notification is about. */
export type ChangeType = 'created' | 'updated' | 'deleted';
/** The codec of {@link ChangeType}: unknown values decode with a warning. */
export const ChangeType: OpenEnumType<ChangeType> = openEnum('changeType', CHANGE_TYPE_VALUES);
