import * as t from 'io-ts';
import { IvrState } from './ivr';

/** What the bot keeps with each call's record (any instance reads it): where the call's IVR is. */
export const BotCallData = t.partial({ ivr: IvrState }, 'BotCallData');
/** See {@link BotCallData}. */
export type BotCallData = t.TypeOf<typeof BotCallData>;
