import type { IncludeProblem, ResolvedInclude } from '@graph-calling/doc-examples';
import { analyzePage } from './analyzePage';
import { compileSnippets } from './compileSnippets';
import { exampleEntry, type ExampleEntry } from './examplesJson';
import { cachedReader, readSources, type Source } from './readSources';
import type { SitePage } from './SitePage';
import { writeSite } from './writeSite';

export type { Source } from './readSources';
export type { ExampleEntry } from './examplesJson';

/** Options of {@link buildSite}. */
export interface BuildOptions {
  readonly sources: readonly Source[];
  readonly out: string;
  /** The repository root (snippets compile against the packages' source; assets live in apps/docs). */
  readonly repoRoot: string;
}

/** An include that is not rendered in place, and why. */
export interface UnresolvedInclude {
  readonly source: string;
  readonly line: number;
  readonly path: string;
  readonly target: string;
  readonly problem: IncludeProblem;
}

/** What a build produced, and why it failed if it did. */
export interface BuildResult {
  readonly pages: readonly SitePage[];
  readonly examples: readonly ExampleEntry[];
  /** Every include (at any depth) that is shown as unresolved. */
  readonly unresolvedIncludes: readonly UnresolvedInclude[];
  readonly failures: readonly string[];
  readonly out: string;
}

/**
 * Builds the site in four steps: read the sources (I/O), analyse every page (blocks, includes),
 * compile every TypeScript tab, then render and write. A bad page becomes diagnostics on that
 * page, never a missing page; the result lists every failure (the CLI exits non-zero on any).
 */
export function buildSite(options: BuildOptions): BuildResult {
  const tree = readSources(options.sources);
  const failures = [...tree.failures];
  const read = cachedReader();
  const pages = tree.files.map((file) => analyzePage(file, { roots: tree.roots, read }));
  failures.push(...compileSnippets(pages, options.repoRoot));
  failures.push(...strictFailures(pages.filter((p) => p.strict)));
  const examples = pages.flatMap((page) => page.analyses.map((a) => exampleEntry(page, a)));
  failures.push(...writeSite(options.out, options.repoRoot, pages, examples));
  const unresolvedIncludes = pages.flatMap((page) => unresolved(page.source, page.includes));
  return { pages, examples, unresolvedIncludes, failures, out: options.out };
}

/** Our own docs must be right: any example that is not valid, refused or corrected fails the build. */
function strictFailures(pages: readonly SitePage[]): string[] {
  const failures: string[] = [];
  for (const page of pages) {
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
  return failures;
}

function unresolved(source: string, includes: readonly ResolvedInclude[]): UnresolvedInclude[] {
  return includes.flatMap((i) =>
    i.problem !== undefined
      ? [{ source, line: i.line, path: i.path, target: i.target, problem: i.problem }]
      : unresolved(source, i.includes),
  );
}
