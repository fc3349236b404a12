import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import MarkdownIt from 'markdown-it';
import { buildSite, type Source } from '@graph-calling/docs';
import type { Comparison } from './measure';
import { median, round3 } from './stats';

const repoRoot = resolve(import.meta.dirname, '..');
const seeds = resolve(process.env['GRAPH_CALLING_SHARED'] ?? join(repoRoot, '..', 'shared'), 'graph-docs');

function time(fn: () => unknown): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

/** A tree with `copies` copies of every seed page. */
function seedTree(copies: number): string {
  const dir = mkdtempSync(join(tmpdir(), `docs-bench-${copies}-`));
  for (let i = 0; i < copies; i += 1) {
    mkdirSync(join(dir, `copy-${i}`));
    for (const file of readdirSync(seeds)) copyFileSync(join(seeds, file), join(dir, `copy-${i}`, file));
  }
  return dir;
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.md'))
    .map((e) => join(e.parentPath, e.name));
}

/** Build time against parsing the same markdown; and build time per page from 1× to 20× the seed pages. */
export function run(): Record<string, Comparison> {
  const out = mkdtempSync(join(tmpdir(), 'docs-bench-site-'));
  const sources: Source[] = [
    { dir: join(repoRoot, 'docs'), label: 'docs', strict: true },
    { dir: seeds, strict: false },
  ];
  const texts = [...markdownFiles(join(repoRoot, 'docs')), ...markdownFiles(seeds)].map((f) => readFileSync(f, 'utf8'));
  const md = new MarkdownIt({ html: true });
  buildSite({ sources, out, repoRoot });
  const builds: number[] = [];
  const parses: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    builds.push(time(() => buildSite({ sources, out, repoRoot })));
    parses.push(time(() => texts.forEach((t) => md.parse(t, {}))));
  }
  const build = median(builds);
  const parse = median(parses);

  // Several builds per size, the median kept: one slow build (a busy machine) must not read as growth.
  const SAMPLES = 3;
  const perPage: Record<number, number> = {};
  const spread: string[] = [];
  for (const copies of [1, 5, 10, 20]) {
    const dir = seedTree(copies);
    const pageCount = copies * 5;
    const runs = Array.from(
      { length: SAMPLES },
      () => time(() => buildSite({ sources: [{ dir, strict: false }], out: join(dir, 'site'), repoRoot })) / pageCount,
    );
    perPage[copies] = median(runs);
    spread.push(`${copies}×: ${runs.map((r) => r.toFixed(1)).join('/')} ms/page`);
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`docs build per page (each sample): ${spread.join('; ')}`);
  rmSync(out, { recursive: true, force: true });
  const linearity = (perPage[20] as number) / (perPage[1] as number);
  return {
    'docs.build.vs-markdown-parse': {
      ratio: round3(parse / build),
      baseline: { name: 'markdown-it parse of the same pages', opsPerSecond: Math.round(1000 / parse) },
      subject: { name: 'docs build (seed pages + docs/)', opsPerSecond: round3(1000 / build) },
      samples: builds.length,
    },
    'docs.build.growth-20x-per-page': {
      // Time per page at 20× the seed pages relative to 1×: 1 is linear growth, above 1 superlinear.
      ratio: round3(linearity),
      baseline: { name: 'ms per page at 1× seed pages', opsPerSecond: Math.round((1000 / (perPage[1] as number)) * 100) / 100 },
      subject: {
        name: `ms per page at 20× (5×: ${(perPage[5] as number).toFixed(1)}, 10×: ${(perPage[10] as number).toFixed(1)}, 20×: ${(perPage[20] as number).toFixed(1)} ms)`,
        opsPerSecond: Math.round((1000 / (perPage[20] as number)) * 100) / 100,
      },
      samples: SAMPLES * 4,
      target: 1.5,
      lowerIsBetter: true,
    },
  };
}
