/**
 * Compile-time contract: decoded values can be handed to code typed with Microsoft's own Graph
 * types. `tsc` (run by `pnpm test` over this package, tests included) fails if a line breaks.
 * `ringing` is a beta call state: our Call is assignable to the beta Call as is, and to the
 * v1.0 Call for every state the v1.0 types list.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import type * as GraphBeta from '@microsoft/microsoft-graph-types-beta';
import {
  CallState,
  type ChangeType,
  type OpenUnion,
  type AppHostedMediaConfig,
  type Call,
  type CallOptions,
  type CallRoute,
  type ChatInfo,
  type CommsNotification,
  type CommsNotifications,
  type Identity,
  type IdentitySet,
  type InvitationParticipantInfo,
  type JoinMeetingIdMeetingInfo,
  type MediaConfig,
  type MediaInfo,
  type MediaStream,
  type OrganizerMeetingInfo,
  type Participant,
  type ParticipantInfo,
  type ResultInfo,
  type ServiceHostedMediaConfig,
  type TokenMeetingInfo,
  type ToneInfo,
  type CommsOperation,
  type IncomingContext,
  type InviteParticipantsOperation,
  type MediaPrompt,
  type PlayPromptOperation,
  type RecordOperation,
  type AudioRoutingGroup,
  type ContentSharingSession,
  type TeleconferenceDeviceQuality,
} from '@graph-calling/models';

type Assignable<A extends B, B> = A;
/** `true` when `A` and `B` are the same type; wrapped in `Expect`, compiles only then. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Expect<T extends true> = T;
/**
 * Operations, but for two things Graph's payloads do that its types do not allow: `id` is null in
 * some completions (invitations under `…/operations/participants`), and `status` comes in both
 * spellings (`running`, `Running`) where the types list only the PascalCase one. A list of
 * invitees may be null too.
 */
type WithId<O> = Omit<O, 'id' | 'status' | 'participants'> & {
  id?: string;
  status?: Graph.OperationStatus;
} & (O extends { participants?: infer P } ? { participants?: NonNullable<P> } : unknown);
type V1Call = Omit<Call, 'state'> & { state?: Exclude<CallState, 'ringing'> | null };

export type Checks = [
  Assignable<V1Call, Graph.Call>,
  Assignable<Call, GraphBeta.Call>,
  Assignable<Identity, Graph.Identity>,
  Assignable<IdentitySet, Graph.IdentitySet>,
  Assignable<ParticipantInfo, Graph.ParticipantInfo>,
  Assignable<InvitationParticipantInfo, Graph.InvitationParticipantInfo>,
  Assignable<MediaConfig, Graph.MediaConfig>,
  Assignable<AppHostedMediaConfig, Graph.AppHostedMediaConfig>,
  Assignable<ServiceHostedMediaConfig, Graph.ServiceHostedMediaConfig>,
  Assignable<MediaInfo, Graph.MediaInfo>,
  Assignable<ChatInfo, Graph.ChatInfo>,
  Assignable<OrganizerMeetingInfo, Graph.OrganizerMeetingInfo>,
  Assignable<TokenMeetingInfo, Graph.TokenMeetingInfo>,
  Assignable<JoinMeetingIdMeetingInfo, Graph.JoinMeetingIdMeetingInfo>,
  Assignable<CallOptions, Graph.CallOptions>,
  Assignable<CallRoute, Graph.CallRoute>,
  Assignable<ResultInfo, Graph.ResultInfo>,
  Assignable<ToneInfo, Graph.ToneInfo>,
  Assignable<Participant, Graph.Participant>,
  Assignable<MediaStream, Graph.MediaStream>,
  Assignable<AudioRoutingGroup, Graph.AudioRoutingGroup>,
  Assignable<ContentSharingSession, Graph.ContentSharingSession>,
  Assignable<TeleconferenceDeviceQuality, Graph.TeleconferenceDeviceQuality>,
  Assignable<CommsNotification, Graph.CommsNotification>,
  Assignable<CommsNotifications, Graph.CommsNotifications>,
  Assignable<Graph.CallState, CallState>,
  // Enum properties carry their named enum, not `string`; code that keeps what arrived can widen to OpenUnion.
  Expect<Same<Call['state'], CallState | null | undefined>>,
  Expect<Same<CommsNotification['changeType'], ChangeType | undefined>>,
  Expect<Same<ChangeType, Graph.ChangeType>>,
  Assignable<'parked', OpenUnion<CallState>>,
  Assignable<WithId<CommsOperation>, Graph.CommsOperation>,
  Assignable<WithId<PlayPromptOperation>, Graph.PlayPromptOperation>,
  Assignable<WithId<RecordOperation>, Graph.RecordOperation>,
  Assignable<WithId<InviteParticipantsOperation>, Graph.InviteParticipantsOperation>,
  Assignable<MediaPrompt, Graph.MediaPrompt>,
  Assignable<IncomingContext, Graph.IncomingContext>,
];

describe('Graph type compatibility', () => {
  it('knows every call state the Graph v1.0 and beta types list, plus nothing they lack but ringing', () => {
    const v1: Record<Graph.CallState, true> = {
      incoming: true,
      establishing: true,
      established: true,
      hold: true,
      transferring: true,
      transferAccepted: true,
      redirecting: true,
      terminating: true,
      terminated: true,
      unknownFutureValue: true,
    };
    expect([...CallState.values].filter((s) => !(s in v1))).toEqual(['ringing']);
  });
});
