import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, relative } from 'node:path';
import { parseDocPage } from '@graph-calling/doc-examples';
import { analyzeBlock, type ExampleAnalysis } from './analyzeBlock';
import { renderIndex } from './renderIndex';
import { renderPage, type SitePage } from './renderPage';
import { renderRevisions } from './renderRevisions';
import { verifySnippets, type SnippetCheck } from './snippets';

/** A tree of markdown pages. `strict` sources (our own docs) fail the build on any example that is not valid. */
export interface Source {
  readonly dir: string;
  readonly label?: string;
  readonly strict: boolean;
}

/** Options of {@link buildSite}. */
export interface BuildOptions {
  readonly sources: readonly Source[];
  readonly out: string;
  /** The repository root (snippets compile against the packages' source; assets live in apps/docs). */
  readonly repoRoot: string;
}

/** One entry of examples.json, per fenced block. */
export interface ExampleEntry {
  readonly source: string;
  readonly line: number;
  readonly blockType: string | null;
  readonly name: string | null;
  readonly kind: string;
  readonly status: string;
  readonly diagnostics: ReadonlyArray<{ severity: string; message: string; line: number; column: number; code: string; path?: string }>;
  readonly odataType: string | null;
}

/** What a build produced, and why it failed if it did. */
export interface BuildResult {
  readonly pages: readonly SitePage[];
  readonly examples: readonly ExampleEntry[];
  readonly failures: readonly string[];
  readonly out: string;
}

/**
 * Builds the site: every page of every source, every fenced block analysed, snippets compiled and
 * run, and examples.json. A bad page becomes diagnostics on that page, never a missing page; the
 * result lists every failure (the CLI exits non-zero on any).
 */
export function buildSite(options: BuildOptions): BuildResult {
  const failures: string[] = [];
  const pages: SitePage[] = [];
  const strictSlugs = new Set<string>();
  for (const source of options.sources) {
    if (!existsSync(source.dir) || !statSync(source.dir).isDirectory()) {
      failures.push(`source ${source.dir}: not a folder`);
      continue;
    }
    const label = source.label ?? basename(source.dir);
    for (const file of markdownFiles(source.dir)) {
      const rel = relative(source.dir, file).split('\\').join('/');
      try {
        const page = readPage(file, label, rel);
        pages.push(page);
        if (source.strict) strictSlugs.add(page.slug);
      } catch (error) {
        failures.push(`${label}/${rel}: could not be read (${error instanceof Error ? error.message : String(error)})`);
      }
    }
  }

  const slugs = new Map(pages.map((p) => [p.source, p.slug]));
  for (const page of pages) (page as { siteSlugs: ReadonlyMap<string, string> }).siteSlugs = slugs;

  // Every TypeScript tab must compile and rebuild the request the builders make.
  const checks: Array<SnippetCheck & { page: SitePage; index: number }> = [];
  for (const page of pages) {
    for (const a of page.analyses) {
      if (!a.recipe || a.refused) continue;
      try {
        checks.push({
          id: `${page.slug}-${a.block.index}`.replace(/[^A-Za-z0-9_-]/g, '_'),
          code: a.recipe.code,
          expected: a.recipe.build(),
          page,
          index: a.block.index,
        });
      } catch {
        // refused requests are reported on the tab
      }
    }
  }
  for (const failure of verifySnippets(checks, options.repoRoot)) {
    const check = checks.find((c) => c.id === failure.id);
    if (!check) continue;
    (check.page.snippetFailures as Map<number, string>).set(check.index, failure.reason);
    failures.push(
      `${check.page.source}:${check.page.analyses.find((a) => a.block.index === check.index)?.block.line}: TypeScript snippet ${failure.reason}`,
    );
  }

  for (const page of pages.filter((p) => strictSlugs.has(p.slug))) {
    for (const a of page.analyses) {
      const at = `${page.source}:${a.block.line}`;
      if (a.block.json && a.status !== 'valid')
        failures.push(
          `${at}: example is ${a.status} (${a.diagnostics
            .map((d) => d.message)
            .slice(0, 2)
            .join('; ')})`,
        );
      if (a.refused) failures.push(`${at}: the builders refuse this request: ${a.refused}`);
      if (a.differences && a.differences.length > 0)
        failures.push(`${at}: the builders would send a different body: ${a.differences.slice(0, 3).join('; ')}`);
    }
  }

  rmSync(options.out, { recursive: true, force: true });
  mkdirSync(join(options.out, 'pages'), { recursive: true });
  mkdirSync(join(options.out, 'assets'), { recursive: true });
  const assetsDir = join(options.repoRoot, 'apps/docs/assets');
  for (const asset of ['site.css', 'site.js']) copyFileSync(join(assetsDir, asset), join(options.out, 'assets', asset));
  const require = createRequire(join(options.repoRoot, 'apps/docs/package.json'));
  copyFileSync(require.resolve('highlight.js/styles/github.css'), join(options.out, 'assets', 'highlight.css'));

  for (const page of pages) {
    try {
      writeFileSync(join(options.out, 'pages', `${page.slug}.html`), renderPage(page, '../assets'));
    } catch (error) {
      failures.push(`${page.source}: could not be rendered (${error instanceof Error ? error.message : String(error)})`);
      writeFileSync(
        join(options.out, 'pages', `${page.slug}.html`),
        `<!doctype html><title>${page.slug}</title><p>This page could not be rendered.</p>`,
      );
    }
  }
  writeFileSync(join(options.out, 'index.html'), renderIndex(pages));
  writeFileSync(join(options.out, 'revisions.html'), renderRevisions(pages));
  const examples = pages.flatMap((page) => page.analyses.map((a) => entryFor(page, a)));
  writeFileSync(join(options.out, 'examples.json'), `${JSON.stringify(examples, null, 2)}\n`);
  return { pages, examples, failures, out: options.out };
}

