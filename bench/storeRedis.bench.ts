import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import Fastify, { type FastifyInstance } from 'fastify';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createCallbackReceiver, createTokenVerifier, MemoryCallStore, type CallStore } from '@graph-calling/notifications';
import { graphCallbacks } from '@graph-calling/notifications/fastify';
import { connectRedis, RedisCallStore } from '@graph-calling/store-redis';
import { startRedis } from '@graph-calling/test-support/redisServer';
import { alternatingRounds, type Comparison } from './measure';
import { median, middleHalf, quantile, round2, round3 } from './stats';

export const APP_ID = '2891555a-92ff-42e6-80fa-6e1300c6b5c6';
export const TENANT = 'aa67bd4c-8475-432d-bd41-39f255720e0a';
const CONNECTIONS = 50;
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 3);
/** Measured rounds of the two loads (after one warm-up load each). */
const ROUNDS = 5;
const CONVERGENCE_SAMPLES = Number(process.env['BENCH_CONVERGENCE_SAMPLES'] ?? 400);

// Each request names a fresh call ([<id>] is replaced), as traffic over many calls does:
// one call's notifications are serialised, so a single hot call would measure one round trip, not the store.
const body = JSON.stringify({
  '@odata.type': '#microsoft.graph.commsNotifications',
  value: [
    {
      '@odata.type': '#microsoft.graph.commsNotification',
      changeType: 'updated',
      resourceUrl: '/communications/calls/[<id>]',
      resourceData: { '@odata.type': '#microsoft.graph.call', state: 'established', id: '[<id>]' },
    },
  ],
});

/** A key pair served as an OpenID configuration, and a callback token signed with it (for benches). */
export async function signer() {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'RS256', use: 'sig' };
  const keys = Fastify();
  keys.get('/openid', () => ({ jwks_uri: `${keysUrl}/jwks` }));
  keys.get('/jwks', () => ({ keys: [jwk] }));
  const keysUrl = (await keys.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
  const token = await new SignJWT({ tid: TENANT })
    .setProtectedHeader({ alg: 'RS256', kid: 'bench' })
    .setIssuer('https://api.botframework.com')
    .setAudience(APP_ID)
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(privateKey);
  return { token, openIdConfigurationUrl: `${keysUrl}/openid`, close: () => keys.close() };
}

/** One bot instance's callback route (the fastify adapter, acknowledging once stored) on a store. */
async function instance(
  store: CallStore,
  openIdConfigurationUrl: string,
): Promise<{ url: string; app: FastifyInstance; store: CallStore }> {
  const receiver = createCallbackReceiver({ verifier: createTokenVerifier({ appIds: APP_ID, openIdConfigurationUrl }), store });
  const app = Fastify();
  await app.register(graphCallbacks, { receiver });
  const url = `${(await app.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1')}/callback`;
  return { url, app, store };
}

let calls = 0;

function load(url: string, token: string): Promise<autocannon.Result> {
  return autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    // In this thread (a worker cannot take a function): each request names the next call.
    requests: [{ setupRequest: (request) => ({ ...request, body: body.replaceAll('[<id>]', `bench-${(calls += 1)}`) }) }],
  });
}

/** ms from sending a notification to one instance until another instance reads the new state. */
async function convergence(
  token: string,
  writers: ReadonlyArray<{ url: string }>,
  readers: ReadonlyArray<{ store: CallStore }>,
): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < CONVERGENCE_SAMPLES; i += 1) {
    const callId = `convergence-${i}-${Math.random().toString(36).slice(2)}`;
    const writer = writers[i % writers.length] as { url: string };
    const reader = readers[(i + 1) % readers.length] as { store: CallStore };
    const started = performance.now();
    const answer = await fetch(writer.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: body.replaceAll('[<id>]', callId),
    });
    if (answer.status !== 202) throw new Error(`convergence: expected 202, found ${answer.status}`);
    while ((await reader.store.get(callId))?.state !== 'established') {
      if (performance.now() - started > 5000) throw new Error(`convergence: ${callId} never reached the other instance`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    out.push(performance.now() - started);
  }
  return out;
}

