import { esc, layout } from './html';
import { renderBreadcrumbs, renderToc } from './navigation';
import { BETA_NOTE, renderMarkdown, type Heading } from './renderMarkdown';
import { countStatuses, type SitePage } from './SitePage';

/** A rendered page, and what the rest of the site needs from it. */
export interface RenderedPage {
  readonly html: string;
  readonly headings: readonly Heading[];
  /** `.md` links of our own docs that lead to no page. */
  readonly missingLinks: readonly string[];
}

/** A beta page that does not include Graph's beta notice gets ours, above its text (one that does shows it in place). */
function betaNote(page: SitePage): string {
  if (page.version !== 'beta') return '';
  const includesIt = (list: SitePage['includes']): boolean =>
    list.some((i) => /(?:^|\/)beta-disclaimer\.md$/i.test(i.path) || includesIt(i.includes));
  return includesIt(page.includes) ? '' : BETA_NOTE;
}

/** Renders a source page: prose in both readings, every example as a panel, with sidebar, breadcrumbs and table of contents. */
export function renderPage(
  page: SitePage,
  site: { pagesByFile: ReadonlyMap<string, string>; sidebar: (current: string) => string },
): RenderedPage {
  const rendered = renderMarkdown({
    file: page.file,
    repoPath: page.repoPath,
    strict: page.strict,
    version: page.version,
    markdown: page.markdown,
    analyses: page.analyses,
    snippetFailures: page.snippetFailures,
    includes: page.includes,
    tabGroups: page.doc.tabGroups,
    pagesByFile: site.pagesByFile,
  });
  const counts = countStatuses(page.analyses);
  const shown = page.analyses.length - counts.notJson;
  const where = page.strict ? esc(page.source) : `${esc(page.source)} · ${esc(page.version)} · ${esc(page.locale)} · ${esc(page.date)}`;
  const summary = `<p class="page-meta">${where}${
    shown > 0
      ? ` · ${counts.valid} valid, ${counts.warnings} with warnings, ${counts.invalid} invalid${
          counts.notValidated > 0 ? `, ${counts.notValidated} not validated` : ''
        }${counts.templates > 0 ? `, ${counts.templates} resource template${counts.templates === 1 ? '' : 's'}` : ''}`
      : ''
  }</p>`;
  const pageDiagnostics =
    page.doc.diagnostics.length > 0
      ? `<ul class="page-diagnostics">${page.doc.diagnostics.map((d) => `<li>${esc(d.severity)} ${esc(d.code)} ${d.line}:${d.column}: ${esc(d.message)}</li>`).join('')}</ul>`
      : '';
  const html = layout({
    title: page.titleEnglish === page.title ? page.title : `${page.title} (${page.titleEnglish})`,
    body: `${summary}${pageDiagnostics}\n${betaNote(page)}${rendered.html}`,
    root: '../',
    lang: page.locale,
    localized: /data-ttu-id=/.test(page.markdown),
    sidebar: site.sidebar(page.slug),
    breadcrumbs: renderBreadcrumbs(page),
    toc: renderToc(rendered.headings),
  });
  return { html, headings: rendered.headings, missingLinks: rendered.missingLinks };
}
