import type * as t from 'io-ts';
import { Call } from '../Call';
import { CallRequest } from '../CallRequest';
import { Participant } from '../Participant';
import { CALLING_PERMISSIONS, type CallingPermission } from './CallingPermission';
import {
  AddLargeGalleryViewOperation,
  CancelMediaProcessingOperation,
  InviteParticipantsOperation,
  MuteParticipantOperation,
  MuteParticipantsOperation,
  PlayPromptOperation,
  RecordOperation,
  SendDtmfTonesOperation,
  StartHoldMusicOperation,
  StopHoldMusicOperation,
  SubscribeToToneOperation,
  UnmuteParticipantOperation,
  UpdateRecordingStatusOperation,
  type OperationType,
} from './CommsOperation';
import {
  AddLargeGalleryViewRequest,
  CancelMediaProcessingRequest,
  ChangeScreenSharingRoleRequest,
  MuteRequest,
  PlayPromptRequest,
  RecordResponseRequest,
  SendDtmfTonesRequest,
  SubscribeToToneRequest,
  TransferRequest,
  UnmuteRequest,
  UpdateRecordingStatusRequest,
} from './inCallBodies';
import { AnswerRequest, RedirectRequest, RejectRequest } from './incomingCallBodies';
import { ParticipantCollection } from '../ParticipantCollection';
import { AudioRoutingGroup, AudioRoutingGroupCollection } from '../AudioRoutingGroup';
import { ContentSharingSession, ContentSharingSessionCollection } from '../ContentSharingSession';
import { BaseCommsOperation } from './CommsOperation';
import { ConfigureMixerRequest, LogTeleconferenceDeviceQualityRequest } from './resourceBodies';
import {
  InviteParticipantsRequest,
  MuteAllParticipantsRequest,
  MuteParticipantRequest,
  StartHoldMusicRequest,
  StopHoldMusicRequest,
} from './participantBodies';

/** The name of a Graph calls API operation, as the client and the builders call it. */
export type CallActionName =
  | 'create'
  | 'get'
  | 'delete'
  | 'keepAlive'
  | 'answer'
  | 'reject'
  | 'redirect'
  | 'transfer'
  | 'playPrompt'
  | 'recordResponse'
  | 'subscribeToTone'
  | 'sendDtmfTones'
  | 'cancelMediaProcessing'
  | 'mute'
  | 'unmute'
  | 'changeScreenSharingRole'
  | 'updateRecordingStatus'
  | 'addLargeGalleryView'
  | 'listParticipants'
  | 'getParticipant'
  | 'deleteParticipant'
  | 'inviteParticipants'
  | 'muteParticipant'
  | 'muteAllParticipants'
  | 'startHoldMusic'
  | 'stopHoldMusic'
  | 'configureMixer'
  | 'listAudioRoutingGroups'
  | 'createAudioRoutingGroup'
  | 'getAudioRoutingGroup'
  | 'deleteAudioRoutingGroup'
  | 'listContentSharingSessions'
  | 'getContentSharingSession'
  | 'logTeleconferenceDeviceQuality';

/** One operation of the Graph calls API: everything builders, transport, simulator and docs need to know. */
export interface CallAction {
  readonly name: CallActionName;
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Path below the version root; `{callId}` and `{participantId}` are the parameters. */
  readonly path: string;
  /** The deprecated beta path (`/app/calls/…`), where there is one. */
  readonly legacyPath?: string;
  readonly versions: readonly ('v1.0' | 'beta')[];
  /** The request body's codec; absent when the request has no body. */
  readonly request?: t.Mixed;
  /** The success status Graph answers with. */
  readonly status: 200 | 201 | 202 | 204;
  /** The success body's codec; absent when the answer has no body. */
  readonly response?: t.Mixed;
  /** The long-running operation the action starts (its completion arrives as a notification). */
  readonly operation?: OperationType;
  /**
   * The application permissions of which the app needs one. Create call depends on the
   * scenario (see `CREATE_CALL_PERMISSIONS`); app-hosted media adds Calls.AccessMedia.All.
   */
  readonly permissions: readonly CallingPermission[];
  /**
   * True when repeating the request cannot do more than doing it once (reads, deletes, setting a
   * state): it may be retried after a timeout or a dropped connection. False when a repeat would
   * act twice (answer, transfer, play, invite): it is retried only when Graph's answer proves it
   * did not act (429/503 with Retry-After).
   */
  readonly idempotent: boolean;
  /** Only on calls whose media Graph hosts (`serviceHostedMediaConfig`). */
  readonly serviceHostedMediaOnly?: boolean;
  /** Only on group calls and meetings. */
  readonly groupCallsOnly?: boolean;
}

