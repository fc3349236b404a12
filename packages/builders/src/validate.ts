import { BuilderError } from './BuilderError';

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const E164 = /^\+[1-9]\d{1,14}$/;
const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

/** Longest string any builder option accepts (Graph limits ids and names far below this). */
export const MAX_TEXT = 1024;
/** Longest media session blob accepted. */
export const MAX_BLOB = 256 * 1024;

/** JSON of what arrived, cut for messages. */
export function shown(value: unknown): string {
  if (value === undefined) return 'undefined';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

// A NUL, or a surrogate half without its partner: neither survives the trip through JSON and Graph intact.
// eslint-disable-next-line no-control-regex -- the NUL is exactly what this pattern looks for
const UNSENDABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A non-empty string of at most `max` characters (untyped callers may pass anything) that can be
 * sent: no NUL character, no lone UTF-16 surrogate (`invalid-text`, naming where it is).
 */
export function text(field: string, value: unknown, max = MAX_TEXT): string {
  if (typeof value !== 'string') throw new BuilderError('invalid-value', field, 'a string', shown(value));
  if (value.trim() === '') throw new BuilderError('empty-value', field, 'a non-empty string', shown(value));
  if (value.length > max) throw new BuilderError('too-long', field, `at most ${max} characters`, `${value.length} characters`);
  const bad = UNSENDABLE.exec(value);
  if (bad) {
    const unit = bad[0].charCodeAt(0);
    const what = unit === 0 ? 'a NUL character' : `a lone surrogate \\u${unit.toString(16).toUpperCase()}`;
    throw new BuilderError(
      'invalid-text',
      field,
      'text without NUL characters or unpaired UTF-16 surrogates',
      `${what} at index ${bad.index}`,
    );
  }
  return value;
}

export function optionalText(field: string, value: unknown, max = MAX_TEXT): string | undefined {
  return value === undefined ? undefined : text(field, value, max);
}

export function guid(field: string, value: unknown): string {
  const id = text(field, value);
  if (!GUID.test(id)) {
    throw new BuilderError(
      'invalid-guid',
      field,
      'a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)',
      shown(value),
      'copy the id from Entra ID / the meeting',
    );
  }
  return id;
}

export function optionalGuid(field: string, value: unknown): string | undefined {
  return value === undefined ? undefined : guid(field, value);
}

export function e164(field: string, value: unknown): string {
  const number = text(field, value);
  if (!E164.test(number)) {
    throw new BuilderError(
      'invalid-phone-number',
      field,
      'an E.164 number (+ then country code and number, no spaces)',
      shown(value),
      'for example +14255550123',
    );
  }
  return number;
}

export function bool(field: string, value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new BuilderError('invalid-value', field, 'true or false', shown(value));
  return value;
}

/**
 * Graph only calls back over HTTPS. Plain HTTP is allowed for loopback hosts so a bot can run
 * against the local simulator.
 */
export function callbackUri(field: string, value: unknown): string {
  const raw = text(field, value, 2048);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BuilderError('invalid-callback-uri', field, 'an absolute https URL', shown(value));
  }
  if (url.protocol === 'https:') return raw;
  const loopback = LOOPBACK_HOSTS.has(url.hostname) || /^127(?:\.\d{1,3}){3}$/.test(url.hostname);
  if (url.protocol === 'http:' && loopback) return raw;
  throw new BuilderError(
    'invalid-callback-uri',
    field,
    'an https URL (http only for localhost/127.0.0.1/[::1])',
    shown(value),
    'Graph delivers notifications only to a public HTTPS endpoint',
  );
}

export function record(field: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BuilderError('invalid-value', field, 'an object', shown(value));
  }
  return value as Record<string, unknown>;
}
