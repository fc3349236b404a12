import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import MiniSearch from 'minisearch';
import { findIncludes } from '@graph-calling/doc-examples';
import { buildSite, type BuildResult } from '../src';
import { sharedDir } from '@graph-calling/test-support/seeds';
import { checkLinks, siteLinks } from './linkCheck';

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
    expect({
      valid: by('valid'),
      warnings: by('valid-with-warnings'),
      invalid: by('invalid'),
      notValidated: by('not-validated'),
      notJson: by('not-json'),
    }).toEqual({
      valid: 31,
      // Three were `valid-with-warnings` though no codec ran (media session blobs): now `not-validated`, warnings kept.
      warnings: 45,
      invalid: 0,
      notValidated: 3,
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

  it('lets the reader pick two revisions of the seed pages, with every shared example embedded for the diff', () => {
    const html = readFileSync(join(site.out, 'revisions.html'), 'utf8');
    const seeds = site.pages.filter((p) => p.source.startsWith('graph-docs/'));
    for (const select of ['rev-a', 'rev-b']) {
      const options = new RegExp(`<select id="${select}"[^>]*>(.*?)</select>`).exec(html)?.[1] ?? '';
      expect([...options.matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]).sort()).toEqual(seeds.map((p) => p.slug).sort());
    }
    const data = JSON.parse(/<script type="application\/json" id="revisions-data">(.*?)<\/script>/s.exec(html)?.[1] ?? '') as {
      revisions: Array<{ slug: string; examples: Record<string, { lines: string[]; html: string[]; anchor: string }> }>;
    };
    const shared = data.revisions.filter((r) => 'create-call-app-hosted-media' in r.examples);
    expect(shared.length).toBeGreaterThanOrEqual(2);
    const example = shared[0]?.examples['create-call-app-hosted-media'];
    expect(example?.lines.length).toBe(example?.html.length);
    expect(example?.html.join('\n')).toContain('<span class="hljs-attr">&quot;callbackUri&quot;</span>');
    expect(data.revisions.some((r) => 'notification: notification - roster' in r.examples)).toBe(true);
  });

  it("renders DocFX tab groups as tabs, ours beside the page's own, and leaves no tab heading behind", () => {
    const html = readFileSync(join(site.out, 'pages', 'graph-docs--create-call.beta.2021-05-26.zh-CN.html'), 'utf8');
    expect(html).not.toMatch(/href="#tab\//);
    expect(html).not.toMatch(/<h1[^>]*>\s*<a name="(http|javascript|c|java|objective-c)">/);
    const group =
      /<section class="example docfx-tabs[^"]*" id="(example-\d+)" data-name="create-call-service-hosted-media-1"[\s\S]*?<\/section>/.exec(
        html,
      );
    const labels = [
      ...(/<div class="tabs" role="tablist"[^>]*>(.*?)<\/div>/.exec(group?.[0] ?? '')?.[1] ?? '').matchAll(/>([^<]+)<\/button>/g),
    ].map((m) => m[1]);
    expect(labels).toEqual(['HTTP', 'TypeScript', 'JavaScript', 'C#', 'Objective-C', 'Java', 'Diagnostics (0)']);
    expect(site.pages.find((p) => p.slug === 'graph-docs--create-call.beta.2021-05-26.zh-CN')?.doc.tabGroups.length).toBe(5);
  });

  it('badges only blocks that claim JSON or carry an HTTP body; guide code is just highlighted code', () => {
    const guide = readFileSync(join(site.out, 'pages', 'docs--guides--models.html'), 'utf8');
    expect(guide).not.toContain('class="example');
    expect(guide).toContain('<pre><code class="hljs language-ts">');
    expect(guide).not.toContain('not JSON');
    const seed = readFileSync(join(site.out, 'pages', 'graph-docs--create-call.beta.2019-07-31.zh-CN.html'), 'utf8');
    // The ignored `POST /app/calls` block has no body: plain code, no status.
    expect(seed).toMatch(/<pre><code class="hljs language-http">.*POST \/app\/calls/);
    expect(seed).not.toContain('not JSON');
  });

  it('shows the English title beside the localized one on the index', () => {
    const html = readFileSync(join(site.out, 'index.html'), 'utf8');
    const zh = [...html.matchAll(/lang="zh-CN">创建调用<\/a> <span class="title-en" lang="en">([^<]+)<\/span>/g)].map((m) => m[1]);
    expect(zh).toEqual(['Create call', 'Create call', 'Create call']);
    expect(html).toContain('lang="ru-RU">Создание звонка</a> <span class="title-en" lang="en">Create call</span>');
  });

  it('rewrites every link: pages of the site to their rendered page, the rest to learn.microsoft.com; 0 broken internal links', () => {
    const { checked, broken } = checkLinks(site.out);
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(300);
    const hrefs = siteLinks(site.out).map((l) => l.href);
    expect(hrefs.filter((h) => /\.md(#|$)/.test(h) || /^\/(?!\/)/.test(h))).toEqual([]);
    const seed = readFileSync(join(site.out, 'pages', 'graph-docs--create-call.beta.2021-05-26.zh-CN.html'), 'utf8');
    // A beta page's links open the beta view; the v1.0 page's the v1.0 view.
    expect(seed).toContain('href="https://learn.microsoft.com/graph/api/resources/call?view=graph-rest-beta"');
    expect(seed).not.toContain('href="https://learn.microsoft.com/graph/api/resources/call"');
    const v1 = readFileSync(join(site.out, 'pages', 'graph-docs--create-call.v1.0.2021-02-10.zh-CN.html'), 'utf8');
    expect(v1).toMatch(/href="https:\/\/learn\.microsoft\.com\/graph\/api\/[^"?]+\?view=graph-rest-1\.0/);
    expect(seed).toContain(
      'href="https://learn.microsoft.com/microsoftteams/platform/concepts/calls-and-meetings/registering-calling-bot#add-microsoft-graph-permissions"',
    );
    const start = readFileSync(join(site.out, 'pages', 'docs--getting-started.html'), 'utf8');
    expect(start).toContain('href="docs--guides--notifications.html"');
  });

  it('gives every page a sidebar by version and locale, breadcrumbs and an "on this page" list', () => {
    const html = readFileSync(join(site.out, 'pages', 'graph-docs--create-call.beta.2019-09-11.ru-RU.html'), 'utf8');
    expect(html).toMatch(/<details open><summary>beta<\/summary><details[^>]*><summary>pt-BR<\/summary>/);
    expect(html).toContain('aria-current="page">Создание звонка <span class="date">2019-09-11</span></a>');
    expect(html).toMatch(
      /<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="..\/index.html">Home<\/a><\/li><li>graph-docs<\/li><li>beta<\/li><li>ru-RU<\/li>/,
    );
    expect(html).toMatch(
      /<aside class="toc"[\s\S]*<a href="#permissions"><span data-ttu-id="toc">Разрешения<\/span><span class="sxs-lookup">Permissions<\/span><\/a>/,
    );
  });

  it('writes a MiniSearch index over headings and example names of every page', () => {
    const script = readFileSync(join(site.out, 'assets', 'search-index.js'), 'utf8');
    const payload = JSON.parse(script.replace(/^window\.GC_SEARCH = /, '').replace(/;\s*$/, '')) as {
      options: { fields: string[]; storeFields: string[] };
      index: unknown;
    };
    const index = MiniSearch.loadJSON<{ url: string; kind: string }>(JSON.stringify(payload.index), payload.options);
    const hits = index.search('join-meeting-service-hosted-media', { combineWith: 'AND' });
    expect(hits[0]).toMatchObject({ kind: 'example', title: 'join-meeting-service-hosted-media' });
    expect(index.search('Permissions').some((h) => h['kind'] === 'heading' && String(h['url']).includes('ru-RU.html#permissions'))).toBe(
      true,
    );
    expect(index.search('zzqxv')).toEqual([]);
  });
});

