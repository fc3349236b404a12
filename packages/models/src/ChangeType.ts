import { openEnum } from './codec/openEnum';

/** What happened to the resource a notification is about. */
export const ChangeType = openEnum('changeType', ['created', 'updated', 'deleted'] as const);
export type ChangeType = (typeof ChangeType)['_A'];
