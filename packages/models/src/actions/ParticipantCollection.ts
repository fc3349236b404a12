import * as t from 'io-ts';
import { Participant } from '../Participant';

/** The answer of `GET /communications/calls/{id}/participants`. */
export const ParticipantCollection = t.intersection(
  [t.type({ value: t.array(Participant) }, 'participantCollection'), t.partial({ '@odata.nextLink': t.string }, 'participantCollection')],
  'participantCollection',
);
export type ParticipantCollection = t.TypeOf<typeof ParticipantCollection>;
