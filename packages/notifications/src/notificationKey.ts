import { createHash } from 'node:crypto';
import type { ParsedNotification } from './parseNotifications';

/**
 * A notification's idempotency key: a digest of it as it arrived. A retried callback carries the
 * same notifications, so a store's outbox finds the events an earlier, lost write of it stored.
 */
export function notificationKey(notification: ParsedNotification): string {
  return createHash('sha256').update(JSON.stringify(notification.raw)).digest('base64url').slice(0, 22);
}
