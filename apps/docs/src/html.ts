/** Escapes text for HTML content and attribute values. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** What goes into the shared page frame. */
export interface LayoutOptions {
  readonly title: string;
  readonly body: string;
  /** Path from this page to the site root: `''` or `'../'`. */
  readonly root: string;
  readonly lang?: string;
  /** The page carries both readings: offer the English original. */
  readonly localized?: boolean;
  readonly sidebar: string;
  readonly breadcrumbs?: string;
  readonly toc?: string;
  /** Extra scripts (relative to the root), loaded before site.js. */
  readonly scripts?: readonly string[];
  /** The header search box (left out where the page has its own). */
  readonly headerSearch?: boolean;
}

/** The shared page frame: header with search and the language toggle, the sidebar, the page, its table of contents. */
export function layout(o: LayoutOptions): string {
  const assets = `${o.root}assets`;
  const search =
    o.headerSearch === false
      ? ''
      : `<form class="site-search" role="search" action="${o.root}index.html"><label for="site-q" class="visually-hidden">Search the docs</label><input id="site-q" name="q" type="search" placeholder="Search headings and examples" autocomplete="off"></form>`;
  return `<!doctype html>
<html lang="${esc(o.lang ?? 'en')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(o.title)} · graph-calling docs</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${assets}/highlight.css">
<link rel="stylesheet" href="${assets}/site.css">
${(o.scripts ?? []).map((s) => `<script src="${o.root}${s}" defer></script>`).join('\n')}
<script src="${assets}/site.js" defer></script>
</head>
<body${o.localized ? ' class="localized"' : ''}>
<a class="skip-link" href="#content">Skip to content</a>
<header class="top">
<button id="nav-toggle" type="button" aria-controls="sidebar" aria-expanded="false">Menu</button>
<a class="brand" href="${o.root}index.html">graph-calling docs</a>
${search}${o.localized ? '<button id="toggle-lang" type="button" aria-pressed="false">Show English</button>' : ''}
</header>
<div class="layout${o.toc ? ' with-toc' : ''}">
<nav id="sidebar" class="sidebar" aria-label="Site">
${o.sidebar}
</nav>
<main id="content" tabindex="-1">
${o.breadcrumbs ?? ''}${o.body}
</main>
${o.toc ? `<aside class="toc" aria-labelledby="toc-title"><h2 id="toc-title">On this page</h2>\n${o.toc}\n</aside>` : ''}
</div>
</body>
</html>
`;
}
