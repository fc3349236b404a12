import autocannon from 'autocannon';
import Fastify from 'fastify';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createCallbackReceiver, createTokenVerifier } from '@graph-calling/notifications';
import { graphCallbacks } from '@graph-calling/notifications/fastify';
import type { Comparison } from './measure';

const APP_ID = '2891555a-92ff-42e6-80fa-6e1300c6b5c6';
const TENANT = 'aa67bd4c-8475-432d-bd41-39f255720e0a';
const CONNECTIONS = 100;
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);

const body = JSON.stringify({
  '@odata.type': '#microsoft.graph.commsNotifications',
  value: [
    {
      '@odata.type': '#microsoft.graph.commsNotification',
      changeType: 'updated',
      resourceUrl: '/communications/calls/2f1a1100-b174-40a0-aba7-0b405e01ed92',
      resourceData: { '@odata.type': '#microsoft.graph.call', state: 'established', id: '2f1a1100-b174-40a0-aba7-0b405e01ed92' },
    },
  ],
});

async function load(url: string, token: string): Promise<autocannon.Result> {
  return autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: SECONDS,
    workers: 1,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
  });
}

/** Callback throughput of the fastify adapter (verify + parse + reduce) against a bare route answering 202. */
export async function run(): Promise<Record<string, Comparison>> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'RS256', use: 'sig' };
  const keys = Fastify();
  keys.get('/openid', async () => ({ jwks_uri: `${keysUrl}/jwks` }));
  keys.get('/jwks', async () => ({ keys: [jwk] }));
  const keysUrl = (await keys.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
  const token = await new SignJWT({ tid: TENANT })
    .setProtectedHeader({ alg: 'RS256', kid: 'bench' })
    .setIssuer('https://api.botframework.com')
    .setAudience(APP_ID)
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(privateKey);

  const bare = Fastify();
  bare.post('/callback', async (_request, reply) => reply.code(202).send());
  const bareUrl = `${(await bare.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1')}/callback`;

  const receiver = createCallbackReceiver({
    verifier: createTokenVerifier({ appIds: APP_ID, openIdConfigurationUrl: `${keysUrl}/openid` }),
  });
  const adapter = Fastify();
  await adapter.register(graphCallbacks, { receiver });
  const adapterUrl = `${(await adapter.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1')}/callback`;

  try {
    // Warm both, then alternate so drift hits both alike; keep the better of two rounds each.
    await load(bareUrl, token);
    await load(adapterUrl, token);
    const rounds: Array<{ base: autocannon.Result; subject: autocannon.Result }> = [];
    for (let i = 0; i < 2; i += 1) rounds.push({ base: await load(bareUrl, token), subject: await load(adapterUrl, token) });
    const best = (pick: (r: (typeof rounds)[number]) => autocannon.Result) =>
      rounds.map(pick).sort((a, b) => b.requests.average - a.requests.average)[0] as autocannon.Result;
    const base = best((r) => r.base);
    const subject = best((r) => r.subject);
    const failures = (r: autocannon.Result) => r.non2xx + r.errors + r.timeouts;
    if (failures(subject) > 0 || failures(base) > 0)
      throw new Error(`benchmark requests failed: adapter ${failures(subject)}, bare ${failures(base)}`);
    return {
      'notifications.fastify.state-callback': {
        ratio: Math.round((subject.requests.average / base.requests.average) * 1000) / 1000,
        baseline: { name: 'bare fastify route answering 202', opsPerSecond: Math.round(base.requests.average) },
        subject: { name: 'graphCallbacks (verify + parse + reduce)', opsPerSecond: Math.round(subject.requests.average) },
        samples: rounds.length,
        target: 0.6,
        latency: {
          p50: subject.latency.p50,
          p99: subject.latency.p99,
          baselineP50: base.latency.p50,
          baselineP99: base.latency.p99,
          p99Target: 10,
        },
      },
    };
  } finally {
    await Promise.all([bare.close(), adapter.close(), keys.close()]);
  }
}
