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

/** A `POST …/calls/{callId}/<segment>` action; `legacy` false when `/app/calls` never had it. */
const postAction = (
  name: CallActionName,
  segment: string,
  fields: Omit<CallAction, 'name' | 'method' | 'path' | 'legacyPath' | 'versions'> & { readonly versions?: CallAction['versions'] },
  legacy = true,
): CallAction => ({
  name,
  method: 'POST',
  path: `/communications/calls/{callId}/${segment}`,
  ...(legacy ? { legacyPath: `/app/calls/{callId}/${segment}` } : {}),
  versions: BOTH,
  ...fields,
});

/**
 * Every Graph calls API operation the packages implement, in one table: builders validate with
 * it, transport sends and retries by it, the simulator serves it and the docs app picks codecs
 * from it. Facts (paths, bodies, answers, permissions) follow the Graph v1.0 and beta reference.
 */
export const CALL_ACTIONS: readonly CallAction[] = [
  {
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
  {
    name: 'get',
    method: 'GET',
    path: '/communications/calls/{callId}',
    legacyPath: '/app/calls/{callId}',
    versions: BOTH,
    status: 200,
    response: Call,
    permissions: CALLING_PERMISSIONS,
    idempotent: true,
  },
  {
    name: 'delete',
    method: 'DELETE',
    path: '/communications/calls/{callId}',
    legacyPath: '/app/calls/{callId}',
    versions: BOTH,
    status: 204,
    permissions: CALLING_PERMISSIONS,
    idempotent: true,
  },
  // The beta `/app/calls/{id}/keepAlive` is served (and sent) as the other in-call actions' legacy paths are.
  postAction('keepAlive', 'keepAlive', { status: 200, permissions: CALLING_PERMISSIONS, idempotent: true }),
  postAction('answer', 'answer', { request: AnswerRequest, status: 202, permissions: JOINED_GROUP, idempotent: false }),
  postAction('reject', 'reject', { request: RejectRequest, status: 202, permissions: ['Calls.Initiate.All'], idempotent: false }),
  postAction('redirect', 'redirect', { request: RedirectRequest, status: 202, permissions: ['Calls.Initiate.All'], idempotent: false }),
  postAction('transfer', 'transfer', { request: TransferRequest, status: 202, permissions: ['Calls.Initiate.All'], idempotent: false }),
  postAction('playPrompt', 'playPrompt', {
    request: PlayPromptRequest,
    status: 200,
    response: PlayPromptOperation,
    operation: 'playPromptOperation',
    permissions: INITIATE_OR_MEDIA,
    idempotent: false,
    serviceHostedMediaOnly: true,
  }),
  postAction('recordResponse', 'recordResponse', {
    request: RecordResponseRequest,
    status: 200,
    response: RecordOperation,
    operation: 'recordOperation',
    permissions: MEDIA,
    idempotent: false,
    serviceHostedMediaOnly: true,
  }),
  postAction('subscribeToTone', 'subscribeToTone', {
    request: SubscribeToToneRequest,
    status: 200,
    response: SubscribeToToneOperation,
    operation: 'subscribeToToneOperation',
    permissions: MEDIA,
    idempotent: true,
    serviceHostedMediaOnly: true,
  }),
  postAction('sendDtmfTones', 'sendDtmfTones', {
    request: SendDtmfTonesRequest,
    status: 200,
    response: SendDtmfTonesOperation,
    operation: 'sendDtmfTonesOperation',
    permissions: INITIATE_OR_MEDIA,
    idempotent: false,
  }),
  postAction('cancelMediaProcessing', 'cancelMediaProcessing', {
    request: CancelMediaProcessingRequest,
    status: 200,
    response: CancelMediaProcessingOperation,
    operation: 'cancelMediaProcessingOperation',
    permissions: MEDIA,
    idempotent: true,
    serviceHostedMediaOnly: true,
  }),
  postAction('mute', 'mute', {
    request: MuteRequest,
    status: 200,
    response: MuteParticipantOperation,
    operation: 'muteParticipantOperation',
    permissions: INITIATE_OR_MEDIA,
    idempotent: true,
  }),
  postAction('unmute', 'unmute', {
    request: UnmuteRequest,
    status: 200,
    response: UnmuteParticipantOperation,
    operation: 'unmuteParticipantOperation',
    permissions: INITIATE_OR_MEDIA,
    idempotent: true,
  }),
  postAction('changeScreenSharingRole', 'changeScreenSharingRole', {
    request: ChangeScreenSharingRoleRequest,
    status: 202,
    permissions: MEDIA,
    idempotent: true,
  }),
  postAction('updateRecordingStatus', 'updateRecordingStatus', {
    request: UpdateRecordingStatusRequest,
    status: 200,
    response: UpdateRecordingStatusOperation,
    operation: 'updateRecordingStatusOperation',
    permissions: MEDIA,
    idempotent: true,
  }),
  postAction('addLargeGalleryView', 'addLargeGalleryView', {
    request: AddLargeGalleryViewRequest,
    status: 202,
    response: AddLargeGalleryViewOperation,
    operation: 'addLargeGalleryViewOperation',
    permissions: IN_GROUP,
    idempotent: false,
    groupCallsOnly: true,
  }),
  {
    name: 'listParticipants',
    method: 'GET',
    path: '/communications/calls/{callId}/participants',
    legacyPath: '/app/calls/{callId}/participants',
    versions: BOTH,
    status: 200,
    response: ParticipantCollection,
    permissions: CALLING_PERMISSIONS,
    idempotent: true,
  },
  {
    name: 'getParticipant',
    method: 'GET',
    path: '/communications/calls/{callId}/participants/{participantId}',
    legacyPath: '/app/calls/{callId}/participants/{participantId}',
    versions: BOTH,
    status: 200,
    response: Participant,
    permissions: CALLING_PERMISSIONS,
    idempotent: true,
  },
  {
    name: 'deleteParticipant',
    method: 'DELETE',
    path: '/communications/calls/{callId}/participants/{participantId}',
    legacyPath: '/app/calls/{callId}/participants/{participantId}',
    versions: BOTH,
    status: 204,
    permissions: IN_GROUP,
    idempotent: true,
    groupCallsOnly: true,
  },
  postAction('inviteParticipants', 'participants/invite', {
    request: InviteParticipantsRequest,
    status: 200,
    response: InviteParticipantsOperation,
    operation: 'inviteParticipantsOperation',
    permissions: ['Calls.InitiateGroupCall.All'],
    idempotent: false,
  }),
  postAction('muteParticipant', 'participants/{participantId}/mute', {
    request: MuteParticipantRequest,
    status: 200,
    response: MuteParticipantOperation,
    operation: 'muteParticipantOperation',
    permissions: JOINED_GROUP,
    idempotent: true,
    groupCallsOnly: true,
  }),
  postAction('muteAllParticipants', 'participants/muteAll', {
    versions: ['beta'],
    request: MuteAllParticipantsRequest,
    status: 200,
    response: MuteParticipantsOperation,
    operation: 'muteParticipantsOperation',
    permissions: JOINED_GROUP,
    idempotent: true,
    groupCallsOnly: true,
  }),
  postAction('startHoldMusic', 'participants/{participantId}/startHoldMusic', {
    request: StartHoldMusicRequest,
    status: 202,
    response: StartHoldMusicOperation,
    operation: 'startHoldMusicOperation',
    permissions: IN_GROUP,
    idempotent: false,
  }),
  postAction('stopHoldMusic', 'participants/{participantId}/stopHoldMusic', {
    request: StopHoldMusicRequest,
    status: 202,
    response: StopHoldMusicOperation,
    operation: 'stopHoldMusicOperation',
    permissions: IN_GROUP,
    idempotent: true,
  }),
  postAction('configureMixer', 'participants/configureMixer', {
    versions: ['beta'],
    request: ConfigureMixerRequest,
    status: 200,
    response: BaseCommsOperation,
    permissions: IN_GROUP,
    idempotent: true,
    groupCallsOnly: true,
  }),
  ...audioRoutingGroupActions(),
  {
    name: 'listContentSharingSessions',
    method: 'GET',
    path: '/communications/calls/{callId}/contentSharingSessions',
    versions: BOTH,
    status: 200,
    response: ContentSharingSessionCollection,
    permissions: INITIATE_OR_MEDIA,
    idempotent: true,
  },
  {
    name: 'getContentSharingSession',
    method: 'GET',
    path: '/communications/calls/{callId}/contentSharingSessions/{contentSharingSessionId}',
    versions: BOTH,
    status: 200,
    response: ContentSharingSession,
    permissions: INITIATE_OR_MEDIA,
    idempotent: true,
  },
  {
    name: 'logTeleconferenceDeviceQuality',
    method: 'POST',
    path: '/communications/calls/logTeleconferenceDeviceQuality',
    versions: BOTH,
    request: LogTeleconferenceDeviceQualityRequest,
    status: 200,
    permissions: MEDIA,
    idempotent: false,
  },
];

/** The audio routing groups of a call whose media the bot hosts (`/app/calls` in beta too). */
function audioRoutingGroupActions(): CallAction[] {
  const collection = '/communications/calls/{callId}/audioRoutingGroups';
  const one = `${collection}/{audioRoutingGroupId}`;
  const legacy = (path: string) => path.replace('/communications/calls', '/app/calls');
  const common = { versions: BOTH, permissions: IN_GROUP } as const;
  return [
    {
      ...common,
      name: 'listAudioRoutingGroups',
      method: 'GET',
      path: collection,
      legacyPath: legacy(collection),
      status: 200,
      response: AudioRoutingGroupCollection,
      idempotent: true,
    },
    {
      ...common,
      name: 'createAudioRoutingGroup',
      method: 'POST',
      path: collection,
      legacyPath: legacy(collection),
      request: AudioRoutingGroup,
      // The create page answers 200 OK with the group.
      status: 200,
      response: AudioRoutingGroup,
      idempotent: false,
    },
    {
      ...common,
      name: 'getAudioRoutingGroup',
      method: 'GET',
      path: one,
      legacyPath: legacy(one),
      status: 200,
      response: AudioRoutingGroup,
      idempotent: true,
    },
    { ...common, name: 'deleteAudioRoutingGroup', method: 'DELETE', path: one, legacyPath: legacy(one), status: 204, idempotent: true },
  ];
}

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

const BY_NAME = new Map(CALL_ACTIONS.map((a) => [a.name, a] as const));

/** The table entry of one action. */
export function callAction(name: CallActionName): CallAction {
  return BY_NAME.get(name) as CallAction;
}
