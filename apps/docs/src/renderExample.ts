import type { ExampleAnalysis } from './analyzeBlock';
import { highlight } from './highlight';
import { esc } from './html';
import { sendingSnippet } from './sendingSnippet';

/** One tab of an example or of a DocFX tab group. */
export interface TabPart {
  readonly key: string;
  readonly label: string;
  readonly html: string;
}

/** An example in pieces, so a DocFX tab group can put our tabs beside the page's own. */
export interface ExampleParts {
  readonly id: string;
  /** Kind, name, status and anchor line. */
  readonly head: string;
  /** The block as documented. */
  readonly code: TabPart;
  /** Our tabs: TypeScript, Events, Diagnostics. */
  readonly extra: readonly TabPart[];
  readonly permissions: string;
}

const STATUS_LABEL: Record<string, string> = {
  valid: 'valid',
  'valid-with-warnings': 'valid with warnings',
  invalid: 'invalid',
  'not-json': 'not JSON',
  'not-validated': 'not validated',
  template: 'template',
};
const JSON_LANGS: ReadonlySet<string> = new Set(['json', 'jsonc', 'json5']);

/**
 * Whether a block says it is JSON or carries an HTTP body: only those get a validation status;
 * shell, TypeScript and other code is just highlighted code.
 */
export function claimsJson(a: ExampleAnalysis): boolean {
  const b = a.block;
  if (b.http?.body !== undefined || JSON_LANGS.has(b.lang)) return true;
  return b.json !== undefined && !b.json.diagnostics.some((d) => d.code === 'json-syntax');
}

/** A fenced block that is only code: highlighted, with its language named. */
export function renderCode(code: string, lang: string): string {
  return `<pre><code class="hljs${lang ? ` language-${esc(lang)}` : ''}">${highlight(code, lang)}</code></pre>`;
}

/** The pieces of one example panel. */
export function exampleParts(a: ExampleAnalysis, snippetFailure: string | undefined): ExampleParts {
  const b = a.block;
  const id = `example-${b.index}`;
  const name = b.annotation?.name ?? '';
  const code: TabPart = {
    key: 'http',
    label: b.lang === 'http' ? 'HTTP' : b.lang ? b.lang.toUpperCase() : 'Text',
    html: renderCode(b.content, b.lang),
  };
  const extra: TabPart[] = [];
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
    const sending = b.http?.kind === 'request' ? sendingSnippet(b.http.target) : undefined;
    extra.push({
      key: 'ts',
      label: 'TypeScript',
      html: `${renderCode(a.recipe.code, 'typescript')}${notes.join('')}${
        sending ? `<p class="note">Sent with the transport:</p><div class="sending">${renderCode(sending, 'typescript')}</div>` : ''
      }`,
    });
  }
  if (a.events || a.eventsError) {
    extra.push({
      key: 'events',
      label: 'Events',
      html: a.eventsError
        ? `<p class="note refused">${esc(a.eventsError)}</p>`
        : `<ol class="events">${(a.events ?? []).map((e) => `<li><code>${esc(e)}</code></li>`).join('') || '<li>no events (nothing changed)</li>'}</ol>`,
    });
  }
  extra.push({
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
    ? `<p class="permissions">Permissions: ${a.permissions.anyOf.length > 1 ? `one of <code>${a.permissions.anyOf.map(esc).join('</code>, <code>')}</code>` : `<code>${esc(a.permissions.anyOf[0] ?? '')}</code>`}${a.permissions.allOf.map((p) => ` and <code>${esc(p)}</code>`).join('')} (${esc(a.permissions.scenario)})</p>`
    : '';
  const head = `<div class="example-head"><span class="kind">${esc(b.kind)}</span>${name ? ` <code class="name">${esc(name)}</code>` : ''} <span class="status">${STATUS_LABEL[a.status]}</span>${b.odataType ? ` <span class="odata">${esc(b.odataType)}</span>` : ''} <a class="anchor" href="#${id}">line ${b.line}</a></div>`;
  return { id, head, code, extra, permissions };
}

/**
 * A tab list with its panels, keyboard-operable (arrow keys, Home, End in site.js); the first tab
 * is selected. `id` makes the tab and panel ids unique on the page.
 */
export function renderTabs(id: string, tabs: readonly TabPart[], label: string): string {
  const bar = tabs
    .map(
      (t, i) =>
        `<button type="button" role="tab" id="${id}-tab-${i}" aria-controls="${id}-panel-${i}" data-tab="${esc(t.key)}" aria-selected="${i === 0}" tabindex="${i === 0 ? 0 : -1}">${esc(t.label)}</button>`,
    )
    .join('');
  const panels = tabs.map((t, i) => `${panelOpen(id, i, t.key, i === 0)}${t.html}</div>`).join('\n');
  return `<div class="tabs" role="tablist" aria-label="${esc(label)}">${bar}</div>\n${panels}`;
}

/** The opening tag of tab panel `index` of the tab list `id`. */
export function panelOpen(id: string, index: number, key: string, visible: boolean): string {
  return `<div class="panel" role="tabpanel" id="${id}-panel-${index}" aria-labelledby="${id}-tab-${index}" data-panel="${esc(key)}"${visible ? '' : ' hidden'}>`;
}

/** One example on its own: the body as documented, its status and diagnostics, and its tabs. */
export function renderExample(a: ExampleAnalysis, p: ExampleParts): string {
  const name = a.block.annotation?.name ?? '';
  return `<section class="example status-${a.status}" id="${p.id}" data-name="${esc(name)}" data-status="${a.status}">
${p.head}
${renderTabs(p.id, [p.code, ...p.extra], name || a.block.kind)}
${p.permissions}
</section>
`;
}
