import Fastify, { type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { createCallbackReceiver, createTokenVerifier } from '@graph-calling/notifications';
import { graphCallbacks } from '@graph-calling/notifications/fastify';
import { connectRedis, RedisCallStore } from '@graph-calling/store-redis';
import { APP_ID, TENANT, startIssuer } from '@graph-calling/test-support/issuer';
import { closeAll, startRedis, type TestRedis } from '@graph-calling/test-support/redisServer';
import { eventually } from '@graph-calling/test-support/eventually';

// Ten calls ring while Redis pauses writes for longer than the client's command timeout (a failover
// looks like this): every compare-and-set times out, the callbacks are answered 503, and Redis applies
// the writes once the pause ends. Graph's retries then find nothing left to change.
const CALLS = Array.from({ length: 10 }, (_, i) => `ringing-${i}`);
const ringing = (callId: string) => ({
  value: [
    {
      changeType: 'created',
      resourceUrl: `/communications/calls/${callId}`,
      resourceData: {
        '@odata.type': '#microsoft.graph.call',
        state: 'incoming',
        direction: 'incoming',
        callbackUri: 'https://bot.contoso.com/callback',
      },
    },
  ],
});

let redis: TestRedis;
let issuer: Awaited<ReturnType<typeof startIssuer>>;
const clients: Redis[] = [];
const apps: FastifyInstance[] = [];
const urls: string[] = [];
const stores: RedisCallStore[] = [];
const incoming: string[] = [];

beforeAll(async () => {
  [redis, issuer] = await Promise.all([startRedis(), startIssuer()]);
  // Two instances behind a load balancer: a retry may reach the other one.
  for (let i = 0; i < 2; i += 1) {
    const client = await connectRedis(redis.url, { commandTimeout: 1000 });
    clients.push(client);
    const store = new RedisCallStore({ redis: client, prefix: 'pause:' });
    stores.push(store);
    const receiver = createCallbackReceiver({
      verifier: createTokenVerifier({ appIds: APP_ID, openIdConfigurationUrl: issuer.openIdConfigurationUrl, allowedTenants: [TENANT] }),
      store,
    });
    receiver.on('call.incoming', (event) => void incoming.push(event.callId));
    const app = Fastify();
    await app.register(graphCallbacks, { receiver });
    apps.push(app);
    urls.push(`${(await app.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1')}/callback`);
  }
});
afterAll(async () => {
  await closeAll(clients);
  await Promise.all([...apps.map((app) => app.close()), issuer.close(), redis.close()]);
});

async function post(url: string, body: unknown): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await issuer.sign()}` },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

describe('a write pause while calls ring', () => {
  it('runs call.incoming exactly once per call although the timed-out writes were applied later', async () => {
    const admin = await connectRedis(redis.url);
    clients.push(admin);
    // Paused until the test ends it, however long the callbacks take to arrive on a loaded machine.
    await admin.call('CLIENT', 'PAUSE', '60000', 'WRITE');
    const first = await Promise.all(CALLS.map((callId, i) => post(urls[i % 2] as string, ringing(callId))));
    // Every write timed out: nothing was acknowledged, so Graph retries every callback.
    expect(first).toEqual(CALLS.map(() => 503));
    expect(incoming).toEqual([]);
    // The pause ends and Redis applies the writes it held.
    await admin.call('CLIENT', 'UNPAUSE');
    await eventually(async () => (await admin.exists(...CALLS.map((id) => stores[0]!.key(id)))) === CALLS.length, 10_000);
    // Graph's retries, to the other instance this time; then a duplicate delivery of each for good measure.
    const retried = await Promise.all(CALLS.map((callId, i) => post(urls[(i + 1) % 2] as string, ringing(callId))));
    expect(retried).toEqual(CALLS.map(() => 202));
    const duplicates = await Promise.all(CALLS.map((callId, i) => post(urls[i % 2] as string, ringing(callId))));
    expect(duplicates).toEqual(CALLS.map(() => 202));
    // Every outbox claimed (a claim deletes what it takes, so nothing can be dispatched twice after this)…
    const outboxesEmpty = async () => {
      for (const callId of CALLS)
        expect(Object.keys(await admin.hgetall(stores[0]!.key(callId))).sort()).toEqual(['record', 'summary', 'version']);
    };
    await eventually(outboxesEmpty, 10_000);
    // …and every claimed event handled: each call rang exactly once.
    await eventually(() => incoming.length >= CALLS.length, 10_000);
    expect([...incoming].sort()).toEqual([...CALLS].sort());
    expect(stores[0]!.recovered + stores[1]!.recovered).toBe(CALLS.length);
  });
});
