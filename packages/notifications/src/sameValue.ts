import { isDeepStrictEqual } from 'node:util';

/** How deep a value may nest before {@link sameValue} stops comparing it structurally. */
export const MAX_COMPARED_DEPTH = 32;

/**
 * Structural equality for values that arrived from Graph. `util.isDeepStrictEqual` recurses, and
 * a notification may carry an unknown property nested thousands of levels deep, so the depth of
 * both sides is first measured iteratively; a value deeper than {@link MAX_COMPARED_DEPTH} is
 * compared by identity only (reported as different, which at worst stores it once more).
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (!shallowerThan(a, MAX_COMPARED_DEPTH) || !shallowerThan(b, MAX_COMPARED_DEPTH)) return false;
  return isDeepStrictEqual(a, b);
}

/** Whether `value` nests fewer than `limit` levels of objects/arrays — an explicit stack, no recursion. */
export function shallowerThan(value: object, limit: number): boolean {
  const stack: Array<{ readonly value: object; readonly depth: number }> = [{ value, depth: 1 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (item.depth > limit) return false;
    for (const child of Object.values(item.value))
      if (typeof child === 'object' && child !== null) stack.push({ value: child as object, depth: item.depth + 1 });
  }
  return true;
}
