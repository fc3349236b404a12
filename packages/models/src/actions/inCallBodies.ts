import * as t from 'io-ts';
import { nullable } from '../codec/graphObject';
import { openEnum } from '../codec/openEnum';
import { InvitationParticipantInfo } from '../InvitationParticipantInfo';
import { ParticipantInfo } from '../ParticipantInfo';
import { Tone } from '../Tone';
import { actionBody, clientContext } from './actionBody';
import { MediaPrompt } from './MediaPrompt';

/** Body of `POST /communications/calls/{id}/transfer`; `transferee` makes it a consultative transfer. */
export const TransferRequest = actionBody(
  'transferRequest',
  { transferTarget: InvitationParticipantInfo },
  { transferee: nullable(ParticipantInfo), ...clientContext },
);
export type TransferRequest = t.TypeOf<typeof TransferRequest>;

/** Body of `POST /communications/calls/{id}/playPrompt` (at most 20 prompts). */
export const PlayPromptRequest = actionBody(
  'playPromptRequest',
  { prompts: t.array(MediaPrompt) },
  { loop: nullable(t.boolean), ...clientContext },
);
export type PlayPromptRequest = t.TypeOf<typeof PlayPromptRequest>;

/** Body of `POST /communications/calls/{id}/recordResponse`. `stopTones` are key characters (`#`, `1`, `*`). */
export const RecordResponseRequest = actionBody(
  'recordResponseRequest',
  {},
  {
    prompts: nullable(t.array(MediaPrompt)),
    bargeInAllowed: nullable(t.boolean),
    initialSilenceTimeoutInSeconds: nullable(t.number),
    maxSilenceTimeoutInSeconds: nullable(t.number),
    maxRecordDurationInSeconds: nullable(t.number),
    playBeep: nullable(t.boolean),
    stopTones: nullable(t.array(t.string)),
    ...clientContext,
  },
);
export type RecordResponseRequest = t.TypeOf<typeof RecordResponseRequest>;

/** Body of `POST /communications/calls/{id}/subscribeToTone`. */
export const SubscribeToToneRequest = actionBody('subscribeToToneRequest', {}, clientContext);
export type SubscribeToToneRequest = t.TypeOf<typeof SubscribeToToneRequest>;

/** Body of `POST /communications/calls/{id}/sendDtmfTones`. */
export const SendDtmfTonesRequest = actionBody(
  'sendDtmfTonesRequest',
  { tones: t.array(Tone) },
  { delayBetweenTonesMs: nullable(t.number), ...clientContext },
);
export type SendDtmfTonesRequest = t.TypeOf<typeof SendDtmfTonesRequest>;

/** Body of `POST /communications/calls/{id}/cancelMediaProcessing` (`all` is the 2019 beta shape). */
export const CancelMediaProcessingRequest = actionBody('cancelMediaProcessingRequest', {}, { all: nullable(t.boolean), ...clientContext });
export type CancelMediaProcessingRequest = t.TypeOf<typeof CancelMediaProcessingRequest>;

/** Body of `POST /communications/calls/{id}/mute` (the bot mutes itself). */
export const MuteRequest = actionBody('muteRequest', {}, clientContext);
export type MuteRequest = t.TypeOf<typeof MuteRequest>;

/** Body of `POST /communications/calls/{id}/unmute`. */
export const UnmuteRequest = actionBody('unmuteRequest', {}, clientContext);
export type UnmuteRequest = t.TypeOf<typeof UnmuteRequest>;

/** A participant's screen-sharing role. */
export const ScreenSharingRole = openEnum('screenSharingRole', ['viewer', 'sharer'] as const);
export type ScreenSharingRole = (typeof ScreenSharingRole)['_A'];

/** Body of `POST /communications/calls/{id}/changeScreenSharingRole`. */
export const ChangeScreenSharingRoleRequest = actionBody('changeScreenSharingRoleRequest', { role: ScreenSharingRole }, {});
export type ChangeScreenSharingRoleRequest = t.TypeOf<typeof ChangeScreenSharingRoleRequest>;

/** A recording status a compliance bot reports. */
export const RecordingStatus = openEnum('recordingStatus', [
  'unknown',
  'notRecording',
  'recording',
  'failed',
  'unknownFutureValue',
] as const);
export type RecordingStatus = (typeof RecordingStatus)['_A'];

/** Body of `POST /communications/calls/{id}/updateRecordingStatus`. */
export const UpdateRecordingStatusRequest = actionBody('updateRecordingStatusRequest', { status: RecordingStatus }, clientContext);
export type UpdateRecordingStatusRequest = t.TypeOf<typeof UpdateRecordingStatusRequest>;

/** Body of `POST /communications/calls/{id}/addLargeGalleryView`. */
export const AddLargeGalleryViewRequest = actionBody('addLargeGalleryViewRequest', {}, clientContext);
export type AddLargeGalleryViewRequest = t.TypeOf<typeof AddLargeGalleryViewRequest>;
