import type { SitePage } from './SitePage';
import { verifySnippets, type SnippetCheck } from './snippets';

/**
 * Compiles and runs every TypeScript tab of the site in one program; each problem is recorded on
 * its page (shown on the tab) and returned as a build failure.
 */
export function compileSnippets(pages: readonly SitePage[], repoRoot: string): string[] {
  const checks: Array<SnippetCheck & { page: SitePage; line: number; index: number }> = [];
  for (const page of pages) {
    for (const a of page.analyses) {
      if (!a.recipe || a.refused) continue;
      let expected: unknown;
      try {
        expected = a.recipe.build();
      } catch {
        // A request the builders refuse has no snippet to check; the refusal is shown on its tab.
        continue;
      }
      checks.push({
        id: `${page.slug}-${a.block.index}`.replace(/[^A-Za-z0-9_-]/g, '_'),
        code: a.recipe.code,
        expected,
        page,
        line: a.block.line,
        index: a.block.index,
      });
    }
  }
  const byId = new Map(checks.map((c) => [c.id, c]));
  const failures: string[] = [];
  for (const failure of verifySnippets(checks, repoRoot)) {
    const check = byId.get(failure.id);
    if (!check) continue;
    (check.page.snippetFailures as Map<number, string>).set(check.index, failure.reason);
    failures.push(`${check.page.source}:${check.line}: TypeScript snippet ${failure.reason}`);
  }
  return failures;
}
