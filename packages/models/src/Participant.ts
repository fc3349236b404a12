import * as t from 'io-ts';
import { graphObject, nullable } from './codec/graphObject';
import { MediaStream } from './MediaStream';
import { ParticipantInfo } from './ParticipantInfo';

/** A participant in a call's roster. */
export const Participant = graphObject(
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
export type Participant = t.TypeOf<typeof Participant>;
