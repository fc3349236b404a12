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
 * Parses a callback body. `__proto__` and `constructor.prototype` keys are refused outright
 * (secure-json-parse), so no body can reach an object's prototype.
 */
export function parseJsonBody(text: string): unknown {
  try {
    return secureParse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new NotificationBodyError('invalid-json', `expected a JSON body, ${reason}`);
  }
}
