import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createCallbackReceiver, createTokenVerifier } from '@graph-calling/notifications';
import { graphCallbacks } from '@graph-calling/notifications/fastify';
import { alternatingRounds, type Comparison } from './measure';
import { median, middleHalf, round1, round3 } from './stats';
import { threadsCpuUs } from './threadCpu';

const APP_ID = '2891555a-92ff-42e6-80fa-6e1300c6b5c6';
const TENANT = 'aa67bd4c-8475-432d-bd41-39f255720e0a';
const CONNECTIONS = 50;
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 3);
/** Measured rounds of the three loads (after one warm-up load each). */
const ROUNDS = 5;

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

/** More tokens than the verifier caches (1000), so cycling through them never hits its cache. */
const COLD_TOKENS = 2500;

/**
 * Starts counting the servers' CPU: the threads that exist now, which are the event loop, libuv's
 * thread pool (where a token's signature is checked; started by the warm-up runs) and V8's; not the
 * load generator's worker, which autocannon starts afresh for each run. Returns the µs they used since.
 * Elsewhere, the process-wide figure is the best available.
 */
function serverCpu(): () => number {
  const before = threadsCpuUs();
  if (before === undefined) {
    const start = process.cpuUsage();
    return () => {
      const { user, system } = process.cpuUsage(start);
      return user + system;
    };
  }
  return () => {
    let used = 0;
    // A thread that ended meanwhile is left out (none of the servers' does); one started since is the load generator's.
    for (const [tid, now] of threadsCpuUs() ?? []) used += now - (before.get(tid) ?? now);
    return used;
  };
}

/** One load's figures: requests per second over the whole load, server CPU per request, and latency. */
interface Loaded {
  readonly perSecond: number;
  readonly cpuUsPerRequest: number;
  readonly p50: number;
  readonly p99: number;
  readonly failures: number;
}

/** Where the next cold load starts in the token pool: past every token the previous one sent (and the verifier cached). */
let coldStart = 0;

async function load(url: string, token: string, cold = false): Promise<Loaded> {
  // autocannon's worker reads the pool's starting point from the environment it is started with.
  if (cold) process.env['BENCH_COLD_START'] = String(coldStart);
  const used = serverCpu();
  const result = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: SECONDS,
    workers: 1,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
    // In a worker, a per-request setup has to be a module path.
    ...(cold ? { requests: [{ setupRequest: join(import.meta.dirname, 'coldTokenRequest.cjs') }] } : {}),
  });
  const cpuUs = used();
  if (cold) coldStart = (coldStart + result.requests.sent) % COLD_TOKENS;
  return {
    perSecond: result.requests.total / Math.max(0.001, result.duration),
    cpuUsPerRequest: cpuUs / Math.max(1, result.requests.total),
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

/** Callback throughput of the fastify adapter (verify + parse + reduce) against a bare route answering 202. */
export async function run(): Promise<Record<string, Comparison>> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'RS256', use: 'sig' };
  const keys = Fastify();
  keys.get('/openid', () => ({ jwks_uri: `${keysUrl}/jwks` }));
  keys.get('/jwks', () => ({ keys: [jwk] }));
  const keysUrl = (await keys.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
  const sign = (n: number) =>
    new SignJWT({ tid: TENANT, jti: `bench-${n}` })
      .setProtectedHeader({ alg: 'RS256', kid: 'bench' })
      .setIssuer('https://api.botframework.com')
      .setAudience(APP_ID)
      .setIssuedAt()
      .setExpirationTime('2h')
      .sign(privateKey);
  const token = await sign(0);
  const tokenDir = mkdtempSync(join(tmpdir(), 'bench-tokens-'));
  const tokenFile = join(tokenDir, 'tokens.json');
  writeFileSync(tokenFile, JSON.stringify(await Promise.all(Array.from({ length: COLD_TOKENS }, (_, i) => sign(i + 1)))));
  process.env['BENCH_COLD_TOKENS'] = tokenFile;

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
    // Warm all three, then rounds that alternate the order (so drift and GC hit all three alike). Each
    // figure is the median over the rounds of the subject against the bare route measured in the same round.
    await load(bareUrl, token);
    await load(adapterUrl, token);
    await load(adapterUrl, token, true);
    const rounds = await alternatingRounds(ROUNDS, {
      base: () => load(bareUrl, token),
      subject: () => load(adapterUrl, token),
      cold: () => load(adapterUrl, token, true),
    });
    const failed = (pick: (r: (typeof rounds)[number]) => Loaded) => rounds.reduce((sum, r) => sum + pick(r).failures, 0);
    if (failed((r) => r.subject) > 0 || failed((r) => r.base) > 0 || failed((r) => r.cold) > 0)
      throw new Error(
        `benchmark requests failed: adapter ${failed((r) => r.subject)}, cold ${failed((r) => r.cold)}, bare ${failed((r) => r.base)}`,
      );
    const of = (pick: (r: (typeof rounds)[number]) => Loaded, figure: (l: Loaded) => number) => median(rounds.map((r) => figure(pick(r))));
    const base = (r: (typeof rounds)[number]) => r.base;
    const compared = (pick: (r: (typeof rounds)[number]) => Loaded, name: string, target: number): Comparison => {
      const ratios = rounds.map((r) => pick(r).perSecond / r.base.perSecond);
      return {
        ratio: round3(median(ratios)),
        spread: middleHalf(ratios),
        baseline: { name: 'bare fastify route answering 202', opsPerSecond: Math.round(of(base, (l) => l.perSecond)) },
        subject: { name, opsPerSecond: Math.round(of(pick, (l) => l.perSecond)) },
        samples: rounds.length,
        target,
        latency: {
          p50: of(pick, (l) => l.p50),
          p99: of(pick, (l) => l.p99),
          baselineP50: of(base, (l) => l.p50),
          baselineP99: of(base, (l) => l.p99),
          p99Target: 10,
        },
        cpu: {
          subjectUs: round1(of(pick, (l) => l.cpuUsPerRequest)),
          baselineUs: round1(of(base, (l) => l.cpuUsPerRequest)),
          ratio: round3(median(rounds.map((r) => r.base.cpuUsPerRequest / pick(r).cpuUsPerRequest))),
        },
      };
    };
    return {
      'notifications.fastify.state-callback': compared(
        (r) => r.subject,
        'graphCallbacks (verify + parse + reduce), one cached token',
        0.85,
      ),
      // Beside the cached case: what a new token on every request costs (full RS256 verification).
      'notifications.fastify.state-callback.cold-token': compared(
        (r) => r.cold,
        `graphCallbacks, a new token on every request (${COLD_TOKENS} cycled)`,
        0.6,
      ),
    };
  } finally {
    rmSync(tokenDir, { recursive: true, force: true });
    await Promise.all([bare.close(), adapter.close(), keys.close()]);
  }
}
