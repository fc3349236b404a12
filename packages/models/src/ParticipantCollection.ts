import * as t from 'io-ts';
import type { Codec } from './codec/graphObject';
import { Participant } from './Participant';

const ParticipantCollectionCodec = t.type({ value: t.array(Participant) }, 'participantCollection');

/** The answer of `GET /communications/calls/{id}/participants`: one page of a call's roster. */
export interface ParticipantCollection extends t.TypeOf<typeof ParticipantCollectionCodec> {}
/** The codec of {@link ParticipantCollection}: decode with it, or use it in other codecs. */
export const ParticipantCollection: Codec<ParticipantCollection> = ParticipantCollectionCodec;
