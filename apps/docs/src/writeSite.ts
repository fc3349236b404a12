import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ExampleEntry } from './examplesJson';
import { renderSidebar } from './navigation';
import { renderIndex } from './renderIndex';
import type { Heading } from './renderMarkdown';
import { renderPage } from './renderPage';
import { renderRevisions } from './renderRevisions';
import { searchEntries, searchIndexScript } from './searchIndex';
import type { SitePage } from './SitePage';

/**
 * Renders every page and writes the site to `out` (replacing what was there): pages, index,
 * revisions, the search index, examples.json and the assets. Returns the problems it found.
 */
export function writeSite(out: string, repoRoot: string, pages: readonly SitePage[], examples: readonly ExampleEntry[]): string[] {
  const failures: string[] = [];
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'pages'), { recursive: true });
  mkdirSync(join(out, 'assets'), { recursive: true });
  const require = createRequire(join(repoRoot, 'apps/docs/package.json'));
  const assets: Array<[string, string]> = [
    [join(repoRoot, 'apps/docs/assets/site.css'), 'site.css'],
    [join(repoRoot, 'apps/docs/assets/site.js'), 'site.js'],
    [require.resolve('highlight.js/styles/github.css'), 'highlight.css'],
    [join(packageDir(require, 'minisearch'), 'dist/umd/index.js'), 'minisearch.js'],
    [join(packageDir(require, 'diff'), 'dist/diff.min.js'), 'diff.js'],
  ];
  for (const [from, name] of assets) copyFileSync(from, join(out, 'assets', name));

  const pagesByFile = new Map(pages.map((p) => [p.file.split('\\').join('/'), p.slug]));
  const headings = new Map<string, readonly Heading[]>();
  const site = { pagesByFile, sidebar: (current: string) => renderSidebar(pages, current, '../') };
  for (const page of pages) {
    const rendered = renderPage(page, site);
    headings.set(page.slug, rendered.headings);
    for (const link of rendered.missingLinks) failures.push(`${page.source}: links to ${link}, which is not a page of the site`);
    writeFileSync(join(out, 'pages', `${page.slug}.html`), rendered.html);
  }
  const sidebar = renderSidebar(pages, undefined, '');
  writeFileSync(join(out, 'index.html'), renderIndex(pages, sidebar));
  writeFileSync(join(out, 'revisions.html'), renderRevisions(pages, sidebar));
  writeFileSync(join(out, 'assets', 'search-index.js'), searchIndexScript(searchEntries(pages, headings)));
  writeFileSync(join(out, 'examples.json'), `${JSON.stringify(examples, null, 2)}\n`);
  return failures;
}

/** The folder of an installed package, for browser builds its `exports` map does not expose. */
function packageDir(require: NodeJS.Require, name: string): string {
  let dir = dirname(require.resolve(name));
  while (dir !== dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === name) return dir;
    dir = dirname(dir);
  }
  throw new Error(`docs: cannot find the folder of the package ${name}`);
}
