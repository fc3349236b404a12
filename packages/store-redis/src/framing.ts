/**
 * Whether `event` is framed as an event of `callId`: an object with that call id and a string type.
 * Only the framing is checked (outbox entries and feed messages were written by a receiver of this
 * package family); the event's payload is taken as written.
 */
export function isEventOf(event: unknown, callId: string): boolean {
  return isObject(event) && event['callId'] === callId && typeof event['type'] === 'string';
}

/** Whether `value` is a JSON object (not null, not an array). */
export function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
