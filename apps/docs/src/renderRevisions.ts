import { diffJson } from '@graph-calling/builders';
import { esc, layout } from './html';
import type { SitePage } from './renderPage';

/**
 * The same example across revisions: grouped by annotation name, else by kind and heading;
 * consecutive revisions side by side with the JSON diff between them.
 */
export function renderRevisions(pages: readonly SitePage[]): string {
  const groups = new Map<string, Array<{ page: SitePage; index: number; value: unknown; text: string }>>();
  for (const page of pages) {
    for (const a of page.analyses) {
      if (!a.block.json || a.block.json.value === undefined) continue;
      // Headings differ in case between revisions ("Roster" / "roster"): group them together.
      const key = a.block.annotation?.name ?? `${a.block.kind}: ${(a.block.heading?.english ?? '(no heading)').toLowerCase()}`;
      const list = groups.get(key) ?? [];
      if (!list.some((e) => e.page === page)) list.push({ page, index: a.block.index, value: a.block.json.value, text: a.block.json.text });
      groups.set(key, list);
    }
  }
  const sections = [...groups.entries()]
    .filter(([, list]) => new Set(list.map((e) => e.page.slug)).size > 1)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, list]) => {
      const ordered = [...list].sort((x, y) => x.page.date.localeCompare(y.page.date) || x.page.version.localeCompare(y.page.version));
      const pairs = ordered.slice(1).map((after, i) => {
        const before = ordered[i] as (typeof ordered)[number];
        const diff = diffJson(before.value, after.value, 100);
        const column = (e: typeof before) =>
          `<div class="revision"><h3><a href="pages/${esc(e.page.slug)}.html#example-${e.index}">${esc(e.page.version)} · ${esc(e.page.date)} · ${esc(e.page.locale)}</a></h3><pre><code>${esc(e.text)}</code></pre></div>`;
        return `<div class="pair">${column(before)}${column(after)}</div><div class="jsondiff">${diff.length === 0 ? '<p>Identical JSON.</p>' : `<ul>${diff.map((d) => `<li><code>${esc(d)}</code></li>`).join('')}</ul>`}</div>`;
      });
      return `<section class="revisions" data-search="${esc(key.toLowerCase())}"><h2>${esc(key)}</h2>${pairs.join('\n')}</section>`;
    });
  return layout({
    title: 'Revisions',
    body: `<h1>Revisions side by side</h1>\n${sections.join('\n') || '<p>No example appears in more than one revision.</p>'}`,
    assets: 'assets',
  });
}
