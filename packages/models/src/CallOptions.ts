import * as t from 'io-ts';
import { graphObject, nullable } from './codec/graphObject';

/** Optional call features (outgoing or incoming call options). */
export const CallOptions = graphObject(
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
export type CallOptions = t.TypeOf<typeof CallOptions>;
