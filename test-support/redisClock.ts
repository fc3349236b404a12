/** A Redis connection's `TIME` (seconds and microseconds, as an ioredis client answers it). */
export interface RedisClock {
  time(): Promise<ArrayLike<string | number>>;
}

/**
 * Returns once the Redis server's clock (`TIME`, in ms) is past the ms it reads now — a condition, not
 * a sleep: whatever the server stamped with its time before is then older than anything it stamps next.
 */
export async function redisClockMoved(redis: RedisClock): Promise<void> {
  const serverMs = async () => {
    const [seconds, micros] = Array.from(await redis.time());
    return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  };
  const start = await serverMs();
  while ((await serverMs()) <= start);
}
