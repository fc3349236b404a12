// Decoding
export { decode, decodeJson, decodeOrThrow } from './decode';
export { parseCall, parseCallRequest, parseCommsNotifications, parseParticipant } from './parse';
export { DecodeError } from './DecodeError';
export { GraphCallingError, isGraphCallingError } from './GraphCallingError';
export { errorMessage } from './errorMessage';
export { isRecord } from './isRecord';

// Ids from outside (call, participant, operation): one check for every entry point
export { checkResourceId, resourceIdProblem, ResourceIdError, MAX_RESOURCE_ID_LENGTH } from './ResourceId';
export type { ResourceIdProblem } from './ResourceId';

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

// Audio routing, content sharing, device quality, mixer
export { AudioRoutingGroup, AudioRoutingGroupCollection } from './AudioRoutingGroup';
export { RoutingMode } from './RoutingMode';
export { ContentSharingSession, ContentSharingSessionCollection } from './ContentSharingSession';
export { TeleconferenceDeviceQuality, TeleconferenceDeviceMediaQuality } from './TeleconferenceDeviceQuality';
export { ParticipantMixerLevel, AudioSourceLevel, AudioDuckingConfiguration } from './ParticipantMixerLevel';
export { ConfigureMixerRequest, LogTeleconferenceDeviceQualityRequest } from './actions/resourceBodies';

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
export type { Codec } from './codec/graphObject';
export type { OpenUnion } from './codec/openEnum';

// JSON paths, value previews and formats: one owner for every package that reports on JSON
export { appendJsonPath, formatJsonPath, joinJsonPath, parseJsonPath, previewJson, type PathSegment } from './codec/path';
export { E164_PATTERN, GUID_PATTERN } from './codec/checkedString';

export type { DecodeOptions, DecodeResult } from './decode';

// Versions: which properties, enum values and parameters Graph beta and v1.0 have (one generated table)
export { VERSION_TABLE, GRAPH_ENUMS } from './versions/versionTable.generated';
export { versionIssues } from './versions/versionIssues';
export { typeSpec } from './versions/typeSpec';
export { closestName } from './versions/closestName';
export { isPlaceholderValue } from './versions/placeholder';
export type { GraphVersion, PropertySpec, TypeSpec, VersionTable } from './versions/VersionTable';
export type { VersionCheckOptions } from './versions/versionIssues';
export type { MergedTypeSpec } from './versions/typeSpec';
export type { DecodeIssue, IssueCode } from './DecodeIssue';

// Call actions, operations, scenarios and permissions (one table: see actions/callActions.ts)
export { CALL_ACTIONS, callAction, callActionAnswer, callActionPath } from './actions/callActions';
export { matchCallAction } from './actions/matchCallAction';
export { callScenario, identityDisplayName, identityKind, isGuestSource, CREATE_CALL_PERMISSIONS } from './actions/callScenario';
export { CALLING_PERMISSIONS } from './actions/CallingPermission';
export { OperationStatus, isOperationStatus } from './actions/OperationStatus';
export { MediaPrompt } from './actions/MediaPrompt';
export {
  CommsOperation,
  OPERATION_CODECS,
  OPERATION_TYPE_NAMES,
  PlayPromptOperation,
  RecordOperation,
  SubscribeToToneOperation,
  InviteParticipantsOperation,
  MuteParticipantOperation,
  MuteParticipantsOperation,
  UnmuteParticipantOperation,
  UpdateRecordingStatusOperation,
  CancelMediaProcessingOperation,
  StartHoldMusicOperation,
  StopHoldMusicOperation,
  AddLargeGalleryViewOperation,
  SendDtmfTonesOperation,
  PlayPromptCompletionReason,
  RecordCompletionReason,
} from './actions/CommsOperation';
export { AnswerRequest, RejectRequest, RejectReason, RedirectRequest, RedirectTargetDisposition } from './actions/incomingCallBodies';
export {
  TransferRequest,
  PlayPromptRequest,
  RecordResponseRequest,
  SubscribeToToneRequest,
  SendDtmfTonesRequest,
  CancelMediaProcessingRequest,
  MuteRequest,
  UnmuteRequest,
  ChangeScreenSharingRoleRequest,
  ScreenSharingRole,
  UpdateRecordingStatusRequest,
  RecordingStatus,
  AddLargeGalleryViewRequest,
} from './actions/inCallBodies';
export {
  InviteParticipantsRequest,
  MuteParticipantRequest,
  MuteAllParticipantsRequest,
  StartHoldMusicRequest,
  StopHoldMusicRequest,
} from './actions/participantBodies';

export type {
  AnsweringCallActionName,
  CallAction,
  CallActionAnswer,
  CallActionBody,
  CallActionName,
  CallActions,
  CallsCollection,
  OperationCallActionName,
  TypedCallAction,
} from './actions/callActions';
export type { MatchedCallAction } from './actions/matchCallAction';
export type { CallScenario } from './actions/callScenario';
export type { CallingPermission } from './actions/CallingPermission';
export type { OperationType } from './actions/CommsOperation';
