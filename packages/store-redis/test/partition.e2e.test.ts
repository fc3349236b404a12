import type { Redis } from 'ioredis';
import { emptyRecord, type CallRecord } from '@graph-calling/notifications';
import { connectRedis, RedisCallStore } from '@graph-calling/store-redis';
import { eventually } from '@graph-calling/test-support/eventually';
import { closeAll, startRedis, type TestRedis } from '@graph-calling/test-support/redisServer';
import { startTcpProxy, type TcpProxy } from '@graph-calling/test-support/tcpProxy';

const bump = (callId: string) => (before: CallRecord | undefined) => {
  const record = before ?? emptyRecord(callId, 1);
  return { record: { ...record, version: (record.version ?? 0) + 1 }, result: undefined };
};

let redis: TestRedis;
let proxy: TcpProxy;
const clients: Redis[] = [];

beforeAll(async () => {
  redis = await startRedis();
  proxy = await startTcpProxy({ port: redis.port });
});
afterAll(async () => {
  await closeAll(clients);
  await proxy.close();
  await redis.close();
});

describe('one instance cut off from Redis by a proxy (test-support/tcpProxy)', () => {
  it('a silent partition times commands out; on resume the held bytes arrive and the store works again', async () => {
    const partitioned = await connectRedis(proxy.url, { commandTimeout: 1500 });
    const direct = await connectRedis(redis.url);
    clients.push(partitioned, direct);
    const store = new RedisCallStore({ redis: partitioned, prefix: 'partition:' });
    const other = new RedisCallStore({ redis: direct, prefix: 'partition:' });
    // Retried: on a loaded machine a single answer may miss the timeout (what is under test is the partition).
    await eventually(() => store.update('c1', bump('c1')), 20_000);
    const written = (await other.get('c1'))?.version ?? 0;

    proxy.pause();
    await expect(store.update('c1', bump('c1'))).rejects.toMatchObject({ code: 'unavailable', status: 503 });
    // The rest of the fleet still reaches Redis.
    expect((await other.update('c1', bump('c1'))).record.version).toBeGreaterThan(written);

    proxy.resume();
    await eventually(async () => expect((await store.update('c1', bump('c1'))).record.version).toBeGreaterThan(written + 1), 20_000);
  });

  it('a hard partition resets the connection and refuses new ones until restored', async () => {
    const partitioned = await connectRedis(proxy.url, { commandTimeout: 1500 });
    clients.push(partitioned);
    const store = new RedisCallStore({ redis: partitioned, prefix: 'partition:' });
    await eventually(() => store.update('c2', bump('c2')), 20_000);
    const before = proxy.connections;

    proxy.cut();
    await expect(store.get('c2')).rejects.toMatchObject({ code: 'unavailable' });
    await expect(connectRedis(proxy.url)).rejects.toMatchObject({ code: 'unreachable' });

    proxy.restore();
    await eventually(async () => expect((await store.get('c2'))?.version).toBeGreaterThanOrEqual(1), 20_000);
    expect(proxy.connections).toBeGreaterThan(before);
  });
});
