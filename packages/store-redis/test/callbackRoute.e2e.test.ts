import Fastify, { type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { createCallbackReceiver, createTokenVerifier } from '@graph-calling/notifications';
import { graphCallbacks } from '@graph-calling/notifications/fastify';
import { connectRedis, RedisCallStore } from '@graph-calling/store-redis';
import { APP_ID, TENANT, startIssuer } from '@graph-calling/test-support/issuer';
import { startRedis, type TestRedis } from '@graph-calling/test-support/redisServer';

const CALL = '6e2b1f00-1c3d-4a5e-8f90-0b1c2d3e4f50';
const notification = (state: string) => ({
  value: [
    {
      changeType: 'updated',
      resourceUrl: `/communications/calls/${CALL}`,
      resourceData: { '@odata.type': '#microsoft.graph.call', state },
    },
  ],
});

let redis: TestRedis;
let client: Redis;
let issuer: Awaited<ReturnType<typeof startIssuer>>;
let app: FastifyInstance;
let url: string;
let store: RedisCallStore;
const states: string[] = [];

beforeAll(async () => {
  [redis, issuer] = await Promise.all([startRedis(), startIssuer()]);
  client = await connectRedis(redis.url);
  store = new RedisCallStore({ redis: client, prefix: 'route:' });
  const receiver = createCallbackReceiver({
    verifier: createTokenVerifier({ appIds: APP_ID, openIdConfigurationUrl: issuer.openIdConfigurationUrl, allowedTenants: [TENANT] }),
    store,
  });
  receiver.on('call.stateChanged', (event) => void states.push(event.state));
  app = Fastify();
  await app.register(graphCallbacks, { receiver });
  url = `${(await app.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1')}/callback`;
});
afterAll(async () => {
  await client.quit();
  await Promise.all([app.close(), issuer.close(), redis.close()]);
});

async function post(body: unknown): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await issuer.sign()}` },
    body: JSON.stringify(body),
  });
}

describe('the callback route on the Redis store', () => {
  it('acknowledges only what Redis stored: 503 with Retry-After while it is down, so Graph retries', async () => {
    const first = await post(notification('establishing'));
    expect(first.status).toBe(202);
    expect((await store.get(CALL))?.state).toBe('establishing');

    await redis.pause();
    const refused = await post(notification('established'));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toEqual({
      error: { code: 'store-unavailable', message: 'the call store could not save this callback; retry later' },
    });

    await redis.start();
    // The sender's retry, once the client has reconnected (the restarted Redis is empty: nothing persisted).
    let retried = await post(notification('established'));
    for (let attempt = 0; retried.status === 503 && attempt < 100; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      retried = await post(notification('established'));
    }
    expect(retried.status).toBe(202);
    expect((await store.get(CALL))?.state).toBe('established');
    // Handlers ran for what was stored, once each; nothing for the refused attempt.
    await new Promise((resolve) => setImmediate(resolve));
    expect(states).toEqual(['establishing', 'established']);
  });
});
