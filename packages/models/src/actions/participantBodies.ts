import * as t from 'io-ts';
import { nullable } from '../codec/graphObject';
import { InvitationParticipantInfo } from '../InvitationParticipantInfo';
import { actionBody, clientContext } from './actionBody';
import { MediaPrompt } from './MediaPrompt';

/** Body of `POST /communications/calls/{id}/participants/invite`. */
export const InviteParticipantsRequest = actionBody(
  'inviteParticipantsRequest',
  { participants: t.array(InvitationParticipantInfo) },
  clientContext,
);
export type InviteParticipantsRequest = t.TypeOf<typeof InviteParticipantsRequest>;

/** Body of `POST /communications/calls/{id}/participants/{participantId}/mute`. */
export const MuteParticipantRequest = actionBody('muteParticipantRequest', {}, clientContext);
export type MuteParticipantRequest = t.TypeOf<typeof MuteParticipantRequest>;

/** Body of `POST /communications/calls/{id}/participants/muteAll` (beta): `participants` holds participant ids. */
export const MuteAllParticipantsRequest = actionBody(
  'muteAllParticipantsRequest',
  {},
  { participants: nullable(t.array(t.string)), ...clientContext },
);
export type MuteAllParticipantsRequest = t.TypeOf<typeof MuteAllParticipantsRequest>;

/** Body of `POST /communications/calls/{id}/participants/{participantId}/startHoldMusic`. */
export const StartHoldMusicRequest = actionBody('startHoldMusicRequest', {}, { customPrompt: nullable(MediaPrompt), ...clientContext });
export type StartHoldMusicRequest = t.TypeOf<typeof StartHoldMusicRequest>;

/** Body of `POST /communications/calls/{id}/participants/{participantId}/stopHoldMusic`. */
export const StopHoldMusicRequest = actionBody('stopHoldMusicRequest', {}, clientContext);
export type StopHoldMusicRequest = t.TypeOf<typeof StopHoldMusicRequest>;
