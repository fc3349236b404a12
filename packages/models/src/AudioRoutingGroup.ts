import * as t from 'io-ts';
import { graphObject, nullable, type Codec } from './codec/graphObject';
import { RoutingMode } from './RoutingMode';

const AudioRoutingGroupCodec = graphObject(
  'audioRoutingGroup',
  ['audioRoutingGroup'],
  {},
  {
    id: t.string,
    routingMode: RoutingMode,
    sources: nullable(t.array(t.string)),
    receivers: nullable(t.array(t.string)),
  },
);

/** Which participants hear which (`sources` → `receivers`, by participant id) in a call the bot hosts media for. */
export interface AudioRoutingGroup extends t.TypeOf<typeof AudioRoutingGroupCodec> {}
/** The codec of {@link AudioRoutingGroup}. */
export const AudioRoutingGroup: Codec<AudioRoutingGroup> = AudioRoutingGroupCodec;

const AudioRoutingGroupCollectionCodec = t.type({ value: t.array(AudioRoutingGroup) }, 'audioRoutingGroupCollection');

/** The answer of `GET /communications/calls/{id}/audioRoutingGroups`. */
export interface AudioRoutingGroupCollection extends t.TypeOf<typeof AudioRoutingGroupCollectionCodec> {}
/** The codec of {@link AudioRoutingGroupCollection}. */
export const AudioRoutingGroupCollection: Codec<AudioRoutingGroupCollection> = AudioRoutingGroupCollectionCodec;
