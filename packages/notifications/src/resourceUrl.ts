import { checkResourceId, ResourceIdError } from '@graph-calling/models';
import { NotificationBodyError } from './NotificationBodyError';

/** What a notification's `resourceUrl` (or legacy `resource`) points at. */
export type ResourcePath =
  | { readonly kind: 'call'; readonly callId: string }
  | { readonly kind: 'participants'; readonly callId: string }
  | { readonly kind: 'participant'; readonly callId: string; readonly participantId: string }
  | { readonly kind: 'operation'; readonly callId: string; readonly operationId?: string }
  | { readonly kind: 'unknown' };

const PATH = /(?:^|\/)(?:communications|app)\/calls\/([^/?#]+)(?:\/(participants|operations)(?:\/([^/?#]+))?)?\/?(?:[?#].*)?$/i;

/**
 * Reads `/communications/calls/{id}`, `/app/calls/{id}` (2019), `…/participants`,
 * `…/participants/{id}` and `…/operations/{id}`, with or without a host and version prefix.
 * Throws a {@link NotificationBodyError}: `invalid-resource-url` for a malformed percent-escape,
 * `invalid-resource-id` for an id that is not a usable one (see `resourceIdProblem` in the models:
 * a lone surrogate, a dot segment, an encoded `/`, more than 256 characters).
 */
export function parseResourceUrl(url: string): ResourcePath {
  const match = PATH.exec(url);
  if (!match) return { kind: 'unknown' };
  const callId = checkedId(decodeSegment(match[1] as string, url), 'call id');
  const sub = match[2]?.toLowerCase();
  const id =
    match[3] !== undefined ? checkedId(decodeSegment(match[3], url), sub === 'operations' ? 'operation id' : 'participant id') : undefined;
  if (sub === 'participants')
    return id === undefined ? { kind: 'participants', callId } : { kind: 'participant', callId, participantId: id };
  if (sub === 'operations') return { kind: 'operation', callId, ...(id !== undefined ? { operationId: id } : {}) };
  return { kind: 'call', callId };
}

function decodeSegment(segment: string, url: string): string {
  // Call ids are GUIDs: nearly always nothing to decode.
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch (error) {
    // A URIError here is the sender's malformed escape (`%`, `%E0%A4%A`), not a bug of ours.
    if (!(error instanceof URIError)) throw error;
    throw new NotificationBodyError(
      'invalid-resource-url',
      `expected a resourceUrl with valid percent-escapes, found ${JSON.stringify(url.slice(0, 200))}`,
      [],
      { cause: error },
    );
  }
}

function checkedId(id: string, what: string): string {
  try {
    return checkResourceId(id, what);
  } catch (error) {
    if (!(error instanceof ResourceIdError)) throw error;
    throw new NotificationBodyError('invalid-resource-id', error.message, [], { cause: error });
  }
}
