import { previewJson } from '@graph-calling/models';
import type { MediaPrompt } from '@graph-calling/models';
import { BuilderError } from '../BuilderError';
import { type, type Annotate } from '../render';
import { annotateOf } from '../CommonOptions';
import { bool, optionalText, record, text } from '../validate';

/** Graph's limit on `clientContext`. */
export const MAX_CLIENT_CONTEXT = 256;

/**
 * Reads an action builder's options: an object whose keys are all known (a typo such as
 * `clientContex` would otherwise be dropped silently).
 */
export function optionsOf(builder: string, options: unknown, keys: readonly string[]): Record<string, unknown> {
  const o = options === undefined ? {} : record(`${builder}.options`, options);
  for (const key of Object.keys(o)) {
    if (!keys.includes(key))
      throw new BuilderError('invalid-value', key, `one of the ${builder} options ${keys.join(', ')}`, previewJson(key));
  }
  return o;
}

/** `{ clientContext }` when one was given (at most 256 characters). */
export function clientContextOf(o: Record<string, unknown>): { clientContext?: string } {
  const value = optionalText('clientContext', o['clientContext'], MAX_CLIENT_CONTEXT);
  return value !== undefined ? { clientContext: value } : {};
}

/** A whole number within Graph's documented range. */
export function integer(field: string, value: unknown, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw new BuilderError('invalid-value', field, 'a whole number', previewJson(value));
  if (value < min || value > max) throw new BuilderError('out-of-range', field, `a number from ${min} to ${max}`, previewJson(value));
  return value;
}

/** A boolean option, or nothing. */
export function flag(field: string, value: unknown): boolean | undefined {
  return bool(field, value);
}

/** One of a fixed set of strings. */
export function oneOf<V extends string>(field: string, value: unknown, allowed: readonly V[]): V {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    throw new BuilderError('invalid-value', field, `one of ${allowed.join(', ')}`, previewJson(value));
  return value as V;
}

/** A prompt to play: the URL of a .wav file and, optionally, the id Graph caches it by. */
export interface PromptInput {
  readonly uri: string;
  readonly resourceId?: string;
}

/** Renders prompts as `mediaPrompt`s, checking their count against Graph's limit. */
export function promptsOf(field: string, value: unknown, min: number, max: number, annotate: Annotate): MediaPrompt[] {
  if (!Array.isArray(value)) throw new BuilderError('invalid-value', field, 'an array of { uri, resourceId? }', previewJson(value));
  if (value.length < min || value.length > max)
    throw new BuilderError('out-of-range', field, `${min === max ? min : `${min} to ${max}`} prompt(s)`, `${value.length}`);
  return value.map((item: unknown, i) => promptOf(`${field}[${i}]`, item, annotate));
}

/** One `mediaPrompt`. */
export function promptOf(field: string, value: unknown, annotate: Annotate): MediaPrompt {
  const entry = record(field, value);
  const uri = text(`${field}.uri`, entry['uri'], 2048);
  if (!/^https?:\/\//i.test(uri))
    throw new BuilderError('invalid-value', `${field}.uri`, 'an http(s) URL of a .wav prompt', previewJson(uri));
  const resourceId = optionalText(`${field}.resourceId`, entry['resourceId'], 256);
  for (const key of Object.keys(entry))
    if (key !== 'uri' && key !== 'resourceId')
      throw new BuilderError('invalid-value', `${field}.${key}`, 'uri or resourceId', previewJson(key));
  return {
    ...type('mediaPrompt', annotate),
    mediaInfo: { ...type('mediaInfo', annotate), uri, ...(resourceId !== undefined ? { resourceId } : {}) },
  };
}

/** The `annotate` option (default `all`). */
export function annotationOf(o: Record<string, unknown>): Annotate {
  return annotateOf(o['annotate']);
}
