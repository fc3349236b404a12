import { esc, layout } from './html';
import { countStatuses, type SitePage } from './SitePage';

/** The index: a search box over every heading and example, and every page with both readings of its title. */
export function renderIndex(pages: readonly SitePage[], sidebar: string): string {
  const rows = pages
    .map((p) => {
      const c = countStatuses(p.analyses);
      const english = p.titleEnglish !== p.title ? ` <span class="title-en" lang="en">${esc(p.titleEnglish)}</span>` : '';
      return `<tr><td><a href="pages/${esc(p.slug)}.html" lang="${esc(p.locale)}">${esc(p.title)}</a>${english}<div class="source">${esc(p.source)}</div></td><td>${esc(p.version)}</td><td>${esc(p.locale)}</td><td>${esc(p.date)}</td><td class="n">${c.valid}</td><td class="n">${c.warnings}</td><td class="n">${c.invalid}</td></tr>`;
    })
    .join('\n');
  const body = `<h1>graph-calling docs</h1>
<p>Our guides and reference, and every Graph-docs page given to the build, with each example validated against the models. <a href="revisions.html">Compare revisions</a> · <a href="examples.json">examples.json</a></p>
<form id="search-form" role="search" class="search" action="index.html">
<label for="search">Search headings and examples on every page</label>
<input id="search" name="q" type="search" placeholder="e.g. join-meeting-service-hosted-media" autocomplete="off">
</form>
<p id="search-status" class="search-status" role="status" aria-live="polite"></p>
<ol id="search-results" class="search-results"></ol>
<h2>Pages</h2>
<div class="table-scroll"><table class="pages"><thead><tr><th>Page</th><th>Version</th><th>Locale</th><th>Revision</th><th>Valid</th><th>Warnings</th><th>Invalid</th></tr></thead>
<tbody>
${rows}
</tbody></table></div>`;
  return layout({
    title: 'Pages',
    body,
    root: '',
    sidebar,
    scripts: ['assets/minisearch.js', 'assets/search-index.js'],
    headerSearch: false,
  });
}
