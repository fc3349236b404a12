import { esc } from './html';
import type { Heading } from './renderMarkdown';
import type { SitePage } from './SitePage';

/**
 * The sidebar: our guides first, then each Graph-docs source by version → locale → page (dated
 * revisions of one page side by side). The group holding the current page is open.
 */
export function renderSidebar(pages: readonly SitePage[], current: string | undefined, root: string): string {
  const link = (p: SitePage, text: string) =>
    `<a href="${root}pages/${esc(p.slug)}.html"${p.slug === current ? ' aria-current="page"' : ''}>${text}</a>`;
  const guides = pages.filter((p) => p.strict);
  const others = pages.filter((p) => !p.strict);
  const out: string[] = [
    `<ul class="nav-top"><li><a href="${root}index.html">All pages and search</a></li><li><a href="${root}revisions.html">Compare revisions</a></li></ul>`,
  ];
  if (guides.length > 0) {
    const items = [...guides]
      .sort((a, b) => depth(a) - depth(b) || a.rel.localeCompare(b.rel))
      .map((p) => `<li>${link(p, esc(p.title))}</li>`)
      .join('');
    out.push(group('Guides', `<ul>${items}</ul>`, guides.some((p) => p.slug === current) || current === undefined));
  }
  for (const [label, inLabel] of groupBy(others, (p) => p.label)) {
    const versions = [...groupBy(inLabel, (p) => p.version)].sort(([a], [b]) => a.localeCompare(b));
    const html = versions
      .map(([version, inVersion]) => {
        const locales = [...groupBy(inVersion, (p) => p.locale)].sort(([a], [b]) => a.localeCompare(b));
        const inner = locales
          .map(([locale, inLocale]) => {
            const items = [...inLocale]
              .sort((a, b) => a.date.localeCompare(b.date) || a.rel.localeCompare(b.rel))
              .map((p) => `<li>${link(p, `${esc(p.title)} <span class="date">${esc(p.date)}</span>`)}</li>`)
              .join('');
            return group(
              locale,
              `<ul>${items}</ul>`,
              inLocale.some((p) => p.slug === current),
            );
          })
          .join('');
        return group(
          version,
          inner,
          inVersion.some((p) => p.slug === current),
        );
      })
      .join('');
    out.push(group(label, html, inLabel.some((p) => p.slug === current) || current === undefined));
  }
  return out.join('\n');
}

/** Home › source › version › locale › page. */
export function renderBreadcrumbs(page: SitePage): string {
  const trail = page.strict ? ['Guides'] : [page.label, page.version, page.locale];
  const items = [
    `<li><a href="../index.html">Home</a></li>`,
    ...trail.map((t) => `<li>${esc(t)}</li>`),
    `<li aria-current="page">${esc(page.title)}${page.strict ? '' : ` <span class="date">${esc(page.date)}</span>`}</li>`,
  ];
  return `<nav class="breadcrumbs" aria-label="Breadcrumb"><ol>${items.join('')}</ol></nav>\n`;
}

/** "On this page": the page's second- and third-level headings, in both readings on a translated page. */
export function renderToc(headings: readonly Heading[]): string {
  if (headings.length === 0) return '';
  const text = (h: Heading) =>
    h.local === h.english
      ? esc(h.local)
      : `<span data-ttu-id="toc">${esc(h.local)}</span><span class="sxs-lookup">${esc(h.english)}</span>`;
  return `<ol>${headings.map((h) => `<li class="toc-${h.level}"><a href="#${esc(h.id)}">${text(h)}</a></li>`).join('')}</ol>`;
}

function group(title: string, inner: string, open: boolean): string {
  return `<details${open ? ' open' : ''}><summary>${esc(title)}</summary>${inner}</details>`;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
}

function depth(page: SitePage): number {
  return page.rel.split('/').length;
}
