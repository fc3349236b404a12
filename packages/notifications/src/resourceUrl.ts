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
 */
export function parseResourceUrl(url: string): ResourcePath {
  const match = PATH.exec(url);
  if (!match) return { kind: 'unknown' };
  const callId = decodeURIComponent(match[1] as string);
  const sub = match[2]?.toLowerCase();
  const id = match[3] !== undefined ? decodeURIComponent(match[3]) : undefined;
  if (sub === 'participants')
    return id === undefined ? { kind: 'participants', callId } : { kind: 'participant', callId, participantId: id };
  if (sub === 'operations') return { kind: 'operation', callId, ...(id !== undefined ? { operationId: id } : {}) };
  return { kind: 'call', callId };
}
