import hljs from 'highlight.js';
import MarkdownIt from 'markdown-it';
import type { DocPage } from '@graph-calling/doc-examples';
import type { ExampleAnalysis } from './analyzeBlock';
import { esc, layout } from './html';

type Token = ReturnType<MarkdownIt['parse']>[number];

/** A page of the site: where it came from, what it is, and its analysed examples. */
export interface SitePage {
  readonly slug: string;
  /** `source label/relative path.md` */
  readonly source: string;
  readonly title: string;
  readonly version: string;
  readonly locale: string;
  readonly date: string;
  readonly markdown: string;
  readonly doc: DocPage;
  readonly analyses: readonly ExampleAnalysis[];
  /** Slugs of every page in the site, keyed by `label/relative path.md`, for rewriting links between pages. */
  readonly siteSlugs: ReadonlyMap<string, string>;
  /** Snippet problems by block index (the build fails on them for strict sources). */
  readonly snippetFailures: ReadonlyMap<number, string>;
}

const INCLUDE = /\[!INCLUDE\s*\[([^\]]*)\]\(([^)\s]+)\)\s*\]/gi;

function highlight(code: string, lang: string): string {
  const language = hljs.getLanguage(lang) ? lang : lang === '' ? undefined : 'plaintext';
  try {
    return language
      ? hljs.highlight(code, { language, ignoreIllegals: true }).value
      : hljs.highlightAuto(code, ['http', 'json', 'powershell', 'typescript']).value;
  } catch {
    return esc(code);
  }
}

