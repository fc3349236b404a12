import * as t from 'io-ts';
import { Participant } from './Participant';

/** The answer of `GET /communications/calls/{id}/participants`: one page of a call's roster. */
export const ParticipantCollection = t.type({ value: t.array(Participant) }, 'participantCollection');
export type ParticipantCollection = t.TypeOf<typeof ParticipantCollection>;
