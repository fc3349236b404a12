// Scenarios
export { peerToPeerCall } from './peerToPeerCall';
export { groupCall, MAX_GROUP_VOIP_TARGETS } from './groupCall';
export { joinMeeting } from './joinMeeting';
export { joinMeetingById } from './joinMeetingById';
export { joinMeetingWithToken } from './joinMeetingWithToken';
export { pstnCall } from './pstnCall';
export { joinFromLink, parseJoinLink, JoinLinkError } from './joinLink';

// Parties and media
export { user, application, applicationInstance, phone, guest, legacyGuestUser } from './identities';
export { serviceHosted, appHosted } from './media';

// Permissions and classification
export { requiredPermissions, checkPermissions } from './permissions';

// Snippets
export { toTypeScript, builderCallFor } from './toTypeScript';
export { diffJson } from './diffJson';

export { BuilderError } from './BuilderError';

export type { BuilderErrorCode } from './BuilderError';
export type { CommonOptions, CallOptionsInput } from './CommonOptions';
export type { PeerToPeerCallOptions } from './peerToPeerCall';
export type { GroupCallOptions } from './groupCall';
export type { JoinMeetingOptions } from './joinMeeting';
export type { JoinMeetingByIdOptions } from './joinMeetingById';
export type { JoinMeetingWithTokenOptions } from './joinMeetingWithToken';
export type { PstnCallOptions } from './pstnCall';
export type { JoinLink, JoinFromLinkOptions } from './joinLink';
export type { ChatInfoInput } from './chatInfo';
export type { IdentityRef, IdentityKind, IdentityOptions } from './identities';
export type { Media, ServiceHostedMedia, AppHostedMedia, ServiceHostedOptions, AppHostedOptions, PreFetchMedia } from './media';
export type { Annotate } from './render';
export type { PermissionRequirement, PermissionCheck } from './permissions';
export type { BuilderCall } from './toTypeScript';

// In-call actions (bodies for the actions of the models' CALL_ACTIONS table)
export { answer, reject, redirect } from './actions/incomingCall';
export {
  transfer,
  playPrompt,
  recordResponse,
  subscribeToTone,
  sendDtmfTones,
  cancelMediaProcessing,
  mute,
  unmute,
  changeScreenSharingRole,
  updateRecordingStatus,
  addLargeGalleryView,
} from './actions/inCall';
export {
  inviteParticipants,
  muteParticipant,
  muteAllParticipants,
  startHoldMusic,
  stopHoldMusic,
  MAX_INVITED,
} from './actions/participants';
export { actionPermissions, missingActionPermissions } from './actions/actionPermissions';
export { ACTION_BUILDERS, buildActionBody } from './actions/actionBuilders';
export type { ActionBuilderOptions, BuiltCallActionName } from './actions/actionBuilders';

export type { AnswerOptions, RejectOptions, RedirectOptions } from './actions/incomingCall';
export type {
  ClientContextOptions,
  TransferOptions,
  PlayPromptOptions,
  RecordResponseOptions,
  SendDtmfTonesOptions,
  UpdateRecordingStatusOptions,
} from './actions/inCall';
export type { InviteParticipantsOptions, MuteAllParticipantsOptions, StartHoldMusicOptions } from './actions/participants';
export type { PromptInput } from './actions/actionOptions';
export type { ActionPermissionRequirement } from './actions/actionPermissions';
export { actionCallFor, actionToTypeScript } from './actions/actionToTypeScript';
export type { ActionBuilderCall } from './actions/actionToTypeScript';
