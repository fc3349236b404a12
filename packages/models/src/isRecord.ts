/** Whether `value` is a JSON object: not `null`, not an array. What Graph sends where an object is expected is checked with it. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
