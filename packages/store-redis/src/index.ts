// Store
export { RedisCallStore } from './RedisCallStore';
export { connectRedis, redactUrl } from './connectRedis';
export { RedisStoreError } from './RedisStoreError';

// Ownership and events shared between instances
export { RedisCallLeases } from './RedisCallLeases';
export { RedisEventFeed } from './RedisEventFeed';

export type { RedisCallStoreOptions, QuarantinedRecord } from './RedisCallStore';
export type { RedisCallLeasesOptions } from './RedisCallLeases';
export type { RedisEventFeedOptions } from './RedisEventFeed';
export type { ConnectRedisOptions } from './connectRedis';
export type { RedisStoreErrorCode } from './RedisStoreError';
