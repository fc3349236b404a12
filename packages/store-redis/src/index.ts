// Store
export { RedisCallStore } from './RedisCallStore';
export { connectRedis, redactUrl } from './connectRedis';
export { RedisStoreError } from './RedisStoreError';

// Ownership
export { RedisCallLeases } from './RedisCallLeases';

export type { RedisCallStoreOptions, QuarantinedRecord } from './RedisCallStore';
export type { RedisCallLeasesOptions } from './RedisCallLeases';
export type { ConnectRedisOptions } from './connectRedis';
export type { RedisStoreErrorCode } from './RedisStoreError';
