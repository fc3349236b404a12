import { esc, layout } from './html';
import { countStatuses, type SitePage } from './renderPage';

/** The index: every page with version, locale, revision date and example counts, and a search box. */
export function renderIndex(pages: readonly SitePage[]): string {
  const rows = pages
    .map((p) => {
      const c = countStatuses(p.analyses);
      const names = p.analyses.map((a) => a.block.annotation?.name ?? a.block.heading?.english ?? '').filter(Boolean);
      return `<tr data-search="${esc([p.title, p.source, ...names].join(' ').toLowerCase())}"><td><a href="pages/${esc(p.slug)}.html">${esc(p.title)}</a><div class="source">${esc(p.source)}</div></td><td>${esc(p.version)}</td><td>${esc(p.locale)}</td><td>${esc(p.date)}</td><td class="n">${c.valid}</td><td class="n">${c.warnings}</td><td class="n">${c.invalid}</td><td class="n">${c.notJson}</td></tr>`;
    })
    .join('\n');
  const examples = pages
    .flatMap((p) =>
      p.analyses
        .filter((a) => a.block.annotation?.name || a.block.json)
        .map((a) => {
          const label = a.block.annotation?.name ?? `${a.block.kind} · ${a.block.heading?.english ?? ''}`;
          return `<li data-search="${esc(`${label} ${p.title} ${p.source}`.toLowerCase())}" hidden><a href="pages/${esc(p.slug)}.html#example-${a.block.index}">${esc(label)}</a> <span class="status status-${a.status}">${a.status}</span> <span class="source">${esc(p.source)}:${a.block.line}</span></li>`;
        }),
    )
    .join('\n');
  const body = `<h1>Pages</h1>
<p><label>Search pages and examples <input id="search" type="search" placeholder="e.g. join-meeting-service-hosted-media" autocomplete="off"></label> · <a href="revisions.html">Revisions side by side</a> · <a href="examples.json">examples.json</a></p>
<ul id="example-results" class="examples">${examples}</ul>
<table class="pages"><thead><tr><th>Page</th><th>Version</th><th>Locale</th><th>Revision</th><th>Valid</th><th>Warnings</th><th>Invalid</th><th>Not JSON</th></tr></thead>
<tbody>
${rows}
</tbody></table>`;
  return layout({ title: 'Pages', body, assets: 'assets' });
}
