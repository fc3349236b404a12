/**
 * `pnpm bench`: runs every benchmark in this folder and writes bench/results/latest.json
 * (name → ratio against a baseline measured in the same run, baseline, samples); arguments
 * select suites by name. A ratio below
 * its target is printed as a miss; benchmarks inform, they do not fail the build.
 *
 * `pnpm bench` runs it with tsx's disk cache off (TSX_DISABLE_CACHE): with the cache on, tsx reads
 * through its whole cache directory in the background at start, to expire old entries. That took
 * 130–300 ms of CPU inside the 30 s idle measurement of `scale` on a machine whose cache held 37,000
 * files (idle 2.6 % against 1.6 % without), and the figure then depended on the machine's history.
 *
 * The bench is ES modules (bench/package.json), so tsx loads the packages' sources as the ES
 * modules they are, as an application importing them does. Loaded from CommonJS, tsx turned each
 * package into CommonJS, where every call from one module into another goes through an export
 * getter: in a state notification's decode that was about a third of the time (profiled), a cost
 * no application pays (the published CommonJS build is one bundle).
 *
 * Each suite runs in a process of its own (this file, started again with `--suite`), which sends its
 * results back: no suite measures what another left behind. In one process, the suites' modules and
 * fixtures (fast-check and the arbitraries, the docs site's highlighter: about 140 MB of heap) stayed
 * alive under every later suite, and `scale` counted V8's collections of them as the idle app's CPU
 * (1.2–2.6 % of a core, against 0.6–1.4 % in a process of its own, whose heap is 58 MB).
 */
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Comparison } from './measure';

type Results = Record<string, Comparison>;

/** The suites, in the order `pnpm bench` runs them; each is loaded only in the process that runs it. */
const suites: ReadonlyArray<{ name: string; run: () => Promise<Results> }> = [
  { name: 'models', run: async () => (await import('./models.bench')).run() },
  { name: 'notifications', run: async () => (await import('./notifications.bench')).run() },
  { name: 'transport', run: async () => (await import('./transport.bench')).run() },
  { name: 'docs', run: async () => (await import('./docs.bench')).run() },
  { name: 'store-redis', run: async () => (await import('./storeRedis.bench')).run() },
  { name: 'app', run: async () => (await import('./app.bench')).run() },
  { name: 'admin', run: async () => (await import('./admin.bench')).run() },
  { name: 'scale', run: async () => (await import('./scale.bench')).run() },
  { name: 'scale-redis', run: async () => (await import('./scale.bench')).runRedis() },
];

/** The suites' names, for a message refusing a selection. */
const suiteNames = suites.map((s) => s.name).join(', ');

/** What a suite's process sends back: its results, or why it failed. */
type SuiteMessage = { readonly results: Results } | { readonly error: string };

/** Runs one suite in this process and sends its results to the parent (prints them when there is none). */
async function runSuite(name: string): Promise<void> {
  const suite = suites.find((s) => s.name === name);
  let message: SuiteMessage;
  try {
    if (suite === undefined) throw new Error(`no suite named ${JSON.stringify(name)}; suites: ${suiteNames}`);
    message = { results: await suite.run() };
  } catch (error) {
    message = { error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  const send = process.send?.bind(process);
  if (send === undefined) {
    // Started by hand (`tsx bench/run.ts --suite models`): the results as JSON, or the failure.
    if ('results' in message) console.log(JSON.stringify(message.results, null, 2));
    else console.error(message.error);
    process.exit('results' in message ? 0 : 1);
  }
  await new Promise<void>((resolve, reject) => send(message, (error: Error | null) => (error ? reject(error) : resolve())));
  // A suite's servers and clients are closed by the suite; whatever it left scheduled is not worth waiting for.
  process.exit(0);
}

/** Starts this file again (with the same loader: tsx) to run `name`, and returns what it sends. */
function inChild(name: string): Promise<Results> {
  return new Promise((resolve, reject) => {
    const child = fork(import.meta.filename, ['--suite', name], { execArgv: process.execArgv, stdio: 'inherit' });
    let message: SuiteMessage | undefined;
    child.on('message', (m) => (message = m as SuiteMessage));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (message !== undefined && 'results' in message) resolve(message.results);
      else if (message !== undefined) reject(new Error(`suite ${name} failed:\n${message.error}`));
      else reject(new Error(`suite ${name} exited (${signal ?? `code ${String(code)}`}) without results`));
    });
  });
}

