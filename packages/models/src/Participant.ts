import * as t from 'io-ts';
import { graphObject, nullable, type Codec } from './codec/graphObject';
import { MediaStream } from './MediaStream';
import { ParticipantInfo } from './ParticipantInfo';

const ParticipantCodec = graphObject(
  'participant',
  ['participant'],
  {},
  {
    id: t.string,
    info: ParticipantInfo,
    isInLobby: t.boolean,
    isMuted: t.boolean,
    mediaStreams: nullable(t.array(MediaStream)),
    metadata: nullable(t.string),
    recordingInfo: nullable(t.UnknownRecord),
    rosterSequenceNumber: nullable(t.number),
  },
);

/** A participant in a call's roster. */
export interface Participant extends t.TypeOf<typeof ParticipantCodec> {}
/** The codec of {@link Participant}: decode with it, or use it in other codecs. */
export const Participant: Codec<Participant> = ParticipantCodec;
