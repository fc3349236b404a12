/**
 * `pnpm bench`: runs every benchmark in this folder and writes bench/results/latest.json
 * (name → ratio against a baseline measured in the same run, baseline, samples). A ratio below
 * its target is printed as a miss; benchmarks inform, they do not fail the build.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Comparison } from './measure';
import * as models from './models.bench';

const suites: Array<{ name: string; run: () => Record<string, Comparison> | Promise<Record<string, Comparison>> }> = [{ name: 'models', run: models.run }];

async function main(): Promise<void> {
  const results: Record<string, Comparison> = {};
  for (const suite of suites) {
    const out = await suite.run();
    for (const [name, comparison] of Object.entries(out)) {
      results[name] = comparison;
      const verdict = comparison.target === undefined ? '' : comparison.ratio >= comparison.target ? ` (target ${comparison.target}: met)` : ` (target ${comparison.target}: MISSED)`;
      console.log(
        `${name}: ${comparison.ratio}× of ${comparison.baseline.name} — ${comparison.subject.opsPerSecond}/s vs ${comparison.baseline.opsPerSecond}/s${verdict}`,
      );
    }
  }
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 2)}\n`);
  console.log(`wrote ${join(dir, 'latest.json')}`);
}

void main();