const BOTH = ['v1.0', 'beta'] as const;
const JOINED_GROUP: readonly CallingPermission[] = ['Calls.JoinGroupCall.All', 'Calls.JoinGroupCallAsGuest.All'];
const IN_GROUP: readonly CallingPermission[] = [...JOINED_GROUP, 'Calls.InitiateGroupCall.All'];
const MEDIA: readonly CallingPermission[] = ['Calls.AccessMedia.All'];
const INITIATE_OR_MEDIA: readonly CallingPermission[] = ['Calls.Initiate.All', 'Calls.AccessMedia.All'];

/** Name, method and paths of a `POST …/calls/{callId}/<segment>` action; `legacy` false when `/app/calls` never had it. */
const post = <const N extends CallActionName>(name: N, segment: string, legacy = true) => ({
  name,
  method: 'POST' as const,
  path: `/communications/calls/{callId}/${segment}`,
  ...(legacy ? { legacyPath: `/app/calls/{callId}/${segment}` } : {}),
  versions: BOTH,
});

/** Name, method and paths of an action on `/communications/calls<suffix>` that `/app/calls` has too. */
const at = <const N extends CallActionName, const M extends CallAction['method']>(name: N, method: M, suffix: string) => ({
  name,
  method,
  path: `/communications/calls${suffix}`,
  legacyPath: `/app/calls${suffix}`,
  versions: BOTH,
});

/** The table's shape: one entry per action, under its own name. */
type CallActionEntries = { readonly [N in CallActionName]: CallAction & { readonly name: N } };

/**
 * Every Graph calls API operation the packages implement, in one table keyed by name: builders validate
 * with it, transport sends and retries by it, the simulator serves it and the docs app picks codecs from
 * it. Each entry keeps its own codec types ({@link CallActionBody}, {@link CallActionAnswer}), so no caller
 * casts. Facts (paths, bodies, answers, permissions) follow the Graph v1.0 and beta reference.
 */
