import * as t from 'io-ts';
import { graphObject, nullable, type Codec } from './codec/graphObject';

const CallOptionsCodec = graphObject(
  'callOptions',
  ['callOptions', 'outgoingCallOptions', 'incomingCallOptions'],
  {},
  {
    hideBotAfterEscalation: nullable(t.boolean),
    isContentSharingNotificationEnabled: nullable(t.boolean),
    isDeltaRosterEnabled: nullable(t.boolean),
    isInteractiveRosterEnabled: nullable(t.boolean),
  },
);

/** Optional call features (outgoing or incoming call options). */
export interface CallOptions extends t.TypeOf<typeof CallOptionsCodec> {}
/** The codec of {@link CallOptions}: decode with it, or use it in other codecs. */
export const CallOptions: Codec<CallOptions> = CallOptionsCodec;
