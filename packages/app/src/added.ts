/** Adds `item` to `set`; returns the function that removes it. */
export function added<T>(set: Set<T>, item: T): () => boolean {
  set.add(item);
  return () => set.delete(item);
}
