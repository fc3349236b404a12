import * as t from 'io-ts';
import { Call } from './Call';
import { ChangeType } from './ChangeType';
import { graphObject, type Codec } from './codec/graphObject';
import { oneOrMany } from './codec/oneOrMany';
import { taggedUnion } from './codec/taggedUnion';
import { Participant } from './Participant';

const OPERATION_TYPES = [
  'playPromptOperation',
  'recordOperation',
  'recordResponseOperation',
  'muteParticipantOperation',
  'unmuteParticipantOperation',
  'subscribeToToneOperation',
  'inviteParticipantsOperation',
  'cancelMediaProcessingOperation',
  'updateRecordingStatusOperation',
  'startHoldMusicOperation',
  'stopHoldMusicOperation',
  'addLargeGalleryViewOperation',
  'sendDtmfTonesOperation',
];

/** A long-running operation's state, as notifications report it. */
const CommsOperation = graphObject(
  'commsOperation',
  ['commsOperation', ...OPERATION_TYPES],
  {},
  {
    id: t.string,
    status: t.string,
    clientContext: t.union([t.string, t.null]),
    resultInfo: t.union([t.UnknownRecord, t.null]),
  },
);

/** What a notification's `resourceData` holds: a call, a participant, or an operation. */
export const NotificationResource = taggedUnion<Call | Participant | t.TypeOf<typeof CommsOperation>>('notificationResource', [
  { name: 'call', codec: Call, matches: (u) => 'state' in u || 'callbackUri' in u || 'mediaConfig' in u },
  {
    name: 'participant',
    codec: Participant,
    // Delta rosters may carry only an id and what changed (isMuted, isInLobby, a sequence number).
    matches: (u) => 'info' in u || 'mediaStreams' in u || 'isMuted' in u || 'isInLobby' in u || 'rosterSequenceNumber' in u,
  },
  { name: 'commsOperation', aliases: OPERATION_TYPES, codec: CommsOperation, matches: (u) => 'status' in u },
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
