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
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Comparison } from './measure';
import * as models from './models.bench';
import * as notifications from './notifications.bench';
import * as transport from './transport.bench';
import * as docs from './docs.bench';
import * as storeRedis from './storeRedis.bench';
import * as app from './app.bench';
import * as admin from './admin.bench';
import * as scale from './scale.bench';

const suites: Array<{ name: string; run: () => Record<string, Comparison> | Promise<Record<string, Comparison>> }> = [
  { name: 'models', run: models.run },
  { name: 'notifications', run: notifications.run },
  { name: 'transport', run: transport.run },
  { name: 'docs', run: docs.run },
  { name: 'store-redis', run: storeRedis.run },
  { name: 'app', run: app.run },
  { name: 'admin', run: admin.run },
  { name: 'scale', run: scale.run },
  { name: 'scale-redis', run: scale.runRedis },
];

async function main(): Promise<void> {
  // `pnpm bench -- notifications` runs only the suites whose name contains an argument.
  const only = process.argv.slice(2).filter((a) => a !== '--');
  const results: Record<string, Comparison> = {};
  for (const suite of suites.filter((s) => only.length === 0 || only.some((o) => s.name.includes(o)))) {
    const out = await suite.run();
    for (const [name, comparison] of Object.entries(out)) {
      results[name] = comparison;
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
      const c = comparison.cpu;
      const cpu = c ? `, CPU ${c.subjectUs} µs/request vs ${c.baselineUs} µs (${c.ratio}×)` : '';
      const m = comparison.mainThread;
      const mainThread = m
        ? `; bot's thread: +${m.addedCpuMsPerS} ms CPU per s, event-loop delay p99 +${m.addedLoopDelayP99} ms (criterion ≤ ${m.cpuBudgetMsPerS} ms per s and ≤ ${m.loopDelayBudgetMs} ms: ${m.addedCpuMsPerS <= m.cpuBudgetMsPerS && m.addedLoopDelayP99 <= m.loopDelayBudgetMs ? 'met' : 'MISSED'})`
        : '';
      console.log(
        `${name}: ${comparison.ratio}× of ${comparison.baseline.name} — ${comparison.subject.opsPerSecond}/s vs ${comparison.baseline.opsPerSecond}/s${latency}${absolute}${cpu}${mainThread}${verdict}`,
      );
    }
  }
  const dir = join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'latest.json'),
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 2)}\n`,
  );
  console.log(`wrote ${join(dir, 'latest.json')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
