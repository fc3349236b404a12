/**
 * The message of a thrown value, for a log line or an error's text: an `Error`'s `message`, a
 * string as it is, anything else as `String()` gives it (a `catch` may receive any value).
 */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : String(error);
}