describe('a Graph-docs tree with its includes/ folder', () => {
  const seed = 'create-call.beta.2021-05-26.zh-CN.md';
  let tree: string;
  let result: BuildResult;
  let references: Array<{ page: string; line: number; target: string; present: boolean }>;

  beforeAll(() => {
    tree = mkdtempSync(join(tmpdir(), 'graph-docs-tree-'));
    const api = join(tree, 'api-reference', 'beta', 'api');
    mkdirSync(api, { recursive: true });
    const page = readFileSync(join(sharedDir(), 'graph-docs', seed), 'utf8');
    writeFileSync(join(api, 'call-create.md'), page);
    writeFileSync(
      join(api, 'call-permissions.md'),
      [
        '# Permissions of calls',
        '',
        '[!INCLUDE [permissions-table](../includes/permissions/call-create-permissions.md)]',
        '',
        '[!INCLUDE [permissions-table](../includes/permissions/call-delete-permissions.md)]',
        '',
        'See [call](../resources/call.md) and [the create page](call-create.md#permissions).',
      ].join('\n'),
    );
    const write = (rel: string, text: string) => {
      mkdirSync(dirname(join(tree, rel)), { recursive: true });
      writeFileSync(join(tree, rel), text);
    };
    // Every JavaScript and C# snippet the page names exists, with a marker naming it; Objective-C and Java do not.
    references = [];
    for (const name of ['call-create.md', 'call-permissions.md']) {
      const text = readFileSync(join(api, name), 'utf8');
      for (const include of findIncludes(text)) {
        const target = resolve(api, include.path);
        const rel = relative(tree, target);
        const present = /snippets\/(javascript|csharp)\//.test(rel) || /sdk-documentation|call-create-permissions/.test(rel);
        if (present && !existsSync(target)) {
          const lang = /snippets\/(javascript|csharp)\//.exec(rel)?.[1];
          write(
            rel,
            lang
              ? `---\ndescription: "Automatically generated file. DO NOT MODIFY"\n---\n\n\`\`\`${lang}\n// fixture ${basename(rel)}\n\`\`\`\n`
              : rel.includes('permissions')
                ? '| Permission type | Permissions |\n|:--|:--|\n| Application | Calls.Initiate.All (fixture permissions) |\n\n[!INCLUDE [note](../permissions-note.md)]\n'
                : '[Read the SDK documentation](/graph/sdks/sdks-overview) (fixture sdk link)\n',
          );
        }
        references.push({ page: name, line: include.line, target, present });
      }
    }
    write('api-reference/beta/includes/permissions-note.md', 'Fixture note [!INCLUDE [loop](permissions-note.md)]\n');
    result = buildSite({ sources: [{ dir: tree, label: 'tree', strict: false }], out: join(tree, 'site'), repoRoot });
  }, 120_000);

  it('does not list include files as pages', () => {
    expect(result.failures).toEqual([]);
    expect(result.pages.map((p) => p.source).sort()).toEqual([
      'tree/api-reference/beta/api/call-create.md',
      'tree/api-reference/beta/api/call-permissions.md',
    ]);
  });

  it('renders every include that exists in place, the JavaScript and C# snippets under their tabs', () => {
    const html = readFileSync(join(result.out, 'pages', 'tree--api-reference--beta--api--call-create.html'), 'utf8');
    const snippets = references.filter((r) => r.present && /snippets\/(javascript|csharp)\//.test(r.target));
    expect(snippets.length).toBe(10);
    for (const snippet of snippets) {
      const position = html.indexOf(`fixture ${basename(snippet.target)}`);
      expect(position).toBeGreaterThan(0);
      const panel = [...html.slice(0, position).matchAll(/data-panel="([^"]+)"/g)].pop()?.[1];
      expect(`${basename(snippet.target)} in ${panel}`).toBe(
        `${basename(snippet.target)} in ${/snippets\/(\w+)\//.exec(snippet.target)?.[1]}`,
      );
    }
    expect(html.split('fixture sdk link').length - 1).toBe(
      references.filter((r) => r.page === 'call-create.md' && r.target.includes('sdk-documentation')).length,
    );
    const permissions = readFileSync(join(result.out, 'pages', 'tree--api-reference--beta--api--call-permissions.html'), 'utf8');
    expect(permissions).toContain('Calls.Initiate.All (fixture permissions)');
    expect(permissions).toContain('Fixture note');
    expect(permissions).toContain('href="tree--api-reference--beta--api--call-create.html#permissions"');
  });

  it('counts as unresolved exactly the includes whose files are missing, and folds each one', () => {
    const missing = references.filter((r) => !r.present);
    expect(missing.length).toBeGreaterThan(5);
    const direct = result.unresolvedIncludes.filter((u) => u.problem === 'missing');
    expect(direct.map((u) => `${u.source}:${u.line} ${u.target}`).sort()).toEqual(
      missing.map((m) => `tree/api-reference/beta/api/${m.page}:${m.line} ${m.target}`).sort(),
    );
    // The one include that names itself is a cycle, not a missing file.
    expect(result.unresolvedIncludes.filter((u) => u.problem !== 'missing').map((u) => u.problem)).toEqual(['cycle']);
    const html = ['call-create', 'call-permissions']
      .map((n) => readFileSync(join(result.out, 'pages', `tree--api-reference--beta--api--${n}.html`), 'utf8'))
      .join('');
    // Folded one by one, except an SDK snippet of a tab group (the group says so once) and the beta notice (ours instead).
    const snippets = missing.filter((m) => /snippets\//.test(m.target));
    const beta = missing.filter((m) => /beta-disclaimer/.test(m.target));
    expect(snippets.length).toBeGreaterThan(0);
    expect(html.split('class="include-missing"').length - 1).toBe(missing.length - snippets.length - beta.length + 1);
    const notes = html.split('class="snippets-missing"').length - 1;
    expect(notes).toBeGreaterThan(0);
    expect(notes).toBeLessThan(snippets.length);
    expect(html.split('class="beta-note"').length - 1).toBe(2);
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

  it('sanitizes raw HTML from a source: no script, handler or javascript: URL reaches the site', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hostile-docs-'));
    writeFileSync(
      join(dir, 'hostile.md'),
      [
        '# Hostile <script>window.pwned = 1</script>',
        '',
        '<div onclick="alert(1)" style="position:fixed">x</div><img src="x" onerror="alert(2)"><iframe src="https://example.com"></iframe>',
        '',
        '<a href="javascript:alert(3)">click</a> <a href="other.md">raw link</a> [md](javascript:alert(4))',
        '',
        '<span data-ttu-id="a-1">Локально</span><span class="sxs-lookup"><span data-stu-id="a-1">English</span></span>',
        '',
        '<style>body{display:none}</style><form action="https://evil"><input name="p"></form>',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'other.md'), '# Other\n');
    const result = buildSite({ sources: [{ dir, strict: false }], out: join(dir, 'site'), repoRoot });
    const html = readFileSync(join(result.out, 'pages', `${basename(dir)}--hostile.html`), 'utf8');
    const body = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
    expect(body).not.toMatch(/<script|onclick|onerror|<iframe|href="javascript:|<style|<form|<input|position:fixed|<img/i);
    expect(body).toContain('<span class="missing-image">[image: x]</span>');
    expect(body).toContain('<span data-ttu-id="a-1">Локально</span><span class="sxs-lookup"><span data-stu-id="a-1">English</span></span>');
    expect(body).toContain('<a href="other.html">raw link</a>'.replace('other.html', `${basename(dir)}--other.html`));
  });

  it('fails the build on an invalid example or a link to a missing page in our own docs, and on a missing source', () => {
    const dir = mkdtempSync(join(tmpdir(), 'strict-docs-'));
    mkdirSync(join(dir, 'reference'));
    writeFileSync(
      join(dir, 'reference', 'bad.md'),
      '# Bad\n\n<!-- { "blockType": "request" } -->\n```http\nPOST https://graph.microsoft.com/v1.0/communications/calls\n\n{"callbackUri": 5}\n```\n\nSee [a page we never wrote](gone.md).\n',
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
      'docs/reference/bad.md: links to gone.md, which is not a page of the site',
    ]);
  });
});
