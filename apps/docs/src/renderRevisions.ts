import { highlight } from './highlight';
import { esc, layout } from './html';
import type { SitePage } from './SitePage';

/** One example of one revision: its documented JSON, line by line, plain and highlighted. */
interface RevisionExample {
  readonly anchor: string;
  readonly lines: readonly string[];
  readonly html: readonly string[];
}

/** A revision the reader can pick: a Graph-docs page with JSON examples. */
interface Revision {
  readonly slug: string;
  readonly label: string;
  readonly examples: Record<string, RevisionExample>;
}

/**
 * Revisions of the Graph-docs pages: the reader picks two, and each example they share is shown
 * as a coloured line diff (site.js computes it with jsdiff from the data embedded here). Examples
 * are matched by annotation name, else by kind and heading.
 */
export function renderRevisions(pages: readonly SitePage[], sidebar: string): string {
  const revisions: Revision[] = [];
  const ordered = pages
    .filter((p) => !p.strict)
    .sort((x, y) => x.date.localeCompare(y.date) || x.version.localeCompare(y.version) || x.source.localeCompare(y.source));
  for (const page of ordered) {
    const examples: Record<string, RevisionExample> = Object.create(null) as Record<string, RevisionExample>;
    for (const a of page.analyses) {
      if (!a.block.json || a.block.json.value === undefined) continue;
      // Headings differ in case between revisions ("Roster" / "roster"): group them together.
      const key = a.block.annotation?.name ?? `${a.block.kind}: ${(a.block.heading?.english ?? '(no heading)').toLowerCase()}`;
      if (key in examples) continue;
      const lines = a.block.json.text.split('\n');
      examples[key] = {
        anchor: `pages/${page.slug}.html#example-${a.block.index}`,
        lines,
        // JSON tokens never span lines, so each line highlights on its own.
        html: lines.map((line) => highlight(line, 'json')),
      };
    }
    if (Object.keys(examples).length === 0) continue;
    revisions.push({ slug: page.slug, label: `${page.version} · ${page.date} · ${page.locale} — ${page.source}`, examples });
  }
  const options = revisions.map((r) => `<option value="${esc(r.slug)}">${esc(r.label)}</option>`).join('');
  const picker =
    revisions.length < 2
      ? '<p>No two revisions with JSON examples to compare.</p>'
      : `<form class="revision-picker" id="revision-picker">
<label>From <select id="rev-a" name="a">${options}</select></label>
<label>To <select id="rev-b" name="b">${options}</select></label>
<label class="only-changed"><input type="checkbox" id="rev-changed" checked> only examples that changed</label>
</form>
<p id="rev-summary" class="rev-summary" role="status" aria-live="polite"></p>
<div id="rev-diff" class="rev-diff"><noscript><p>Comparing revisions needs JavaScript.</p></noscript></div>`;
  // `<` is escaped so no text from a page can close the script element.
  const data = JSON.stringify({ revisions }).replace(/</g, '\\u003c');
  return layout({
    title: 'Revisions',
    body: `<h1>Compare revisions</h1>
<p>Pick two revisions: every example they share is shown as a line diff of its JSON, additions in green, removals in red.</p>
${picker}
<script type="application/json" id="revisions-data">${data}</script>`,
    root: '',
    sidebar,
    scripts: ['assets/diff.js'],
  });
}
