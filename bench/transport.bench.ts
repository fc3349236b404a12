import { performance } from 'node:perf_hooks';
import Fastify from 'fastify';
import { peerToPeerCall, serviceHosted, user } from '@graph-calling/builders';
import { createSimulator, DEFAULT_APP } from '@graph-calling/simulator';
import { createCallsClient, trustedFetch } from '@graph-calling/transport';
import { simulatorAuth } from '@graph-calling/test-support/simulatorAuth';
import type { Comparison } from './measure';
import { median, middleHalf, round2, round3 } from './stats';

const CONCURRENCY = 32;
const r2 = (x: number | undefined) => round2(x ?? 0);
const PER_ROUND = Number(process.env['BENCH_CREATES'] ?? 1500);

/** Runs `total` operations with `concurrency` in flight; returns throughput and the latency median. */
async function drive(
  total: number,
  concurrency: number,
  op: () => Promise<unknown>,
): Promise<{ perSecond: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next += 1;
        const t = performance.now();
        await op();
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0;
  return { perSecond: (total / elapsed) * 1000, p50: at(0.5), p99: at(0.99) };
}

/** `calls.create` through the whole middleware chain against raw fetch, same simulator, same body. */
export async function run(): Promise<Record<string, Comparison>> {
  const sink = Fastify();
  sink.post('/callback', async (_request, reply) => reply.code(202).send());
  const callbackUri = `${(await sink.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1')}/callback`;
  const simulator = await createSimulator({ callbackAttempts: 1, timing: { autoAnswerMs: false, ringTimeoutMs: 3_600_000 } });
  try {
    const auth = simulatorAuth(simulator, DEFAULT_APP);
    const client = createCallsClient({ baseUrl: simulator.url, ca: simulator.certificate.cert, auth });
    // The baseline pays for the same TLS: one fetch trusting the simulator's certificate, as the client uses.
    const fetch = trustedFetch(simulator.certificate.cert);
    const request = peerToPeerCall({ callbackUri, to: user('112f7296-5fa4-42ca-bae8-6a692b15d4b8', 'John'), media: serviceHosted() });
    const body = JSON.stringify(request);
    const token = await auth.getToken();
    const url = `${simulator.url}/v1.0/communications/calls`;
    const raw = async () => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
      });
      if (response.status !== 201) throw new Error(`raw create answered ${response.status}`);
      await response.json();
    };
    const viaClient = () => client.calls.create(request);
    await drive(200, CONCURRENCY, raw);
    await drive(200, CONCURRENCY, viaClient);
    const rounds: Array<{ raw: Awaited<ReturnType<typeof drive>>; client: Awaited<ReturnType<typeof drive>> }> = [];
    for (let i = 0; i < 3; i += 1)
      rounds.push({ raw: await drive(PER_ROUND, CONCURRENCY, raw), client: await drive(PER_ROUND, CONCURRENCY, viaClient) });
    const ratios = rounds.map((r) => r.client.perSecond / r.raw.perSecond);
    const mid =
      rounds.map((r) => r).sort((a, b) => a.client.perSecond / a.raw.perSecond - b.client.perSecond / b.raw.perSecond)[1] ?? rounds[0];
    return {
      'transport.create.concurrency-32': {
        ratio: round3(median(ratios)),
        spread: middleHalf(ratios),
        baseline: { name: 'raw fetch POST', opsPerSecond: Math.round(mid?.raw.perSecond ?? 0) },
        subject: { name: 'calls.create (auth, telemetry, retry, timeout, decode)', opsPerSecond: Math.round(mid?.client.perSecond ?? 0) },
        samples: rounds.length,
        target: 0.85,
        latency: { p50: r2(mid?.client.p50), p99: r2(mid?.client.p99), baselineP50: r2(mid?.raw.p50), baselineP99: r2(mid?.raw.p99) },
      },
    };
  } finally {
    await simulator.close();
    await sink.close();
  }
}