function entryFor(page: SitePage, a: ExampleAnalysis): ExampleEntry {
  return {
    source: page.source,
    line: a.block.line,
    blockType: a.block.annotation?.blockType ?? null,
    name: a.block.annotation?.name ?? null,
    kind: a.block.kind,
    status: a.status,
    diagnostics: a.diagnostics.map((d) => ({
      severity: d.severity,
      message: d.message,
      line: d.line,
      column: d.column,
      code: d.code,
      ...(d.path ? { path: d.path } : {}),
    })),
    odataType: a.block.odataType ?? null,
  };
}

function markdownFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.toLowerCase().endsWith('.md')) out.push(path);
    }
  };
  walk(dir);
  return out;
}

function readPage(file: string, label: string, rel: string): SitePage {
  const markdown = readFileSync(file).toString('utf8');
  const doc = parseDocPage(markdown, { source: `${label}/${rel}` });
  const analyses = doc.blocks.map((block) => {
    try {
      return analyzeBlock(block);
    } catch (error) {
      return {
        block,
        status: 'invalid' as const,
        diagnostics: [
          {
            severity: 'error' as const,
            code: 'internal',
            message: `could not analyse: ${error instanceof Error ? error.message : String(error)}`,
            line: block.line,
            column: 1,
          },
        ],
      };
    }
  });
  const front = doc.frontMatter;
  const heading = /^#\s+(.+)$/m
    .exec(markdown)?.[1]
    ?.replace(/<[^>]+>/g, '')
    .trim();
  const title = typeof front['title'] === 'string' ? front['title'] : heading || rel.replace(/\.md$/i, '');
  const version =
    /(?:^|[./_-])(beta|v1\.0)(?=[./_-]|$)/i.exec(rel)?.[1] ?? (typeof front['ms.version'] === 'string' ? front['ms.version'] : '—');
  const handoff = typeof front['ms.lasthandoff'] === 'string' ? /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(front['ms.lasthandoff']) : null;
  const date =
    /\d{4}-\d{2}-\d{2}/.exec(rel)?.[0] ??
    (handoff ? `${handoff[3]}-${handoff[1]}-${handoff[2]}` : typeof front['ms.date'] === 'string' ? front['ms.date'] : '—');
  return {
    slug: `${label}--${rel.replace(/\.md$/i, '')}`.replace(/[\\/]/g, '--').replace(/[^A-Za-z0-9._-]/g, '_'),
    source: `${label}/${rel}`,
    title,
    version,
    locale: doc.locale ?? 'en-US',
    date,
    markdown,
    doc,
    analyses,
    snippetFailures: new Map(),
    siteSlugs: new Map(),
  };
}
