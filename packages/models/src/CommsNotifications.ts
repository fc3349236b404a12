import * as t from 'io-ts';
import { graphObject, type Codec } from './codec/graphObject';
import { CommsNotification } from './CommsNotification';

const CommsNotificationsCodec = graphObject('commsNotifications', ['commsNotifications'], { value: t.array(CommsNotification) }, {});

/** The body Graph POSTs to a bot's callback: a batch of notifications. */
export interface CommsNotifications extends t.TypeOf<typeof CommsNotificationsCodec> {}
/** The codec of {@link CommsNotifications}: decode with it, or use it in other codecs. */
export const CommsNotifications: Codec<CommsNotifications> = CommsNotificationsCodec;