export const CALL_ACTIONS = {
  create: {
    name: 'create',
    method: 'POST',
    path: '/communications/calls',
    legacyPath: '/app/calls',
    versions: BOTH,
    request: CallRequest,
    status: 201,
    response: Call,
    permissions: ['Calls.Initiate.All', 'Calls.InitiateGroupCall.All', ...JOINED_GROUP],
    idempotent: false,
  },
  get: { ...at('get', 'GET', '/{callId}'), status: 200, response: Call, permissions: CALLING_PERMISSIONS, idempotent: true },
  delete: { ...at('delete', 'DELETE', '/{callId}'), status: 204, permissions: CALLING_PERMISSIONS, idempotent: true },
  // The beta `/app/calls/{id}/keepAlive` is served (and sent) as the other in-call actions' legacy paths are.
  keepAlive: { ...post('keepAlive', 'keepAlive'), status: 200, permissions: CALLING_PERMISSIONS, idempotent: true },
  answer: { ...post('answer', 'answer'), request: AnswerRequest, status: 202, permissions: JOINED_GROUP, idempotent: false },
  reject: { ...post('reject', 'reject'), request: RejectRequest, status: 202, permissions: ['Calls.Initiate.All'], idempotent: false },
  redirect: {
    ...post('redirect', 'redirect'),
    request: RedirectRequest,
    status: 202,
    permissions: ['Calls.Initiate.All'],
    idempotent: false,
  },
  transfer: {
    ...post('transfer', 'transfer'),
    request: TransferRequest,
    status: 202,
    permissions: ['Calls.Initiate.All'],
    idempotent: false,
  },
  playPrompt: {
    ...post('playPrompt', 'playPrompt'),
    request: PlayPromptRequest,
    status: 200,
    response: PlayPromptOperation,
    operation: 'playPromptOperation',
    permissions: INITIATE_OR_MEDIA,
    idempotent: false,
    serviceHostedMediaOnly: true,
  },
  recordResponse: {
    ...post('recordResponse', 'recordResponse'),
    request: RecordResponseRequest,
    status: 200,
    response: RecordOperation,
    operation: 'recordOperation',
    permissions: MEDIA,
    idempotent: false,
    serviceHostedMediaOnly: true,
  },
  subscribeToTone: {
    ...post('subscribeToTone', 'subscribeToTone'),
    request: SubscribeToToneRequest,
    status: 200,
    response: SubscribeToToneOperation,
    operation: 'subscribeToToneOperation',
    permissions: MEDIA,
    idempotent: true,
    serviceHostedMediaOnly: true,
  },
  sendDtmfTones: {
    ...post('sendDtmfTones', 'sendDtmfTones'),
    request: SendDtmfTonesRequest,
    status: 200,
    response: SendDtmfTonesOperation,
    operation: 'sendDtmfTonesOperation',
    permissions: INITIATE_OR_MEDIA,
    idempotent: false,
  },
  cancelMediaProcessing: {
    ...post('cancelMediaProcessing', 'cancelMediaProcessing'),
    request: CancelMediaProcessingRequest,
    status: 200,
    response: CancelMediaProcessingOperation,
    operation: 'cancelMediaProcessingOperation',
    permissions: MEDIA,
    idempotent: true,
    serviceHostedMediaOnly: true,
  },
  mute: {
    ...post('mute', 'mute'),
    request: MuteRequest,
    status: 200,
    response: MuteParticipantOperation,
    operation: 'muteParticipantOperation',
    permissions: INITIATE_OR_MEDIA,
    idempotent: true,
  },
  unmute: {
    ...post('unmute', 'unmute'),
    request: UnmuteRequest,
    status: 200,
    response: UnmuteParticipantOperation,
    operation: 'unmuteParticipantOperation',
    permissions: INITIATE_OR_MEDIA,
    idempotent: true,
  },
  changeScreenSharingRole: {
    ...post('changeScreenSharingRole', 'changeScreenSharingRole'),
    request: ChangeScreenSharingRoleRequest,
    status: 202,
    permissions: MEDIA,
    idempotent: true,
  },
  updateRecordingStatus: {
    ...post('updateRecordingStatus', 'updateRecordingStatus'),
    request: UpdateRecordingStatusRequest,
    status: 200,
    response: UpdateRecordingStatusOperation,
    operation: 'updateRecordingStatusOperation',
    permissions: MEDIA,
    idempotent: true,
  },
  addLargeGalleryView: {
    ...post('addLargeGalleryView', 'addLargeGalleryView'),
    request: AddLargeGalleryViewRequest,
    status: 202,
    response: AddLargeGalleryViewOperation,
    operation: 'addLargeGalleryViewOperation',
    permissions: IN_GROUP,
    idempotent: false,
    groupCallsOnly: true,
  },
  listParticipants: {
    ...at('listParticipants', 'GET', '/{callId}/participants'),
    status: 200,
    response: ParticipantCollection,
    permissions: CALLING_PERMISSIONS,
    idempotent: true,
  },
  getParticipant: {
    ...at('getParticipant', 'GET', '/{callId}/participants/{participantId}'),
    status: 200,
    response: Participant,
    permissions: CALLING_PERMISSIONS,
    idempotent: true,
  },
  deleteParticipant: {
    ...at('deleteParticipant', 'DELETE', '/{callId}/participants/{participantId}'),
    status: 204,
    permissions: IN_GROUP,
    idempotent: true,
    groupCallsOnly: true,
  },
  inviteParticipants: {
    ...post('inviteParticipants', 'participants/invite'),
    request: InviteParticipantsRequest,
    status: 200,
    response: InviteParticipantsOperation,
    operation: 'inviteParticipantsOperation',
    permissions: ['Calls.InitiateGroupCall.All'],
    idempotent: false,
  },
  muteParticipant: {
    ...post('muteParticipant', 'participants/{participantId}/mute'),
    request: MuteParticipantRequest,
    status: 200,
    response: MuteParticipantOperation,
    operation: 'muteParticipantOperation',
    permissions: JOINED_GROUP,
    idempotent: true,
    groupCallsOnly: true,
  },
  muteAllParticipants: {
    ...post('muteAllParticipants', 'participants/muteAll'),
    versions: ['beta'],
    request: MuteAllParticipantsRequest,
    status: 200,
    response: MuteParticipantsOperation,
    operation: 'muteParticipantsOperation',
    permissions: JOINED_GROUP,
    idempotent: true,
    groupCallsOnly: true,
  },
  startHoldMusic: {
    ...post('startHoldMusic', 'participants/{participantId}/startHoldMusic'),
    request: StartHoldMusicRequest,
    status: 202,
    response: StartHoldMusicOperation,
    operation: 'startHoldMusicOperation',
    permissions: IN_GROUP,
    idempotent: false,
  },
  stopHoldMusic: {
    ...post('stopHoldMusic', 'participants/{participantId}/stopHoldMusic'),
    request: StopHoldMusicRequest,
    status: 202,
    response: StopHoldMusicOperation,
    operation: 'stopHoldMusicOperation',
    permissions: IN_GROUP,
    idempotent: true,
  },
  configureMixer: {
    ...post('configureMixer', 'participants/configureMixer'),
    versions: ['beta'],
    request: ConfigureMixerRequest,
    status: 200,
    response: BaseCommsOperation,
    permissions: IN_GROUP,
    idempotent: true,
    groupCallsOnly: true,
  },
  // The audio routing groups of a call whose media the bot hosts (`/app/calls` in beta too).
  listAudioRoutingGroups: {
    ...at('listAudioRoutingGroups', 'GET', '/{callId}/audioRoutingGroups'),
    status: 200,
    response: AudioRoutingGroupCollection,
    permissions: IN_GROUP,
    idempotent: true,
  },
  createAudioRoutingGroup: {
    ...at('createAudioRoutingGroup', 'POST', '/{callId}/audioRoutingGroups'),
    request: AudioRoutingGroup,
    // The create page answers 200 OK with the group.
    status: 200,
    response: AudioRoutingGroup,
    permissions: IN_GROUP,
    idempotent: false,
  },
  getAudioRoutingGroup: {
    ...at('getAudioRoutingGroup', 'GET', '/{callId}/audioRoutingGroups/{audioRoutingGroupId}'),
    status: 200,
    response: AudioRoutingGroup,
    permissions: IN_GROUP,
    idempotent: true,
  },
  deleteAudioRoutingGroup: {
    ...at('deleteAudioRoutingGroup', 'DELETE', '/{callId}/audioRoutingGroups/{audioRoutingGroupId}'),
    status: 204,
    permissions: IN_GROUP,
    idempotent: true,
  },
  listContentSharingSessions: {
    name: 'listContentSharingSessions',
    method: 'GET',
    path: '/communications/calls/{callId}/contentSharingSessions',
    versions: BOTH,
    status: 200,
    response: ContentSharingSessionCollection,
    permissions: INITIATE_OR_MEDIA,
    idempotent: true,
  },
  getContentSharingSession: {
    name: 'getContentSharingSession',
    method: 'GET',
    path: '/communications/calls/{callId}/contentSharingSessions/{contentSharingSessionId}',
    versions: BOTH,
    status: 200,
    response: ContentSharingSession,
    permissions: INITIATE_OR_MEDIA,
    idempotent: true,
  },
  logTeleconferenceDeviceQuality: {
    name: 'logTeleconferenceDeviceQuality',
    method: 'POST',
    path: '/communications/calls/logTeleconferenceDeviceQuality',
    versions: BOTH,
    request: LogTeleconferenceDeviceQualityRequest,
    status: 200,
    permissions: MEDIA,
    idempotent: false,
  },
} satisfies CallActionEntries;

