import { parse as secureParse } from 'secure-json-parse';
import { NotificationBodyError } from './NotificationBodyError';

/** Default body limit: large meetings' rosters run to megabytes (a 500-participant roster is ~0.5 MB). */
export const DEFAULT_BODY_LIMIT = 4 * 1024 * 1024;

/** Checks the content type of a callback (Graph sends application/json). */
export function assertJsonContentType(contentType: string | undefined): void {
  if (contentType !== undefined && contentType !== '' && !/^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType)) {
    throw new NotificationBodyError(
      'unsupported-media-type',
      `expected Content-Type application/json, found ${JSON.stringify(contentType)}`,
    );
  }
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
