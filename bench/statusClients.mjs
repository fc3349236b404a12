// The admin bench's status load, in a process of its own: BENCH_STATUS_CLIENTS clients (default 20)
// each GET BENCH_STATUS_URL again as soon as the last answer came, nonstop. It writes `ready` once
// every client has had an answer, and when its stdin ends, one line
// `{"answers", "failures", "seconds", "p50", "p99"}` (ms), then exits.
import { performance } from 'node:perf_hooks';

/* global fetch */
const url = process.env.BENCH_STATUS_URL;
const clients = Number(process.env.BENCH_STATUS_CLIENTS ?? 20);

const latencies = [];
let failures = 0;
let stopping = false;
let answered = 0;
const started = performance.now();

async function client() {
  let first = true;
  while (!stopping) {
    const t = performance.now();
    try {
      const answer = await fetch(url);
      await answer.arrayBuffer();
      if (answer.status === 200) latencies.push(performance.now() - t);
      else failures += 1;
    } catch {
      failures += 1;
    }
    if (first) {
      first = false;
      answered += 1;
      if (answered === clients) process.stdout.write('ready\n');
    }
  }
}

const running = Promise.all(Array.from({ length: clients }, client));
process.stdin.resume();
process.stdin.on('end', async () => {
  stopping = true;
  await running;
  const seconds = (performance.now() - started) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  const at = (p) => Math.round((sorted[Math.floor((sorted.length - 1) * p)] ?? 0) * 100) / 100;
  process.stdout.write(`${JSON.stringify({ answers: sorted.length, failures, seconds, p50: at(0.5), p99: at(0.99) })}\n`);
  process.exit(0);
});
