import { MIMEType } from 'node:util';
import { parse as secureParse } from 'secure-json-parse';
import { NotificationBodyError } from './NotificationBodyError';

/** Default body limit: large meetings' rosters run to megabytes (a 500-participant roster is ~0.5 MB). */
export const DEFAULT_BODY_LIMIT = 4 * 1024 * 1024;

/** The headers that say how a callback body is represented. */
export interface BodyHeaders {
  readonly 'content-type'?: string | undefined;
  readonly 'content-encoding'?: string | undefined;
}

/**
 * Checks, before any of the body is read, that a callback says its body is what Graph sends: JSON
 * (`application/json`, or a `+json` type), in UTF-8 (RFC 8259 §8.1: a `charset` other than UTF-8
 * is refused rather than parsed as UTF-8), and not content-coded (a gzip or other coded body is
 * refused rather than parsed as if it were plain text, or inflated past the body limit). The
 * Content-Type is read as browsers read it (WHATWG, node's `MIMEType`): a stray `;` is no error.
 * Each refusal is a 415 whose message names what arrived.
 */
export function assertJsonBodyHeaders(headers: BodyHeaders): void {
  const contentType = headers['content-type'];
  // What Graph sends, answered without parsing (a MIMEType costs about 1 µs, on every callback).
  if (contentType !== 'application/json' && contentType !== 'application/json; charset=utf-8') assertJsonMediaType(contentType);
  const coding = headers['content-encoding']?.trim().toLowerCase();
  if (coding !== undefined && coding !== '' && coding !== 'identity')
    throw new NotificationBodyError(
      'unsupported-content-encoding',
      `expected a body without content coding (Content-Encoding absent or identity), found ${JSON.stringify(headers['content-encoding'])}`,
    );
}

/** The Content-Type check of {@link assertJsonBodyHeaders}, for any value but the two Graph sends. */
function assertJsonMediaType(contentType: string | undefined): void {
  let mime: MIMEType | undefined;
  try {
    mime = contentType === undefined ? undefined : new MIMEType(contentType);
  } catch {
    mime = undefined;
  }
  if (mime === undefined || (mime.essence !== 'application/json' && !(mime.type === 'application' && mime.subtype.endsWith('+json'))))
    throw new NotificationBodyError(
      'unsupported-media-type',
      `expected Content-Type application/json, found ${contentType === undefined ? 'none' : JSON.stringify(contentType)}`,
    );
  const charset = mime.params.get('charset')?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
    throw new NotificationBodyError(
      'unsupported-media-type',
      `expected JSON in UTF-8 (no charset, or charset=utf-8), found ${JSON.stringify(contentType)}`,
    );
}

/**
 * Default cap on the objects and arrays in one callback body: a 5000-participant roster needs far
 * fewer, while a 4 MiB body of `{},{},…` holds over a million and costs a second of parsing.
 */
export const DEFAULT_MAX_JSON_CONTAINERS = 250_000;

/**
 * Parses a callback body. `__proto__` and `constructor.prototype` keys are refused outright
 * (secure-json-parse), so no body can reach an object's prototype; a body with more than
 * `maxContainers` `{` / `[` (counted in native string search, before parsing) is refused with 413.
 */
export function parseJsonBody(text: string, maxContainers = DEFAULT_MAX_JSON_CONTAINERS): unknown {
  // An upper bound (braces inside strings count too), so it never lets a flood through.
  const containers = countUpTo(text, '{', maxContainers + 1) + countUpTo(text, '[', maxContainers + 1);
  if (containers > maxContainers)
    throw new NotificationBodyError(
      'too-many-objects',
      `expected at most ${maxContainers} objects and arrays in one callback, found more (counted before parsing)`,
    );
  try {
    return secureParse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new NotificationBodyError('invalid-json', `expected a JSON body, ${reason}`, [], { cause: error });
  }
}

function countUpTo(text: string, char: string, max: number): number {
  let count = 0;
  for (let i = text.indexOf(char); i !== -1 && count < max; i = text.indexOf(char, i + 1)) count += 1;
  return count;
}
