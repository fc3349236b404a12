import type { DocPage, ResolvedInclude } from '@graph-calling/doc-examples';
import type { ExampleAnalysis } from './analyzeBlock';

/** A page of the site: where it came from, what it is, and its analysed examples. */
export interface SitePage {
  readonly slug: string;
  /** `source label/relative path.md` */
  readonly source: string;
  /** The source label (`docs`, `graph-docs`) and the page's path inside that source. */
  readonly label: string;
  readonly rel: string;
  /** Absolute path of the markdown file. */
  readonly file: string;
  /**
   * Where the page would sit in the Graph docs repository (`api-reference/beta/api/x.md`): links are
   * resolved against it to find their published address. Our own docs keep their own path.
   */
  readonly repoPath: string;
  /** Our own docs (strict: every example must be valid) rather than a Graph-docs tree. */
  readonly strict: boolean;
  readonly title: string;
  /** The English original of the title, when the page is a translation (else the title). */
  readonly titleEnglish: string;
  readonly version: string;
  readonly locale: string;
  readonly date: string;
  readonly markdown: string;
  readonly doc: DocPage;
  readonly analyses: readonly ExampleAnalysis[];
  /** The page's `[!INCLUDE]` references, resolved transitively. */
  readonly includes: readonly ResolvedInclude[];
  /** Snippet problems by block index (the build fails on them for strict sources). */
  readonly snippetFailures: ReadonlyMap<number, string>;
}

/** How many examples of each status a page has. */
export function countStatuses(analyses: readonly ExampleAnalysis[]) {
  return {
    valid: analyses.filter((a) => a.status === 'valid').length,
    warnings: analyses.filter((a) => a.status === 'valid-with-warnings').length,
    invalid: analyses.filter((a) => a.status === 'invalid').length,
    notJson: analyses.filter((a) => a.status === 'not-json').length,
    notValidated: analyses.filter((a) => a.status === 'not-validated').length,
    templates: analyses.filter((a) => a.status === 'template').length,
  };
}
