import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSite, type BuildResult } from '../src';
import { sharedDir } from '../../../test-support/seeds';

const repoRoot = resolve(__dirname, '../../..');
let site: BuildResult;

beforeAll(() => {
  site = buildSite({
    sources: [
      { dir: join(repoRoot, 'docs'), label: 'docs', strict: true },
      { dir: join(sharedDir(), 'graph-docs'), strict: false },
    ],
    out: mkdtempSync(join(tmpdir(), 'site-')),
    repoRoot,
  });
}, 120_000);

describe('the site build', () => {
  it('builds every page of our docs and the seed tree, with no failure', () => {
    expect(site.failures).toEqual([]);
    expect(site.pages.filter((p) => p.source.startsWith('graph-docs/'))).toHaveLength(5);
    expect(site.pages.filter((p) => p.source.startsWith('docs/')).length).toBeGreaterThanOrEqual(10);
  });

  it('lists every fenced block of the five seed pages in examples.json, with its status', () => {
    const examples = JSON.parse(readFileSync(join(site.out, 'examples.json'), 'utf8')) as Array<Record<string, unknown>>;
    const seeds = examples.filter((e) => String(e['source']).startsWith('graph-docs/'));
    expect(seeds).toHaveLength(130);
    const by = (status: string) => seeds.filter((e) => e['status'] === status).length;
    expect({ valid: by('valid'), warnings: by('valid-with-warnings'), invalid: by('invalid'), notJson: by('not-json') }).toEqual({
      valid: 31,
      warnings: 48,
      invalid: 0,
      notJson: 51,
    });
    expect(seeds[0]).toEqual({
      source: 'graph-docs/create-call.beta.2019-07-31.zh-CN.md',
      line: 34,
      blockType: 'ignored',
      name: null,
      kind: 'request',
      status: 'not-json',
      diagnostics: [],
      odataType: null,
    });
    const joinExample = seeds.find((e) => e['name'] === 'join-meeting-service-hosted-media') as {
      diagnostics: Array<{ code: string; line: number; path?: string }>;
    };
    expect(joinExample.diagnostics.map((d) => `${d.code} ${d.line} ${d.path ?? ''}`)).toEqual([
      'trailing-comma 595 ',
      'duplicate-key 611 meetingInfo.organizer.user.tenantId',
      'invalid-guid 611 meetingInfo.organizer.user.tenantId',
      'invalid-guid 616 tenantId',
    ]);
    for (const e of examples) expect(['request', 'response', 'notification', 'json', 'http', 'other']).toContain(e['kind']);
  });

  it('gives every seed request a TypeScript tab whose snippet compiled and reproduced the request', () => {
    const requests = site.pages.flatMap((p) => p.analyses.filter((a) => a.block.kind === 'request' && a.block.json));
    expect(requests.length).toBeGreaterThan(30);
    expect(requests.every((a) => a.recipe !== undefined)).toBe(true);
    expect(site.pages.every((p) => p.snippetFailures.size === 0)).toBe(true);
  });

  it('puts the same example from different revisions side by side', () => {
    const html = readFileSync(join(site.out, 'revisions.html'), 'utf8');
    expect(html).toContain('<h2>create-call-app-hosted-media</h2>');
    expect(html).toContain('<h2>notification: notification - roster</h2>');
    expect(html).toMatch(/class="jsondiff"/);
  });
});

describe('bad input', () => {
  it('still builds pages with broken annotations, unterminated fences, junk and 10k examples; problems are diagnostics', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bad-docs-'));
    writeFileSync(
      join(dir, 'broken-annotation.md'),
      '# Broken\n\n<!-- { "blockType": "request", -->\n```http\nPOST /x\n\n{"a": 1,}\n```\n',
    );
    writeFileSync(join(dir, 'unterminated.md'), '# Open\n\n<!-- {\n"blockType": "response"\n\n```json\n{"state": ');
    writeFileSync(join(dir, 'junk.md'), Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 2654435761) >>> 24)));
    writeFileSync(
      join(dir, 'many.md'),
      Array.from({ length: 10_000 }, (_, i) => `## Example ${i}\n\n\`\`\`json\n{"n": ${i}}\n\`\`\`\n`).join('\n'),
    );
    const result = buildSite({ sources: [{ dir, strict: false }], out: join(dir, 'site'), repoRoot });
    expect(result.failures).toEqual([]);
    expect(result.pages).toHaveLength(4);
    expect(result.examples.filter((e) => e.source.endsWith('many.md'))).toHaveLength(10_000);
    const broken = result.examples.find((e) => e.source.endsWith('broken-annotation.md'));
    expect(broken?.status).toBe('invalid');
    expect(broken?.diagnostics.map((d) => d.code)).toEqual(
      // POST /x is no calls API operation: its body is not validated (the broken annotation still makes it invalid).
      expect.arrayContaining(['malformed-annotation', 'trailing-comma', 'not-validated']),
    );
    expect(result.examples.find((e) => e.source.endsWith('unterminated.md'))?.diagnostics.map((d) => d.code)).toEqual(
      expect.arrayContaining(['unterminated-annotation', 'unterminated-fence', 'json-syntax']),
    );
  }, 120_000);

  it('fails the build on an invalid example in our own docs, and on a missing source', () => {
    const dir = mkdtempSync(join(tmpdir(), 'strict-docs-'));
    mkdirSync(join(dir, 'reference'));
    writeFileSync(
      join(dir, 'reference', 'bad.md'),
      '# Bad\n\n<!-- { "blockType": "request" } -->\n```http\nPOST https://graph.microsoft.com/v1.0/communications/calls\n\n{"callbackUri": 5}\n```\n',
    );
    const result = buildSite({
      sources: [
        { dir, label: 'docs', strict: true },
        { dir: join(dir, 'nowhere'), strict: false },
      ],
      out: join(dir, 'site'),
      repoRoot,
    });
    expect(result.failures).toEqual([
      expect.stringContaining('nowhere: not a folder'),
      expect.stringMatching(/^docs\/reference\/bad\.md:4: example is invalid \(callbackUri: expected string, found 5/),
    ]);
  });
});
