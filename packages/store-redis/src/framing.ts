import { isRecord } from '@graph-calling/models';

/**
 * Whether `event` is framed as an event of `callId`: an object with that call id and a string type.
 * Only the framing is checked (outbox entries and feed messages were written by a receiver of this
 * package family); the event's payload is taken as written.
 */
export function isEventOf(event: unknown, callId: string): boolean {
  return isRecord(event) && event['callId'] === callId && typeof event['type'] === 'string';
}
