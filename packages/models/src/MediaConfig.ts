import * as t from 'io-ts';
import { graphObject, nullable } from './codec/graphObject';
import { taggedUnion } from './codec/taggedUnion';
import { MediaInfo } from './MediaInfo';

/** Media hosted by the bot's own media stack; `blob` is its serialized session configuration. */
export const AppHostedMediaConfig = graphObject(
  'appHostedMediaConfig',
  ['appHostedMediaConfig'],
  {},
  {
    blob: nullable(t.string),
    removeFromDefaultAudioGroup: nullable(t.boolean),
  },
);
export type AppHostedMediaConfig = t.TypeOf<typeof AppHostedMediaConfig>;

/** Media hosted by Graph; `preFetchMedia` lists prompts to cache before they are played. */
export const ServiceHostedMediaConfig = graphObject(
  'serviceHostedMediaConfig',
  ['serviceHostedMediaConfig'],
  {},
  {
    preFetchMedia: nullable(t.array(MediaInfo)),
    removeFromDefaultAudioGroup: nullable(t.boolean),
  },
);
export type ServiceHostedMediaConfig = t.TypeOf<typeof ServiceHostedMediaConfig>;

/**
 * A call's media configuration, discriminated by `@odata.type`; without one (2019 pages) a
 * `blob` means app-hosted, anything else service-hosted.
 */
export const MediaConfig = taggedUnion<AppHostedMediaConfig | ServiceHostedMediaConfig>('mediaConfig', [
  { name: 'appHostedMediaConfig', codec: AppHostedMediaConfig, matches: (u) => 'blob' in u },
  { name: 'serviceHostedMediaConfig', codec: ServiceHostedMediaConfig, matches: () => true },
]);
export type MediaConfig = t.TypeOf<typeof MediaConfig>;