function report(name: string, comparison: Comparison): void {
  const met =
    comparison.target === undefined
      ? undefined
      : comparison.lowerIsBetter
        ? comparison.ratio <= comparison.target
        : comparison.ratio >= comparison.target;
  const verdict =
    met === undefined ? '' : ` (target ${comparison.lowerIsBetter ? '≤' : '≥'} ${comparison.target}: ${met ? 'met' : 'MISSED'})`;
  const l = comparison.latency;
  const latency = l
    ? `, p50 ${l.p50} ms, p99 ${l.p99} ms (baseline: p50 ${l.baselineP50} ms, p99 ${l.baselineP99} ms)${l.p99Target !== undefined ? (l.p99 < l.p99Target ? ` (p99 target ${l.p99Target} ms: met)` : ` (p99 target ${l.p99Target} ms: MISSED)`) : ''}`
    : '';
  const a = comparison.absolute;
  const absolute = a
    ? `, ${a.ms} ms, +${a.mb} MB heap${a.msTarget !== undefined && a.mbTarget !== undefined ? ` (target < ${a.msTarget} ms and < ${a.mbTarget} MB: ${a.ms < a.msTarget && a.mb < a.mbTarget ? 'met' : 'MISSED'})` : ''}`
    : '';
  const s = comparison.spread;
  const spread = s ? ` (middle half of ${comparison.samples} rounds: ${s.low}–${s.high})` : '';
  const c = comparison.cpu;
  const cpu = c ? `, CPU ${c.subjectUs} µs/request vs ${c.baselineUs} µs (${c.ratio}×)` : '';
  const m = comparison.mainThread;
  const mainThread = m
    ? `; bot's thread: +${m.addedCpuMsPerS} ms CPU per s, event-loop delay p99 +${m.addedLoopDelayP99} ms (criterion ≤ ${m.cpuBudgetMsPerS} ms per s and ≤ ${m.loopDelayBudgetMs} ms: ${m.addedCpuMsPerS <= m.cpuBudgetMsPerS && m.addedLoopDelayP99 <= m.loopDelayBudgetMs ? 'met' : 'MISSED'})`
    : '';
  console.log(
    `${name}: ${comparison.ratio}×${spread} of ${comparison.baseline.name} — ${comparison.subject.opsPerSecond}/s vs ${comparison.baseline.opsPerSecond}/s${latency}${absolute}${cpu}${mainThread}${verdict}`,
  );
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { suite: { type: 'string' } }, allowPositionals: true });
  if (values.suite !== undefined) return runSuite(values.suite);
  // `pnpm bench -- notifications` runs only the suites whose name contains an argument.
  const only = positionals.filter((a) => a !== '--');
  const results: Results = {};
  const failed: string[] = [];
  const selected = suites.filter((s) => only.length === 0 || only.some((o) => s.name.includes(o)));
  if (selected.length === 0) {
    console.error(`no suite's name contains ${only.map((o) => JSON.stringify(o)).join(' or ')}; suites: ${suiteNames}`);
    process.exitCode = 1;
    return;
  }
  for (const suite of selected) {
    let out: Results;
    try {
      out = await inChild(suite.name);
    } catch (error) {
      console.error(error instanceof Error ? error.message : error);
      failed.push(suite.name);
      continue;
    }
    for (const [name, comparison] of Object.entries(out)) {
      results[name] = comparison;
      report(name, comparison);
    }
  }
  const dir = join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'latest.json'),
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 2)}\n`,
  );
  console.log(`wrote ${join(dir, 'latest.json')}`);
  if (failed.length > 0) {
    console.error(`suites that failed: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