/** The table's type, entry by entry. */
export type CallActions = typeof CALL_ACTIONS;

/** The actions that send a body (a create-call request, an answer, a prompt, …). */
export type BodyCallActionName = {
  [N in CallActionName]: CallActions[N] extends { readonly request: t.Mixed } ? N : never;
}[CallActionName];

/** The actions Graph answers with a body (a call, a roster, an operation, …). */
export type AnsweringCallActionName = {
  [N in CallActionName]: CallActions[N] extends { readonly response: t.Mixed } ? N : never;
}[CallActionName];

type CallActionBodies = { readonly [N in BodyCallActionName]: t.TypeOf<CallActions[N]['request']> } & {
  readonly [N in Exclude<CallActionName, BodyCallActionName>]: undefined;
};
type CallActionAnswers = { readonly [N in AnsweringCallActionName]: t.TypeOf<CallActions[N]['response']> };

/** The decoded request body of action `N`; `undefined` when it sends none. */
export type CallActionBody<N extends CallActionName> = CallActionBodies[N];

/** The decoded answer of action `N` (one Graph answers with a body). */
export type CallActionAnswer<N extends AnsweringCallActionName> = CallActionAnswers[N];

/** The actions that start a long-running operation (its completion arrives as a notification). */
export type OperationCallActionName = {
  [N in CallActionName]: CallActions[N] extends { readonly operation: OperationType } ? N : never;
}[CallActionName];

