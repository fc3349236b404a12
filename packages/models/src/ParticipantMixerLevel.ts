import * as t from 'io-ts';
import { graphObject, nullable, type Codec } from './codec/graphObject';

const AudioSourceLevelCodec = graphObject(
  'audioSourceLevel',
  ['audioSourceLevel'],
  { participant: t.string },
  { level: nullable(t.number) },
);
/** How loud one source is in a participant's mix. */
export interface AudioSourceLevel extends t.TypeOf<typeof AudioSourceLevelCodec> {}
/** The codec of {@link AudioSourceLevel}. */
export const AudioSourceLevel: Codec<AudioSourceLevel> = AudioSourceLevelCodec;

const AudioDuckingConfigurationCodec = graphObject(
  'audioDuckingConfiguration',
  ['audioDuckingConfiguration'],
  {},
  {
    lowerLevel: nullable(t.number),
    upperLevel: nullable(t.number),
    rampActive: nullable(t.number),
    rampInactive: nullable(t.number),
  },
);
/** How other sources fade when this participant speaks: levels in percent, ramps in milliseconds (at most 5000). */
export interface AudioDuckingConfiguration extends t.TypeOf<typeof AudioDuckingConfigurationCodec> {}
/** The codec of {@link AudioDuckingConfiguration}. */
export const AudioDuckingConfiguration: Codec<AudioDuckingConfiguration> = AudioDuckingConfigurationCodec;

const ParticipantMixerLevelCodec = graphObject(
  'participantMixerLevel',
  ['participantMixerLevel'],
  { participant: t.string },
  {
    exclusiveMode: nullable(t.boolean),
    ducking: nullable(AudioDuckingConfiguration),
    sourceLevels: nullable(t.array(AudioSourceLevel)),
  },
);
/** One participant's custom audio mix (beta `configureMixer`). */
export interface ParticipantMixerLevel extends t.TypeOf<typeof ParticipantMixerLevelCodec> {}
/** The codec of {@link ParticipantMixerLevel}. */
export const ParticipantMixerLevel: Codec<ParticipantMixerLevel> = ParticipantMixerLevelCodec;
