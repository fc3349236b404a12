import { isRecord } from '@graph-calling/models';
import type { DecodeIssue } from '@graph-calling/models';

/** A notification body with roster participants' `"id": null` taken out, and a warning for each. */
export interface ToleratedBody {
  readonly body: unknown;
  readonly warnings: readonly DecodeIssue[];
}

function isRoster(notification: Record<string, unknown>): boolean {
  const url = notification['resourceUrl'] ?? notification['resource'];
  // `/communications/calls/{id}/participants`, not `…/operations/participants` (an invitation's operation).
  return typeof url === 'string' && /\/calls\/[^/]+\/participants\/?$/i.test(url);
}

/** Whether a notification's resource data holds an object whose `id` is null. */
function hasNullId(notification: unknown): boolean {
  if (!isRecord(notification)) return false;
  const data = notification['resourceData'];
  if (!Array.isArray(data)) return isRecord(data) && data['id'] === null;
  for (let i = 0; i < data.length; i += 1) {
    const item: unknown = data[i];
    if (isRecord(item) && item['id'] === null) return true;
  }
  return false;
}

/**
 * Graph's own 2021 invite notifications list a roster participant with `"id": null`, which the
 * schema does not allow (a participant's id is a string). What Graph sends must be received, so the
 * receiver drops the null (the participant is then keyed by who it is, see `participantId`) and
 * reports it as an `unexpected-null` warning instead of refusing the callback. Objects are copied,
 * never changed; a body with nothing to tolerate is returned as it is.
 */
export function tolerateNullParticipantIds(body: unknown): ToleratedBody {
  if (!isRecord(body)) return { body, warnings: [] };
  const value = body['value'];
  const bare = !Array.isArray(value);
  // Nearly every callback has no null id: found out with plain loops, nothing allocated.
  if (!(bare ? hasNullId(body) : value.some(hasNullId))) return { body, warnings: [] };
  const list: readonly unknown[] = bare ? [body] : value;
  const warnings: DecodeIssue[] = [];
  const fixed = list.map((notification, i) => {
    if (!isRecord(notification)) return notification;
    const data = notification['resourceData'];
    const items: readonly unknown[] = Array.isArray(data) ? data : [data];
    const at = (j: number) => `${bare ? '' : `value[${i}].`}resourceData${Array.isArray(data) ? `[${j}]` : ''}.id`;
    let changed = false;
    const kept = items.map((item, j) => {
      if (!isRecord(item) || item['id'] !== null) return item;
      const declared = item['@odata.type'];
      if (declared !== undefined ? declared !== '#microsoft.graph.participant' : !isRoster(notification)) return item;
      changed = true;
      const path = at(j);
      warnings.push({
        code: 'unexpected-null',
        path,
        expected: 'string (the participant id)',
        received: 'null',
        message: `${path}: expected string (the participant id), found null; accepted, the participant is keyed by its identity`,
      });
      const { id: _dropped, ...rest } = item;
      return rest;
    });
    return changed ? { ...notification, resourceData: Array.isArray(data) ? kept : kept[0] } : notification;
  });
  if (warnings.length === 0) return { body, warnings };
  return { body: bare ? fixed[0] : { ...body, value: fixed }, warnings };
}
