import { previewJson } from '@graph-calling/models';
import { BuilderError } from './BuilderError';
import { deepFreeze } from './deepFreeze';
import { bool, MAX_BLOB, record, text } from './validate';

/** A prompt Graph should fetch before the call needs it. */
export interface PreFetchMedia {
  readonly uri: string;
  readonly resourceId: string;
}

/** Media hosted by Graph (prompts, recording, DTMF). */
export interface ServiceHostedMedia {
  readonly kind: 'serviceHosted';
  readonly preFetch?: readonly PreFetchMedia[];
  readonly removeFromDefaultAudioGroup?: boolean;
}

/** Media hosted by the bot's own media stack (needs Calls.AccessMedia.All). */
export interface AppHostedMedia {
  readonly kind: 'appHosted';
  readonly blob: string;
  readonly removeFromDefaultAudioGroup?: boolean;
}

export type Media = ServiceHostedMedia | AppHostedMedia;

/** Options of {@link serviceHosted}. */
export interface ServiceHostedOptions {
  readonly preFetch?: readonly PreFetchMedia[];
  readonly removeFromDefaultAudioGroup?: boolean;
}

/** Service-hosted media, optionally with prompts to pre-fetch. */
export function serviceHosted(options: ServiceHostedOptions = {}): ServiceHostedMedia {
  const o = record('media', options);
  const remove = bool('media.removeFromDefaultAudioGroup', o['removeFromDefaultAudioGroup']);
  let preFetch: PreFetchMedia[] | undefined;
  if (o['preFetch'] !== undefined) {
    if (!Array.isArray(o['preFetch']))
      throw new BuilderError('invalid-value', 'media.preFetch', 'an array of { uri, resourceId }', previewJson(o['preFetch']));
    preFetch = o['preFetch'].map((item: unknown, i) => {
      const entry = record(`media.preFetch[${i}]`, item);
      const uri = text(`media.preFetch[${i}].uri`, entry['uri'], 2048);
      if (!/^https?:\/\//i.test(uri))
        throw new BuilderError('invalid-value', `media.preFetch[${i}].uri`, 'an http(s) URL of a .wav prompt', previewJson(uri));
      return { uri, resourceId: text(`media.preFetch[${i}].resourceId`, entry['resourceId'], 256) };
    });
  }
  return deepFreeze({
    kind: 'serviceHosted',
    ...(preFetch !== undefined ? { preFetch } : {}),
    ...(remove !== undefined ? { removeFromDefaultAudioGroup: remove } : {}),
  });
}

/** Options of {@link appHosted}: the media session blob, as produced by your media stack. */
export interface AppHostedOptions {
  /** A string, or an object that is serialised to JSON for you. */
  readonly blob: string | Readonly<Record<string, unknown>>;
  readonly removeFromDefaultAudioGroup?: boolean;
}

/** App-hosted media: the bot's media platform handles audio and video itself. */
export function appHosted(options: AppHostedOptions): AppHostedMedia {
  const o = record('media', options);
  const raw = o['blob'];
  if (raw === undefined) {
    throw new BuilderError(
      'missing-blob',
      'media.blob',
      'the media session configuration from your media platform',
      'undefined',
      'app-hosted media cannot be set up without it',
    );
  }
  const blob = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? JSON.stringify(raw) : raw;
  const remove = bool('media.removeFromDefaultAudioGroup', o['removeFromDefaultAudioGroup']);
  return deepFreeze({
    kind: 'appHosted',
    blob: text('media.blob', blob, MAX_BLOB),
    ...(remove !== undefined ? { removeFromDefaultAudioGroup: remove } : {}),
  });
}

export function mediaOf(field: string, value: unknown): Media {
  const m = value as Partial<Media> | undefined;
  if (typeof m !== 'object' || m === null || (m.kind !== 'serviceHosted' && m.kind !== 'appHosted')) {
    throw new BuilderError('invalid-value', field, 'serviceHosted(…) or appHosted(…)', previewJson(value));
  }
  return m as Media;
}
