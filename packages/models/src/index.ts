// Decoding
export { decode, decodeJson, decodeOrThrow } from './decode';
export { parseCall, parseCallRequest, parseCommsNotifications, parseParticipant } from './parse';
export { DecodeError } from './DecodeError';

// Calls
export { Call, callReadOnlyProps, callWritableProps } from './Call';
export { CallRequest } from './CallRequest';
export { CallOptions } from './CallOptions';
export { CallRoute } from './CallRoute';
export { CallMediaState } from './CallMediaState';
export { CallTranscriptionInfo } from './CallTranscriptionInfo';
export { ChatInfo } from './ChatInfo';
export { IncomingContext } from './IncomingContext';
export { ResultInfo } from './ResultInfo';
export { ToneInfo } from './ToneInfo';

// Media
export { MediaConfig, AppHostedMediaConfig, ServiceHostedMediaConfig } from './MediaConfig';
export { MediaInfo } from './MediaInfo';
export { MediaStream } from './MediaStream';

// Meetings
export { MeetingInfo, OrganizerMeetingInfo, TokenMeetingInfo, JoinMeetingIdMeetingInfo } from './MeetingInfo';

// Participants and identities
export { Identity, DirectoryIdentity, PhoneIdentity } from './Identity';
export { IdentitySet } from './IdentitySet';
export { ParticipantInfo } from './ParticipantInfo';
export { InvitationParticipantInfo } from './InvitationParticipantInfo';
export { Participant } from './Participant';
export { ParticipantCollection } from './ParticipantCollection';

// Notifications
export { CommsNotification, NotificationResource } from './CommsNotification';
export { CommsNotifications } from './CommsNotifications';

// Enums
export { CallState } from './CallState';
export { CallDirection } from './CallDirection';
export { ChangeType } from './ChangeType';
export { EndpointType } from './EndpointType';
export { MediaDirection } from './MediaDirection';
export { MediaState } from './MediaState';
export { Modality } from './Modality';
export { RoutingPolicy } from './RoutingPolicy';
export { RoutingType } from './RoutingType';
export { Tone } from './Tone';
export { CallTranscriptionState } from './CallTranscriptionState';

// Codec building blocks (for packages that extend the models)
export { GuidString, E164String } from './codec/checkedString';
export { fastCheck } from './codec/fastCheck';

export type { DecodeOptions, DecodeResult } from './decode';
export type { DecodeIssue, IssueCode } from './DecodeIssue';
