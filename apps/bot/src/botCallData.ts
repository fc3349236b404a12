import * as t from 'io-ts';
import { IvrState } from './ivr';

/**
 * What the bot keeps with each call's record (any instance reads it): the scenario id of a call it
 * placed or answered (for logs and the status route), and where the call's IVR is.
 */
export const BotCallData = t.partial({ scenarioId: t.string, ivr: IvrState }, 'BotCallData');
/** See {@link BotCallData}. */
export type BotCallData = t.TypeOf<typeof BotCallData>;
