import * as t from 'io-ts';
import { graphObject } from './codec/graphObject';
import { CommsNotification } from './CommsNotification';

/** The body Graph POSTs to a bot's callback: a batch of notifications. */
export const CommsNotifications = graphObject('commsNotifications', ['commsNotifications'], { value: t.array(CommsNotification) }, {});
export type CommsNotifications = t.TypeOf<typeof CommsNotifications>;
