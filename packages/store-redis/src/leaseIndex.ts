/**
 * The key of the lease index shared by `RedisCallStore` and `RedisCallLeases` under one prefix: a
 * sorted set of call ids scored by when their lease ends (Redis server ms). A score in the past
 * means nobody holds the call (its lease expired or was released, or it was never taken — the
 * store enters each new live record at the moment it is written), so an instance finds the calls
 * it may adopt with one range query instead of reading every record.
 */
export function leaseIndexKey(prefix: string): string {
  return `${prefix}lease-ends`;
}
