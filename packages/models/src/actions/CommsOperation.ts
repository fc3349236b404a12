import * as t from 'io-ts';
import { graphObject, nullable } from '../codec/graphObject';
import { openEnum } from '../codec/openEnum';
import { taggedUnion } from '../codec/taggedUnion';
import { InvitationParticipantInfo } from '../InvitationParticipantInfo';
import { ResultInfo } from '../ResultInfo';
import { OperationStatus } from './OperationStatus';

/** What every operation carries. `id` is null in some completion notifications (invitations). */
const operationProps = {
  id: nullable(t.string),
  status: OperationStatus,
  clientContext: nullable(t.string),
  resultInfo: nullable(ResultInfo),
  createdDateTime: nullable(t.string),
  lastActionDateTime: nullable(t.string),
};

const operation = <P extends t.Props>(name: string, props: P, aliases: readonly string[] = []) =>
  graphObject(name, [name, ...aliases], {}, { ...operationProps, ...props });

/** Why a prompt stopped playing (beta). */
export const PlayPromptCompletionReason = openEnum('playPromptCompletionReason', [
  'unknown',
  'completedSuccessfully',
  'mediaOperationCanceled',
  'unknownFutureValue',
] as const);

/** Why a recording stopped (beta). */
export const RecordCompletionReason = openEnum('recordCompletionReason', [
  'operationCanceled',
  'stopToneDetected',
  'maxRecordDurationReached',
  'initialSilenceTimeout',
  'maxSilenceTimeout',
  'playPromptFailed',
  'playBeepFailed',
  'mediaReceiveTimeout',
  'unspecifiedError',
  'none',
] as const);

/** Why sending DTMF tones stopped. */
export const SendDtmfCompletionReason = openEnum('sendDtmfCompletionReason', [
  'unknown',
  'completedSuccessfully',
  'mediaOperationCanceled',
  'unknownFutureValue',
] as const);

/** The base type: what an action without a more specific operation answers. */
export const BaseCommsOperation = operation('commsOperation', {});
export const PlayPromptOperation = operation('playPromptOperation', { completionReason: nullable(PlayPromptCompletionReason) });
/** `recordResponseOperation` is an older name of the same resource. */
export const RecordOperation = operation(
  'recordOperation',
  {
    recordingLocation: nullable(t.string),
    recordingAccessToken: nullable(t.string),
    completionReason: nullable(RecordCompletionReason),
  },
  ['recordResponseOperation'],
);
export const SubscribeToToneOperation = operation('subscribeToToneOperation', {});
export const InviteParticipantsOperation = operation('inviteParticipantsOperation', {
  participants: nullable(t.array(InvitationParticipantInfo)),
});
export const MuteParticipantOperation = operation('muteParticipantOperation', {});
/** What the beta muteAll page answers with: `participants` are the ids of those muted. */
export const MuteParticipantsOperation = operation('muteParticipantsOperation', { participants: nullable(t.array(t.string)) });
export const UnmuteParticipantOperation = operation('unmuteParticipantOperation', {});
export const UpdateRecordingStatusOperation = operation('updateRecordingStatusOperation', {});
export const CancelMediaProcessingOperation = operation('cancelMediaProcessingOperation', { all: nullable(t.boolean) });
export const StartHoldMusicOperation = operation('startHoldMusicOperation', {});
export const StopHoldMusicOperation = operation('stopHoldMusicOperation', {});
export const AddLargeGalleryViewOperation = operation('addLargeGalleryViewOperation', {});
export const SendDtmfTonesOperation = operation('sendDtmfTonesOperation', { completionReason: nullable(SendDtmfCompletionReason) });

export type PlayPromptOperation = t.TypeOf<typeof PlayPromptOperation>;
export type RecordOperation = t.TypeOf<typeof RecordOperation>;
export type InviteParticipantsOperation = t.TypeOf<typeof InviteParticipantsOperation>;

/** Older or page-specific names of operation subtypes, mapped to the subtype they mean. */
const ALIASES: Readonly<Record<string, OperationType>> = {
  recordResponseOperation: 'recordOperation',
};

/** Every operation subtype, by its `@odata.type` name (without `#microsoft.graph.`). */
export const OPERATION_CODECS = {
  playPromptOperation: PlayPromptOperation,
  recordOperation: RecordOperation,
  subscribeToToneOperation: SubscribeToToneOperation,
  inviteParticipantsOperation: InviteParticipantsOperation,
  muteParticipantOperation: MuteParticipantOperation,
  muteParticipantsOperation: MuteParticipantsOperation,
  unmuteParticipantOperation: UnmuteParticipantOperation,
  updateRecordingStatusOperation: UpdateRecordingStatusOperation,
  cancelMediaProcessingOperation: CancelMediaProcessingOperation,
  startHoldMusicOperation: StartHoldMusicOperation,
  stopHoldMusicOperation: StopHoldMusicOperation,
  addLargeGalleryViewOperation: AddLargeGalleryViewOperation,
  sendDtmfTonesOperation: SendDtmfTonesOperation,
} as const;

/** The `@odata.type` name of an operation subtype. */
export type OperationType = keyof typeof OPERATION_CODECS;

/** Every operation name a notification or response may carry (subtypes, aliases, base). */
export const OPERATION_TYPE_NAMES: readonly string[] = ['commsOperation', ...Object.keys(OPERATION_CODECS), ...Object.keys(ALIASES)];

/** Any operation: base fields plus whatever its subtype adds (every subtype field is optional). */
export type CommsOperation = t.TypeOf<typeof BaseCommsOperation> &
  Partial<{
    readonly recordingLocation: string | null;
    readonly recordingAccessToken: string | null;
    readonly completionReason: string | null;
    readonly participants: t.TypeOf<typeof InvitationParticipantInfo>[] | string[] | null;
    readonly all: boolean | null;
  }>;

/**
 * A long-running operation (`commsOperation` or a subtype), chosen by `@odata.type`; without
 * one, a recording location or a participant list tells the subtype, else it is read as the base.
 */
export const CommsOperation = taggedUnion<CommsOperation>('commsOperation', [
  ...Object.entries(OPERATION_CODECS).map(([name, codec]) => ({
    name,
    codec,
    aliases: Object.keys(ALIASES).filter((alias) => ALIASES[alias] === name),
    matches:
      name === 'recordOperation'
        ? (u: Readonly<Record<string, unknown>>) => 'recordingLocation' in u || 'recordingAccessToken' in u
        : name === 'inviteParticipantsOperation'
          ? (u: Readonly<Record<string, unknown>>) =>
              Array.isArray(u['participants']) && u['participants'].some((p) => typeof p === 'object' && p !== null)
          : name === 'muteParticipantsOperation'
            ? (u: Readonly<Record<string, unknown>>) =>
                Array.isArray(u['participants']) && u['participants'].every((p) => typeof p === 'string')
            : () => false,
  })),
  { name: 'commsOperation', codec: BaseCommsOperation, matches: () => true },
]);
