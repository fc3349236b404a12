/**
 * The key of the lease index shared by `RedisCallStore` and `RedisCallLeases` under one prefix: a
 * sorted set of call ids scored by when each may be adopted — +inf while a live instance holds it;
 * otherwise when it became free (released: 0; its holder's instance lease ran out: when that was
 * found; never taken: when the store wrote it, as the store enters each new live record). A score
 * in the past means nobody holds the call, so an instance finds the calls it may adopt with one
 * range query instead of reading every record.
 */
export function leaseIndexKey(prefix: string): string {
  return `${prefix}lease-ends`;
}