const percentile = (xs: number[], p: number) => round2(quantile(xs, p));

/**
 * The callback route on the Redis store against the same route on the memory store (same run,
 * one instance each; target ≥ 0.5×), and how long a state change takes to be read by another
 * instance sharing Redis, against one instance reading its own memory store.
 */
export async function run(): Promise<Record<string, Comparison>> {
  const redis = await startRedis();
  const keys = await signer();
  const clients = await Promise.all([1, 2, 3].map(() => connectRedis(redis.url)));
  const memory = await instance(new MemoryCallStore({ maxRecords: 1_000_000 }), keys.openIdConfigurationUrl);
  const shared = await Promise.all(
    clients.map((redisClient) => instance(new RedisCallStore({ redis: redisClient }), keys.openIdConfigurationUrl)),
  );
  try {
    const first = shared[0] as (typeof shared)[number];
    await load(memory.url, keys.token);
    await load(first.url, keys.token);
    const rounds = await alternatingRounds(ROUNDS, {
      base: () => load(memory.url, keys.token),
      subject: () => load(first.url, keys.token),
    });
    const base = (r: (typeof rounds)[number]) => r.base;
    const subject = (r: (typeof rounds)[number]) => r.subject;
    const failures = (r: autocannon.Result) => r.non2xx + r.errors + r.timeouts;
    const failed = (pick: (r: (typeof rounds)[number]) => autocannon.Result) => rounds.reduce((sum, r) => sum + failures(pick(r)), 0);
    if (failed(subject) > 0 || failed(base) > 0)
      throw new Error(`benchmark requests failed: redis ${failed(subject)}, memory ${failed(base)}`);
    const perSecond = (r: autocannon.Result) => r.requests.total / Math.max(0.001, r.duration);
    const p50 = (r: autocannon.Result) => r.latency.p50;
    const p99 = (r: autocannon.Result) => r.latency.p99;
    const of = (pick: (r: (typeof rounds)[number]) => autocannon.Result, figure: (r: autocannon.Result) => number) =>
      median(rounds.map((r) => figure(pick(r))));

    const local = await convergence(keys.token, [memory], [memory]);
    const across = await convergence(keys.token, shared, shared);
    const localMs = percentile(local, 0.5);
    const acrossMs = percentile(across, 0.5);
    const routeRatios = rounds.map((r) => perSecond(r.subject) / perSecond(r.base));
    return {
      'store-redis.callback-route': {
        ratio: round3(median(routeRatios)),
        spread: middleHalf(routeRatios),
        baseline: { name: 'callback route on the memory store', opsPerSecond: Math.round(of(base, perSecond)) },
        subject: { name: 'callback route on the Redis store (stored before 202)', opsPerSecond: Math.round(of(subject, perSecond)) },
        samples: rounds.length,
        target: 0.5,
        latency: { p50: of(subject, p50), p99: of(subject, p99), baselineP50: of(base, p50), baselineP99: of(base, p99) },
      },
      'store-redis.convergence': {
        // Throughput of sequential "notify, then read elsewhere" round trips; the latency is the point.
        ratio: round3(localMs / acrossMs),
        baseline: { name: 'one instance reading its own memory store', opsPerSecond: Math.round(1000 / localMs) },
        subject: { name: 'another of three instances reading Redis', opsPerSecond: Math.round(1000 / acrossMs) },
        samples: across.length,
        latency: { p50: acrossMs, p99: percentile(across, 0.99), baselineP50: localMs, baselineP99: percentile(local, 0.99) },
      },
    };
  } finally {
    await Promise.all([memory.app.close(), ...shared.map((s) => s.app.close()), keys.close()]);
    await Promise.all(clients.map((c) => c.quit()));
    await redis.close();
  }
}