function createRenderer(page: SitePage): MarkdownIt {
  const md = new MarkdownIt({ html: true, linkify: false, highlight: (code, lang) => highlight(code, lang) });
  const byLine = new Map(page.analyses.map((a) => [a.block.line, a]));
  md.renderer.rules.fence = (tokens, idx) => {
    const token = tokens[idx] as Token;
    const analysis = byLine.get((token.map?.[0] ?? -1) + 1);
    if (analysis === undefined)
      return `<pre><code class="hljs">${highlight(token.content, token.info.trim().split(/\s+/)[0] ?? '')}</code></pre>\n`;
    return renderExample(analysis, page.snippetFailures.get(analysis.block.index));
  };
  // Links between pages of the site point at their rendered pages.
  const linkOpen = md.renderer.rules.link_open;
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const token = tokens[idx] as Token;
    const href = token.attrGet('href') ?? '';
    const match = /^([^:#?]+\.md)(#.*)?$/i.exec(href);
    if (match && !href.startsWith('/')) {
      const base = page.source.split('/').slice(0, -1);
      for (const part of (match[1] as string).split('/')) {
        if (part === '..') base.pop();
        else if (part !== '.') base.push(part);
      }
      const slug = page.siteSlugs.get(base.join('/'));
      if (slug) token.attrSet('href', `${slug}.html${match[2] ?? ''}`);
    }
    return linkOpen ? linkOpen(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options);
  };
  // Relative images live in the docs repository, not here: show what they are instead of a broken request.
  const image = md.renderer.rules.image;
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const src = tokens[idx]?.attrGet('src') ?? '';
    if (/^(https?:)?\/\//.test(src) || src.startsWith('data:')) return image ? image(tokens, idx, options, env, self) : '';
    return `<span class="missing-image">[image: ${esc(tokens[idx]?.content || src)}]</span>`;
  };
  return md;
}

const STATUS_LABEL: Record<string, string> = {
  valid: 'valid',
  'valid-with-warnings': 'valid with warnings',
  invalid: 'invalid',
  'not-json': 'not JSON',
  'not-validated': 'not validated',
};

/** One example: the body as documented, its status and diagnostics, and its tabs. */
export function renderExample(a: ExampleAnalysis, snippetFailure: string | undefined): string {
  const b = a.block;
  const id = `example-${b.index}`;
  const name = b.annotation?.name ?? '';
  const tabs: Array<{ key: string; label: string; html: string }> = [];
  tabs.push({
    key: 'http',
    label: b.lang === 'http' ? 'HTTP' : b.lang ? b.lang.toUpperCase() : 'Text',
    html: `<pre><code class="hljs">${highlight(b.content, b.lang)}</code></pre>`,
  });
  if (a.recipe) {
    const notes = [
      ...(a.refused ? [`<p class="note refused">The builders refuse this request as documented: ${esc(a.refused)}</p>`] : []),
      ...(a.differences && a.differences.length > 0
        ? [
            `<p class="note">The builders produce a corrected body; differences from the documented one:</p><ul class="diff">${a.differences.map((d) => `<li><code>${esc(d)}</code></li>`).join('')}</ul>`,
          ]
        : []),
      ...(snippetFailure ? [`<p class="note refused">Snippet check failed: ${esc(snippetFailure)}</p>`] : []),
    ];
    tabs.push({
      key: 'ts',
      label: 'TypeScript',
      html: `<pre><code class="hljs">${highlight(a.recipe.code, 'typescript')}</code></pre>${notes.join('')}`,
    });
  }
  if (a.events || a.eventsError) {
    tabs.push({
      key: 'events',
      label: 'Events',
      html: a.eventsError
        ? `<p class="note refused">${esc(a.eventsError)}</p>`
        : `<ol class="events">${(a.events ?? []).map((e) => `<li><code>${esc(e)}</code></li>`).join('') || '<li>no events (nothing changed)</li>'}</ol>`,
    });
  }
  tabs.push({
    key: 'diagnostics',
    label: `Diagnostics (${a.diagnostics.length})`,
    html:
      a.diagnostics.length === 0
        ? '<p class="note">No findings.</p>'
        : `<table class="diagnostics"><thead><tr><th>Severity</th><th>Line:col</th><th>Path</th><th>Finding</th></tr></thead><tbody>${a.diagnostics
            .map(
              (d) =>
                `<tr class="sev-${d.severity}"><td>${d.severity}</td><td>${d.line}:${d.column}</td><td>${d.path ? `<code>${esc(d.path)}</code>` : ''}</td><td>${esc(d.message)}</td></tr>`,
            )
            .join('')}</tbody></table>`,
  });
  const permissions = a.permissions
    ? `<p class="permissions">Permissions: ${a.permissions.anyOf.length > 1 ? `one of <code>${a.permissions.anyOf.join('</code>, <code>')}</code>` : `<code>${a.permissions.anyOf[0] ?? ''}</code>`}${a.permissions.allOf.map((p) => ` and <code>${p}</code>`).join('')} (${esc(a.permissions.scenario)})</p>`
    : '';
  return `<section class="example status-${a.status}" id="${id}" data-name="${esc(name)}" data-status="${a.status}">
<div class="example-head"><span class="kind">${esc(b.kind)}</span>${name ? ` <code class="name">${esc(name)}</code>` : ''} <span class="status">${STATUS_LABEL[a.status]}</span>${b.odataType ? ` <span class="odata">${esc(b.odataType)}</span>` : ''} <a class="anchor" href="#${id}">line ${b.line}</a></div>
<div class="tabs" role="tablist">${tabs.map((t, i) => `<button type="button" role="tab" data-tab="${t.key}" aria-selected="${i === 0}">${esc(t.label)}</button>`).join('')}</div>
${tabs.map((t, i) => `<div class="panel" role="tabpanel" data-panel="${t.key}"${i === 0 ? '' : ' hidden'}>${t.html}</div>`).join('\n')}
${permissions}
</section>
`;
}

/** Renders a source page: prose in both readings, every example as a panel. */
export function renderPage(page: SitePage, assets: string): string {
  let text = page.markdown.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
  // Keep line numbers: blank the front matter rather than cutting it.
  const front = /^---[ \t]*\n[\s\S]*?\n---[ \t]*(?:\n|$)/.exec(text);
  if (front) text = front[0].replace(/[^\n]/g, '') + text.slice(front[0].length);
  text = text.replace(
    INCLUDE,
    (_m, label: string, path: string) =>
      `<span class="include" title="${esc(path)}">Not resolved here: ${esc(label)} (${esc(path)})</span>`,
  );
  let body: string;
  try {
    body = createRenderer(page).render(text);
  } catch (error) {
    body = `<p class="note refused">This page could not be rendered: ${esc(error instanceof Error ? error.message : String(error))}</p>`;
  }
  const counts = countStatuses(page.analyses);
  const summary = `<p class="page-meta">${esc(page.source)} · ${esc(page.version)} · ${esc(page.locale)} · ${esc(page.date)} · ${counts.valid} valid, ${counts.warnings} with warnings, ${counts.invalid} invalid, ${counts.notJson} not JSON</p>`;
  const pageDiagnostics =
    page.doc.diagnostics.length > 0
      ? `<ul class="page-diagnostics">${page.doc.diagnostics.map((d) => `<li>${esc(d.severity)} ${esc(d.code)} ${d.line}:${d.column}: ${esc(d.message)}</li>`).join('')}</ul>`
      : '';
  return layout({
    title: page.title,
    body: `${summary}${pageDiagnostics}\n${body}`,
    assets,
    lang: page.locale,
    localized: /data-ttu-id=/.test(page.markdown),
  });
}

export function countStatuses(analyses: readonly ExampleAnalysis[]) {
  return {
    valid: analyses.filter((a) => a.status === 'valid').length,
    warnings: analyses.filter((a) => a.status === 'valid-with-warnings').length,
    invalid: analyses.filter((a) => a.status === 'invalid').length,
    notJson: analyses.filter((a) => a.status === 'not-json').length,
  };
}
