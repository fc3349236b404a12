import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSite, type BuildResult } from '../src';

/**
 * Real Graph docs pages (apps/docs/test/corpus, see its NOTICE) and, per fenced JSON block, the
 * verdict and diagnostics judged right by reading the page against Graph's schema
 * (corpus/expected.json). A change in what the docs app says about any of them fails here.
 */
const corpus = resolve(__dirname, 'corpus');
let site: BuildResult;

interface Expected {
  readonly status: string;
  readonly diagnostics: readonly string[];
}

beforeAll(() => {
  site = buildSite({
    sources: [{ dir: corpus, label: 'corpus', strict: false }],
    out: mkdtempSync(join(tmpdir(), 'corpus-')),
    repoRoot: resolve(__dirname, '../../..'),
  });
}, 120_000);

function verdicts(): Record<string, Expected> {
  const examples = JSON.parse(readFileSync(join(site.out, 'examples.json'), 'utf8')) as Array<{
    source: string;
    line: number;
    status: string;
    diagnostics: Array<{ severity: string; code: string; path?: string }>;
  }>;
  const out: Record<string, Expected> = {};
  for (const e of examples) {
    if (e.status === 'not-json') continue;
    out[`${e.source.replace(/^corpus\//, '')}:${e.line}`] = {
      status: e.status,
      diagnostics: e.diagnostics.map((d) => `${d.severity} ${d.code}${d.path !== undefined ? ` ${d.path}` : ''}`),
    };
  }
  return out;
}

describe('the regression corpus of real Graph pages', () => {
  it('gives every JSON block the verdict and diagnostics written down for it', () => {
    const expected = JSON.parse(readFileSync(join(corpus, 'expected.json'), 'utf8')) as { blocks: Record<string, Expected> };
    expect(verdicts()).toEqual(expected.blocks);
  });

  it('never calls a resource template, or a block no codec checked, valid', () => {
    for (const page of site.pages)
      for (const a of page.analyses) {
        if (a.block.annotation?.blockType === 'resource') expect(['template', 'not-validated']).toContain(a.status);
        if (a.status === 'valid') expect(a.codec).toBeDefined();
      }
  });

  it('reads each page version from its folder', () => {
    for (const page of site.pages) expect(page.version).toBe(/\/beta\//.test(page.source) ? 'beta' : 'v1.0');
  });
});
