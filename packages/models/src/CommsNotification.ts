import * as t from 'io-ts';
import { CommsOperation, OPERATION_TYPE_NAMES } from './actions/CommsOperation';
import { Call } from './Call';
import { ContentSharingSession } from './ContentSharingSession';
import { ChangeType } from './ChangeType';
import { graphObject, type Codec } from './codec/graphObject';
import { oneOrMany } from './codec/oneOrMany';
import { taggedUnion } from './codec/taggedUnion';
import { Participant } from './Participant';

/** What a notification's `resourceData` holds: a call, a participant, an operation, or a content-sharing session. */
export const NotificationResource = taggedUnion<Call | Participant | CommsOperation | ContentSharingSession>('notificationResource', [
  { name: 'call', codec: Call, matches: (u) => 'state' in u || 'callbackUri' in u || 'mediaConfig' in u },
  {
    name: 'participant',
    codec: Participant,
    // Delta rosters may carry only an id and what changed (isMuted, isInLobby, a sequence number).
    matches: (u) => 'info' in u || 'mediaStreams' in u || 'isMuted' in u || 'isInLobby' in u || 'rosterSequenceNumber' in u,
  },
  { name: 'commsOperation', aliases: OPERATION_TYPE_NAMES, codec: CommsOperation, matches: (u) => 'status' in u },
  // Told only by its @odata.type: its one property, an id, says nothing.
  { name: 'contentSharingSession', codec: ContentSharingSession, matches: () => false },
]);
/** A NotificationResource as decoded: one of its members. */
export type NotificationResource = t.TypeOf<typeof NotificationResource>;

const CommsNotificationCodec = graphObject(
  'commsNotification',
  ['commsNotification'],
  {},
  {
    changeType: ChangeType,
    resourceUrl: t.string,
    resource: t.string,
    resourceData: oneOrMany(NotificationResource),
    callbackUri: t.string,
    '@odata.etag': t.string,
  },
);

/**
 * One change Graph reports to a bot's callback. `resourceUrl` is current; 2019 payloads use
 * `resource`. `resourceData` is one object or an array (a roster).
 */
export interface CommsNotification extends t.TypeOf<typeof CommsNotificationCodec> {}
/** The codec of {@link CommsNotification}: decode with it, or use it in other codecs. */
export const CommsNotification: Codec<CommsNotification> = CommsNotificationCodec;
