import * as t from 'io-ts';
import { CallOptions } from '../CallOptions';
import { nullable } from '../codec/graphObject';
import { openEnum } from '../codec/openEnum';
import { InvitationParticipantInfo } from '../InvitationParticipantInfo';
import { MediaConfig } from '../MediaConfig';
import { Modality } from '../Modality';
import { actionBody } from './actionBody';

/** Body of `POST /communications/calls/{id}/answer`. */
export const AnswerRequest = actionBody(
  'answerRequest',
  { acceptedModalities: t.array(Modality), mediaConfig: MediaConfig },
  {
    callbackUri: nullable(t.string),
    callOptions: nullable(CallOptions),
    participantCapacity: nullable(t.number),
  },
);
export type AnswerRequest = t.TypeOf<typeof AnswerRequest>;

/** Why a bot declines an incoming call. The docs write both `none` and `None`. */
export const RejectReason = openEnum('rejectReason', [
  'none',
  'busy',
  'forbidden',
  'unknownFutureValue',
  'None',
  'Busy',
  'Forbidden',
] as const);
export type RejectReason = (typeof RejectReason)['_A'];

/** Body of `POST /communications/calls/{id}/reject`. */
export const RejectRequest = actionBody('rejectRequest', {}, { reason: nullable(RejectReason), callbackUri: nullable(t.string) });
export type RejectRequest = t.TypeOf<typeof RejectRequest>;

/** How a redirect rings its targets (beta). */
export const RedirectTargetDisposition = openEnum('redirectTargetDisposition', ['default', 'simultaneousRing', 'forward'] as const);

/** Body of `POST /communications/calls/{id}/redirect`. */
export const RedirectRequest = actionBody(
  'redirectRequest',
  { targets: t.array(InvitationParticipantInfo) },
  {
    targetDisposition: nullable(RedirectTargetDisposition),
    timeout: nullable(t.number),
    maskCallee: nullable(t.boolean),
    maskCaller: nullable(t.boolean),
    callbackUri: nullable(t.string),
  },
);
export type RedirectRequest = t.TypeOf<typeof RedirectRequest>;
