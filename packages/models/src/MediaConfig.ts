import * as t from 'io-ts';
import { graphObject, nullable, type Codec } from './codec/graphObject';
import { taggedUnion } from './codec/taggedUnion';
import { MediaInfo } from './MediaInfo';

const AppHostedMediaConfigCodec = graphObject(
  'appHostedMediaConfig',
  ['appHostedMediaConfig'],
  {},
  {
    blob: nullable(t.string),
    removeFromDefaultAudioGroup: nullable(t.boolean),
  },
);

/** Media hosted by the bot's own media stack; `blob` is its serialized session configuration. */
export interface AppHostedMediaConfig extends t.TypeOf<typeof AppHostedMediaConfigCodec> {}
/** The codec of {@link AppHostedMediaConfig}: decode with it, or use it in other codecs. */
export const AppHostedMediaConfig: Codec<AppHostedMediaConfig> = AppHostedMediaConfigCodec;

const ServiceHostedMediaConfigCodec = graphObject(
  'serviceHostedMediaConfig',
  ['serviceHostedMediaConfig'],
  {},
  {
    preFetchMedia: nullable(t.array(MediaInfo)),
    removeFromDefaultAudioGroup: nullable(t.boolean),
  },
);

/** Media hosted by Graph; `preFetchMedia` lists prompts to cache before they are played. */
export interface ServiceHostedMediaConfig extends t.TypeOf<typeof ServiceHostedMediaConfigCodec> {}
/** The codec of {@link ServiceHostedMediaConfig}: decode with it, or use it in other codecs. */
export const ServiceHostedMediaConfig: Codec<ServiceHostedMediaConfig> = ServiceHostedMediaConfigCodec;

/**
 * A call's media configuration, discriminated by `@odata.type`; without one (2019 pages) a
 * `blob` means app-hosted, anything else service-hosted.
 */
export const MediaConfig = taggedUnion<AppHostedMediaConfig | ServiceHostedMediaConfig>('mediaConfig', [
  { name: 'appHostedMediaConfig', codec: AppHostedMediaConfig, matches: (u) => 'blob' in u },
  { name: 'serviceHostedMediaConfig', codec: ServiceHostedMediaConfig, matches: () => true },
]);
/** A MediaConfig as decoded: one of its members. */
export type MediaConfig = t.TypeOf<typeof MediaConfig>;