/** Action `N`'s entry with its codecs typed by what they decode (what {@link callAction} returns). */
export type TypedCallAction<N extends CallActionName> = Omit<CallAction, 'name' | 'request' | 'response'> & {
  readonly name: N;
  readonly request?: t.Type<CallActionBody<N>, unknown, unknown>;
  readonly response?: t.Type<N extends AnsweringCallActionName ? CallActionAnswer<N> : undefined, unknown, unknown>;
};

const TYPED: { readonly [N in CallActionName]: TypedCallAction<N> } = CALL_ACTIONS;
const ANSWERS: { readonly [N in AnsweringCallActionName]: { readonly response: t.Type<CallActionAnswer<N>, unknown, unknown> } } =
  CALL_ACTIONS;

/**
 * Which calls collection a request addresses: Graph's `/communications/calls`, or one of the two
 * deprecated beta forms, `/app/calls` and `/applications/{applicationId}/calls` (documented in 2019).
 */
export type CallsCollection = 'communications' | 'app' | 'applications';

/**
 * The path template of `action` under `collection`: its `path`, its `legacyPath`, or its
 * `legacyPath` under `/applications/{applicationId}/calls`. `undefined` when the action has no
 * form under that collection (only `/communications/calls` has content sharing sessions, say).
 */
export function callActionPath(action: CallAction, collection: CallsCollection): string | undefined {
  if (collection === 'communications') return action.path;
  if (collection === 'app') return action.legacyPath;
  return action.legacyPath?.replace(/^\/app\/calls(?=\/|$)/, '/applications/{applicationId}/calls');
}

/** The table entry of one action, its codecs typed by the action's body and answer. */
export function callAction<N extends CallActionName>(name: N): TypedCallAction<N> {
  return TYPED[name];
}

/** The codec of action `N`'s answer, typed by what it decodes. */
export function callActionAnswer<N extends AnsweringCallActionName>(name: N): t.Type<CallActionAnswer<N>, unknown, unknown> {
  return ANSWERS[name].response;
}
