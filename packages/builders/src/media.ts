import { BuilderError } from './BuilderError';
import { deepFreeze } from './deepFreeze';
import { bool, MAX_BLOB, record, shown, text } from './validate';

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
  return serviceHostedAt('media', record('media', options));
}

function serviceHostedAt(field: string, o: Readonly<Record<string, unknown>>): ServiceHostedMedia {
  const remove = bool(`${field}.removeFromDefaultAudioGroup`, o['removeFromDefaultAudioGroup']);
  let preFetch: PreFetchMedia[] | undefined;
  if (o['preFetch'] !== undefined) {
    if (!Array.isArray(o['preFetch']))
      throw new BuilderError('invalid-value', `${field}.preFetch`, 'an array of { uri, resourceId }', shown(o['preFetch']));
    preFetch = o['preFetch'].map((item: unknown, i) => {
      const entry = record(`${field}.preFetch[${i}]`, item);
      const uri = text(`${field}.preFetch[${i}].uri`, entry['uri'], 2048);
      if (!/^https?:\/\//i.test(uri))
        throw new BuilderError('invalid-value', `${field}.preFetch[${i}].uri`, 'an http(s) URL of a .wav prompt', shown(uri));
      return { uri, resourceId: text(`${field}.preFetch[${i}].resourceId`, entry['resourceId'], 256) };
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
  return appHostedAt('media', record('media', options));
}

function appHostedAt(field: string, o: Readonly<Record<string, unknown>>): AppHostedMedia {
  const raw = o['blob'];
  if (raw === undefined) {
    throw new BuilderError(
      'missing-blob',
      `${field}.blob`,
      'the media session configuration from your media platform',
      'undefined',
      'app-hosted media cannot be set up without it',
    );
  }
  const blob = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? JSON.stringify(raw) : raw;
  const remove = bool(`${field}.removeFromDefaultAudioGroup`, o['removeFromDefaultAudioGroup']);
  return deepFreeze({
    kind: 'appHosted',
    blob: text(`${field}.blob`, blob, MAX_BLOB),
    ...(remove !== undefined ? { removeFromDefaultAudioGroup: remove } : {}),
  });
}

const MEDIA_FIELDS = {
  serviceHosted: ['preFetch', 'removeFromDefaultAudioGroup'],
  appHosted: ['blob', 'removeFromDefaultAudioGroup'],
} as const;

/**
 * The media a caller passed for `field`, held to the same rules as {@link serviceHosted} and
 * {@link appHosted} output: a hand-written `{ kind: 'appHosted', blob: 42 }` is refused as
 * `appHosted({ blob: 42 })` would be, and a property the kind does not have is refused.
 */
export function mediaOf(field: string, value: unknown): Media {
  const m = value as Partial<Media> | undefined;
  if (typeof m !== 'object' || m === null || Array.isArray(m) || (m.kind !== 'serviceHosted' && m.kind !== 'appHosted')) {
    throw new BuilderError('invalid-value', field, 'serviceHosted(…) or appHosted(…)', shown(value));
  }
  const allowed: readonly string[] = MEDIA_FIELDS[m.kind];
  for (const key of Object.keys(m)) {
    if (key !== 'kind' && !allowed.includes(key)) {
      throw new BuilderError('invalid-value', `${field}.${key}`, `only ${allowed.join(', ')} on ${m.kind} media`, shown(key));
    }
  }
  const fields = m as Readonly<Record<string, unknown>>;
  return m.kind === 'serviceHosted' ? serviceHostedAt(field, fields) : appHostedAt(field, fields);
}
