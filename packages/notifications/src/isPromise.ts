/** Whether a value that is either a result or the promise of one is the promise (a store may answer either way). */
export function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | undefined)?.then === 'function';
}
