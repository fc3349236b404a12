import { delocalize, parseDocPage, resolveIncludes } from '@graph-calling/doc-examples';
import { analyzeBlock, requestBefore, type ExampleAnalysis } from './analyzeBlock';
import { pageVersion } from './pageVersion';
import type { SourceFile } from './readSources';
import type { SitePage } from './SitePage';

/** Where include files may come from, and how to read them. */
export interface IncludeAccess {
  readonly roots: readonly string[];
  readonly read: (path: string) => string | undefined;
}

/**
 * Reads one page: its blocks analysed, its includes resolved, and what the site says about it
 * (title in both readings, version, locale, revision date, where it sits in the Graph docs).
 */
export function analyzePage(source: SourceFile, includes: IncludeAccess): SitePage {
  const { label, rel, markdown } = source;
  const doc = parseDocPage(markdown, { source: `${label}/${rel}` });
  const front = doc.frontMatter;
  const graphVersion = pageVersion(rel, source.file, front);
  const analyses = doc.blocks.map((block, index): ExampleAnalysis => {
    try {
      const request = block.kind === 'response' ? requestBefore(doc.blocks, index) : undefined;
      return analyzeBlock(block, { ...(request ? { request } : {}), ...(graphVersion ? { version: graphVersion } : {}) });
    } catch (error) {
      // One block the analysis cannot handle must not cost the reader the rest of the page.
      const message = `could not analyse: ${error instanceof Error ? error.message : String(error)}`;
      return {
        block,
        status: 'invalid',
        diagnostics: [{ severity: 'error', code: 'internal', message, line: block.line, column: 1 }],
      };
    }
  });
  const h1 = /^#\s+(.+)$/m.exec(markdown)?.[1] ?? '';
  const heading = delocalize(h1);
  const plain = (text: string) =>
    text
      .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/gi, '')
      .replace(/<[^>]+>/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .trim();
  const title = typeof front['title'] === 'string' ? front['title'] : plain(heading.local) || rel.replace(/\.md$/i, '');
  const titleEnglish = heading.spans > 0 ? plain(heading.english) || title : title;
  const version = graphVersion ?? '—';
  const handoff = typeof front['ms.lasthandoff'] === 'string' ? /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(front['ms.lasthandoff']) : null;
  const date =
    /\d{4}-\d{2}-\d{2}/.exec(rel)?.[0] ??
    (handoff ? `${handoff[3]}-${handoff[1]}-${handoff[2]}` : typeof front['ms.date'] === 'string' ? front['ms.date'] : '—');
  return {
    slug: `${label}--${rel.replace(/\.md$/i, '')}`.replace(/[\\/]/g, '--').replace(/[^A-Za-z0-9._-]/g, '_'),
    source: `${label}/${rel}`,
    label,
    rel,
    file: source.file,
    repoPath: source.strict ? rel : graphRepoPath(rel, version),
    strict: source.strict,
    title,
    titleEnglish,
    version,
    locale: doc.locale ?? 'en-US',
    date,
    markdown,
    doc,
    analyses,
    includes: resolveIncludes(source.file, markdown, includes),
    snippetFailures: new Map(),
  };
}

/**
 * A Graph-docs page that already sits in the repository's layout keeps its path; a page kept
 * elsewhere (the seed revisions, one folder of files) is an API page of its version.
 */
function graphRepoPath(rel: string, version: string): string {
  if (/(^|\/)(api|resources|concepts|includes)\//.test(rel)) return rel;
  const name = rel.split('/').pop() ?? rel;
  return `api-reference/${version === '—' ? 'v1.0' : version}/api/${name}`;
}
