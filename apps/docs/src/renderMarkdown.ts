import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { delocalize, type ResolvedInclude, type TabGroup } from '@graph-calling/doc-examples';
import type { ExampleAnalysis } from './analyzeBlock';
import { esc } from './html';
import { resolveHref } from './links';
import { claimsJson, exampleParts, panelOpen, renderCode, renderExample, type ExampleParts, type TabPart } from './renderExample';

type Token = ReturnType<MarkdownIt['parse']>[number];

/** A heading of the page, for the "on this page" list and the search index. */
export interface Heading {
  readonly level: number;
  readonly id: string;
  readonly local: string;
  readonly english: string;
}

/** What rendering a page needs to know about it and the site. */
export interface MarkdownInput {
  readonly file: string;
  readonly repoPath: string;
  readonly strict: boolean;
  /** The Graph version the page documents (`beta`, `v1.0`): its links to learn.microsoft.com name it. */
  readonly version?: string;
  readonly markdown: string;
  readonly analyses: readonly ExampleAnalysis[];
  readonly snippetFailures: ReadonlyMap<number, string>;
  readonly includes: readonly ResolvedInclude[];
  readonly tabGroups: readonly TabGroup[];
  /** Absolute path of every page of the site → its slug. */
  readonly pagesByFile: ReadonlyMap<string, string>;
}

/** The page body as sanitized HTML, its headings, and links of our own docs that lead nowhere. */
export interface RenderedMarkdown {
  readonly html: string;
  readonly headings: readonly Heading[];
  readonly missingLinks: readonly string[];
}

/** State of one page's render, shared by the page and every file it includes. */
interface Shared {
  readonly pagesByFile: ReadonlyMap<string, string>;
  readonly strict: boolean;
  readonly version: string | undefined;
  /** The tab group being rendered, if any: its absent snippet includes are reported once, at its end. */
  group: GroupMeta | undefined;
  readonly slots: string[];
  readonly nonce: string;
  readonly headings: Heading[];
  readonly ids: Map<string, number>;
  readonly missingLinks: string[];
  groups: number;
  /** Lines of the page's examples whose tabs a DocFX tab group shows. */
  readonly merged: Set<number>;
  /** Each example's pieces, made once (highlighting is most of a render). */
  readonly parts: Map<ExampleAnalysis, ExampleParts>;
}

/** What the renderer rules see for the text being rendered (the page or an include). */
interface Env {
  readonly shared: Shared;
  readonly file: string;
  readonly repoPath: string;
  readonly analyses: ReadonlyMap<number, ExampleAnalysis> | undefined;
  readonly snippetFailures: ReadonlyMap<number, string>;
  readonly includes: ReadonlyMap<number, readonly ResolvedInclude[]>;
  readonly tabGroups: readonly TabGroup[];
}

/** A tab group being rendered; `id` and `merged` are filled in once the group's contents are known. */
interface GroupMeta {
  readonly group: TabGroup;
  id: string;
  merged: ExampleAnalysis | undefined;
  /** Snippet includes of its tabs that the tree does not hold. */
  missingSnippets: number;
}

const INCLUDE_LINE = /^\s*(?:\[!INCLUDE\s*\[[^\]]*\]\([^)\s]+\)\s*\]\s*)+$/i;
const INCLUDE_AT = /^\[!INCLUDE\s*\[([^\]]*)\]\(([^)\s]+)\)\s*\]/i;
const ANCHOR_NAME = /<a\s+name="([^"]+)"\s*>\s*<\/a>/i;

/** Raw HTML of a source may format text, never run code or restyle the site. */
// `allowedEmptyAttributes` (keeps `hidden`) is in sanitize-html 2.18 but not yet in its type definitions.
const SANITIZE: sanitizeHtml.IOptions & { allowedEmptyAttributes: string[] } = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'details', 'summary', 'button', 'del', 'ins', 'gc-slot'],
  allowedAttributes: {
    '*': ['id', 'class', 'title', 'lang', 'dir', 'role', 'hidden', 'tabindex', 'data-*', 'aria-*', 'style'],
    a: ['href', 'name', 'rel'],
    img: ['src', 'alt', 'width', 'height'],
    button: ['type'],
    ol: ['start'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan'],
  },
  allowedEmptyAttributes: ['alt', 'hidden'],
  allowedStyles: { '*': { 'text-align': [/^(left|right|center)$/] } },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
};

function createMarkdown(): MarkdownIt {
  const md = new MarkdownIt({ html: true, linkify: false });
  addIncludeAndTabRules(md);
  renderIncludesAndTabs(md);
  renderPageTokens(md);
  return md;
}

/** DocFX includes (a line of their own, or inside text) and tab groups, parsed into tokens of their own. */
function addIncludeAndTabRules(md: MarkdownIt): void {
  md.block.ruler.before(
    'paragraph',
    'gc_include',
    (state, startLine, _endLine, silent) => {
      if ((state.sCount[startLine] ?? 0) - state.blkIndent >= 4) return false;
      const text = state.src.slice((state.bMarks[startLine] ?? 0) + (state.tShift[startLine] ?? 0), state.eMarks[startLine]);
      if (!INCLUDE_LINE.test(text)) return false;
      if (silent) return true;
      const token = state.push('gc_include', '', 0);
      token.map = [startLine, startLine + 1];
      token.content = text;
      state.line = startLine + 1;
      return true;
    },
    { alt: ['paragraph'] },
  );
  // An include inside a line of text (DocFX allows that too) renders inline.
  md.inline.ruler.before('link', 'gc_include_inline', (state, silent) => {
    if (state.src.charCodeAt(state.pos) !== 0x5b /* [ */ || state.src.charCodeAt(state.pos + 1) !== 0x21 /* ! */) return false;
    const match = INCLUDE_AT.exec(state.src.slice(state.pos));
    if (match === null) return false;
    if (!silent) {
      const token = state.push('gc_include_inline', '', 0);
      token.meta = { label: match[1] ?? '', path: match[2] ?? '' };
    }
    state.pos += match[0].length;
    return true;
  });
  md.core.ruler.after('block', 'gc_tabs', (state) => {
    const env = state.env as Env;
    if (env.tabGroups.length > 0) state.tokens = groupTabs(state.tokens, env, state.Token);
  });
}

/** How include and tab tokens render. */
function renderIncludesAndTabs(md: MarkdownIt): void {
  const rules = md.renderer.rules;
  rules['gc_include'] = (tokens, idx, _options, env: Env) => renderIncludes(md, tokens[idx] as Token, env);
  rules['gc_include_inline'] = (tokens, idx, _options, env: Env) => {
    const { label, path } = tokens[idx]?.meta as { label: string; path: string };
    const include = [...env.includes.values()].flat().find((i) => i.path === path && i.label === label);
    if (include?.markdown === undefined) {
      const why = PROBLEM[include?.problem ?? 'missing'] ?? '';
      return `<span class="include-missing" title="${esc(`${path} — ${why}`)}">[${esc(label || path)}]</span>`;
    }
    return `<span class="include" data-include="${esc(path)}">${md.renderInline(include.markdown.trim(), childEnv(env, include))}</span>`;
  };
  rules['gc_tabs_open'] = (tokens, idx, _options, env: Env) => {
    env.shared.group = tokens[idx]?.meta as GroupMeta;
    return openGroup(env.shared.group, env);
  };
  rules['gc_tab_open'] = (tokens, idx) => {
    const { id, index, key } = tokens[idx]?.meta as { id: string; index: number; key: string };
    return `${panelOpen(id, index, key, index === 0)}\n`;
  };
  rules['gc_tab_close'] = () => '</div>\n';
  rules['gc_tabs_close'] = (tokens, idx, _options, env: Env) => {
    env.shared.group = undefined;
    return closeGroup(tokens[idx]?.meta as GroupMeta, env);
  };
}

/** Fences as examples, headings with anchors, links resolved between pages, and relative images described. */
function renderPageTokens(md: MarkdownIt): void {
  const rules = md.renderer.rules;
  rules.fence = (tokens, idx, _options, env: Env) => {
    const token = tokens[idx] as Token;
    const line = (token.map?.[0] ?? -1) + 1;
    const analysis = env.analyses?.get(line);
    if (analysis === undefined || !claimsJson(analysis))
      return slot(env, renderCode(token.content, token.info.trim().split(/\s+/)[0] ?? ''));
    const parts = partsOf(analysis, env);
    if (env.shared.merged.has(line)) return slot(env, parts.code.html);
    return slot(env, renderExample(analysis, parts));
  };
  rules.heading_open = (tokens, idx, options, env: Env, self) => {
    const token = tokens[idx] as Token;
    const inline = tokens[idx + 1];
    const content = inline?.content ?? '';
    const both = delocalize(content);
    const named = ANCHOR_NAME.exec(content)?.[1];
    const id = uniqueId(env.shared, named ?? slugify(plain(both.english)));
    token.attrSet('id', id);
    const level = Number(token.tag.slice(1));
    if (env.analyses !== undefined && (level === 2 || level === 3)) {
      env.shared.headings.push({ level, id, local: plain(both.local), english: plain(both.english) });
    }
    return self.renderToken(tokens, idx, options);
  };
  rules.link_open = (tokens, idx, options, env: Env, self) => {
    const token = tokens[idx] as Token;
    const resolved = resolveHref(token.attrGet('href') ?? '', {
      file: env.file,
      repoPath: env.repoPath,
      pagesByFile: env.shared.pagesByFile,
      strict: env.shared.strict,
      ...(env.shared.version !== undefined ? { version: env.shared.version } : {}),
    });
    if (resolved.missing !== undefined) env.shared.missingLinks.push(resolved.missing);
    token.attrSet('href', resolved.href);
    return self.renderToken(tokens, idx, options);
  };
  // Relative images live in the docs repository, not here: say what they show instead of a broken request.
  rules.image = (tokens, idx, options, env: Env, self) => {
    const token = tokens[idx] as Token;
    const src = token.attrGet('src') ?? '';
    if (/^https?:\/\//.test(src)) return self.renderToken(tokens, idx, options);
    return `<span class="missing-image">[image: ${esc(token.content || src)}]</span>`;
  };
}

const markdown = createMarkdown();

/**
 * Renders a page: prose through markdown-it and an allow-list sanitizer, DocFX tab groups as tabs
 * (our TypeScript, Events and Diagnostics tabs beside the page's own when the group holds one
 * example), includes in place, links to their rendered or published pages.
 */
export function renderMarkdown(input: MarkdownInput): RenderedMarkdown {
  const shared: Shared = {
    pagesByFile: input.pagesByFile,
    strict: input.strict,
    version: input.version,
    group: undefined,
    slots: [],
    nonce: randomBytes(6).toString('hex'),
    headings: [],
    ids: new Map(input.analyses.map((a) => [`example-${a.block.index}`, 1])),
    missingLinks: [],
    groups: 0,
    merged: new Set(),
    parts: new Map(),
  };
  // Keep line numbers: blank the front matter rather than cutting it (blocks are found by line).
  let text = input.markdown.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
  const front = /^---[ \t]*\n[\s\S]*?\n---[ \t]*(?:\n|$)/.exec(text);
  if (front) text = front[0].replace(/[^\n]/g, '') + text.slice(front[0].length);
  const env: Env = {
    shared,
    file: input.file,
    repoPath: input.repoPath,
    analyses: new Map(input.analyses.map((a) => [a.block.line, a])),
    snippetFailures: input.snippetFailures,
    includes: byLine(input.includes),
    tabGroups: input.tabGroups,
  };
  const raw = markdown.render(text, env);
  const clean = sanitize(raw, env, input);
  const html = clean.replace(
    new RegExp(`<gc-slot data-slot="${shared.nonce}-(\\d+)"></gc-slot>`, 'g'),
    (_m, n: string) => shared.slots[Number(n)] ?? '',
  );
  return { html, headings: shared.headings, missingLinks: shared.missingLinks };
}

/** The rendered page through the allow-list sanitizer: relative images described, raw HTML links resolved between pages. */
function sanitize(raw: string, env: Env, input: MarkdownInput): string {
  return sanitizeHtml(raw, {
    ...SANITIZE,
    transformTags: {
      // A relative image lives in the docs repository, not here: say what it shows instead of a broken request.
      img: (tagName, attribs) =>
        /^https?:\/\//i.test(attribs['src'] ?? '')
          ? { tagName, attribs }
          : { tagName: 'span', attribs: { class: 'missing-image' }, text: `[image: ${attribs['alt'] || attribs['src'] || ''}]` },
      // Raw HTML links of a source are resolved like markdown links; ours are already final.
      a: (tagName, attribs) => {
        const href = attribs['href'];
        if (href === undefined || !(/\.md(#|$)/i.test(href) || href.startsWith('/'))) return { tagName, attribs };
        return {
          tagName,
          attribs: {
            ...attribs,
            href: resolveHref(href, {
              ...env,
              pagesByFile: input.pagesByFile,
              strict: false,
              ...(input.version !== undefined ? { version: input.version } : {}),
            }).href,
          },
        };
      },
    },
  });
}

/** Generated HTML (highlighted code, example panels) skips the sanitizer: it is escaped where it is made. */
function slot(env: Env, html: string): string {
  env.shared.slots.push(html);
  return `<gc-slot data-slot="${env.shared.nonce}-${env.shared.slots.length - 1}"></gc-slot>\n`;
}

function byLine(includes: readonly ResolvedInclude[]): Map<number, ResolvedInclude[]> {
  const map = new Map<number, ResolvedInclude[]>();
  for (const include of includes) map.set(include.line, [...(map.get(include.line) ?? []), include]);
  return map;
}

const PROBLEM: Record<string, string> = {
  missing: 'not in this tree',
  'outside-roots': 'outside the source folders, not read',
  cycle: 'includes itself (a cycle), not repeated',
  'too-deep': 'nested too deep, not read',
};

/** Our own wording of the beta notice, for a beta page whose tree lacks Graph's include. */
export const BETA_NOTE =
  '<div class="beta-note" role="note"><strong>Beta.</strong> This API is in the Microsoft Graph beta version: it may change or be withdrawn, and production apps should not depend on it.</div>\n';

const BETA_INCLUDE = /(?:^|\/)beta-disclaimer\.md$/i;
const SNIPPET_INCLUDE = /(?:^|\/)snippets\//i;

function renderIncludes(md: MarkdownIt, token: Token, env: Env): string {
  const line = (token.map?.[0] ?? 0) + 1;
  return (env.includes.get(line) ?? [])
    .map((include) => {
      if (include.markdown === undefined && BETA_INCLUDE.test(include.path)) return BETA_NOTE;
      // An SDK tab's snippet the tree lacks: its group says so once, at its end (see closeGroup).
      if (include.markdown === undefined && SNIPPET_INCLUDE.test(include.path) && env.shared.group !== undefined) {
        env.shared.group.missingSnippets += 1;
        return '';
      }
      if (include.markdown === undefined) {
        return `<details class="include-missing"><summary>Include: ${esc(include.label || include.path)}</summary><p><code>${esc(include.path)}</code> — ${esc(PROBLEM[include.problem ?? 'missing'] ?? '')}</p></details>\n`;
      }
      return `<div class="include" data-include="${esc(include.path)}">\n${md.render(include.markdown, childEnv(env, include))}</div>\n`;
    })
    .join('');
}

/** What the rules see inside an included file: its own place for links, its own includes, no examples. */
function childEnv(env: Env, include: ResolvedInclude): Env {
  return {
    shared: env.shared,
    file: include.target,
    repoPath: posix.normalize(posix.join(posix.dirname(env.repoPath), include.path.split(/[?#]/)[0] ?? '')),
    analyses: undefined,
    snippetFailures: env.snippetFailures,
    includes: byLine(include.includes),
    tabGroups: [],
  };
}

/**
 * Replaces each DocFX tab heading by a panel boundary, and the `---` closing the group by the end
 * of the group. A group holding exactly one example shows that example's tabs in its own tab bar.
 */
function groupTabs(tokens: Token[], env: Env, TokenClass: new (type: string, tag: string, nesting: -1 | 0 | 1) => Token): Token[] {
  const out = tabBoundaries(tokens, env, TokenClass);
  nameGroups(out, env);
  return out;
}

/** The tokens with tab and group boundaries in place of DocFX's tab headings and closing `---`. */
function tabBoundaries(tokens: Token[], env: Env, TokenClass: new (type: string, tag: string, nesting: -1 | 0 | 1) => Token): Token[] {
  const tabAt = new Map<number, { group: TabGroup; index: number }>();
  for (const group of env.tabGroups) group.tabs.forEach((tab, index) => tabAt.set(tab.line, { group, index }));
  const make = (type: string, meta: unknown) => {
    const t = new TokenClass(type, '', 0);
    t.meta = meta;
    t.block = true;
    return t;
  };
  const out: Token[] = [];
  let open: { meta: GroupMeta; level: number } | undefined;
  const close = () => {
    if (open === undefined) return;
    out.push(make('gc_tab_close', null), make('gc_tabs_close', open.meta));
    open = undefined;
  };
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] as Token;
    const line = (token.map?.[0] ?? -1) + 1;
    if (token.type === 'heading_open' && token.level === 0) {
      const level = Number(token.tag.slice(1));
      const tab = tabAt.get(line);
      if (tab !== undefined) {
        if (tab.index === 0 || open === undefined) {
          close();
          const meta: GroupMeta = { group: tab.group, id: '', merged: undefined, missingSnippets: 0 };
          open = { meta, level };
          out.push(make('gc_tabs_open', meta));
        } else out.push(make('gc_tab_close', null));
        out.push(make('gc_tab_open', { index: tab.index, key: tab.group.tabs[tab.index]?.key ?? '' }));
        i += 2;
        continue;
      }
      if (open !== undefined && level <= open.level) close();
    }
    if (token.type === 'hr' && token.level === 0 && open !== undefined && open.meta.group.closeLine === line) {
      close();
      continue;
    }
    out.push(token);
  }
  close();
  return out;
}

/** Names each group, lends a group with one example that example's tabs, and tells each panel its group's id. */
function nameGroups(out: readonly Token[], env: Env): void {
  let current: { meta: GroupMeta; examples: ExampleAnalysis[] } | undefined;
  const groups: Array<{ meta: GroupMeta; examples: ExampleAnalysis[] }> = [];
  for (const token of out) {
    if (token.type === 'gc_tabs_open') {
      current = { meta: token.meta as GroupMeta, examples: [] };
      groups.push(current);
    } else if (token.type === 'gc_tabs_close') current = undefined;
    else if (token.type === 'fence' && current !== undefined) {
      const a = env.analyses?.get((token.map?.[0] ?? -1) + 1);
      if (a !== undefined && claimsJson(a)) current.examples.push(a);
    }
  }
  for (const { meta, examples } of groups) {
    const merged = examples.length === 1 ? examples[0] : undefined;
    env.shared.groups += 1;
    meta.id = merged ? `example-${merged.block.index}` : `tabs-${env.shared.groups}`;
    meta.merged = merged;
    if (merged) env.shared.merged.add(merged.block.line);
  }
  let meta: GroupMeta | undefined;
  for (const token of out) {
    if (token.type === 'gc_tabs_open') meta = token.meta as GroupMeta;
    if (token.type === 'gc_tab_open' && meta !== undefined) token.meta = { ...(token.meta as object), id: meta.id };
  }
}

function groupButtons(meta: GroupMeta, env: Env): { tabs: TabPart[]; extra: readonly TabPart[] } {
  const tabs: TabPart[] = meta.group.tabs.map((t) => ({ key: t.key, label: t.label.english || t.label.local || t.key, html: '' }));
  const extra = meta.merged ? partsOf(meta.merged, env).extra : [];
  return { tabs, extra };
}

function openGroup(meta: GroupMeta, env: Env): string {
  const { tabs, extra } = groupButtons(meta, env);
  // Our TypeScript tab goes right after the page's HTTP tab; Events and Diagnostics close the bar.
  const order = [
    ...tabs.slice(0, 1).map((t, i) => ({ t, i })),
    ...extra.filter((t) => t.key === 'ts').map((t) => ({ t, i: tabs.length + extra.indexOf(t) })),
    ...tabs.slice(1).map((t, i) => ({ t, i: i + 1 })),
    ...extra.filter((t) => t.key !== 'ts').map((t) => ({ t, i: tabs.length + extra.indexOf(t) })),
  ];
  const bar = order
    .map(
      ({ t, i }, position) =>
        `<button type="button" role="tab" id="${meta.id}-tab-${i}" aria-controls="${meta.id}-panel-${i}" data-tab="${esc(t.key)}" aria-selected="${position === 0}" tabindex="${position === 0 ? 0 : -1}">${esc(t.label)}</button>`,
    )
    .join('');
  const tablist = `<div class="tabs" role="tablist" aria-label="Languages">${bar}</div>\n`;
  if (meta.merged === undefined) return `<div class="docfx-tabs" id="${meta.id}">\n${tablist}`;
  const a = meta.merged;
  const parts = partsOf(a, env);
  return `<section class="example docfx-tabs status-${a.status}" id="${meta.id}" data-name="${esc(a.block.annotation?.name ?? '')}" data-status="${a.status}">\n${parts.head}\n${tablist}`;
}

function closeGroup(meta: GroupMeta, env: Env): string {
  const note =
    meta.missingSnippets > 0
      ? `<p class="snippets-missing" role="note">The SDK snippets of these tabs (${meta.missingSnippets} include${meta.missingSnippets === 1 ? '' : 's'}) are not in this tree.</p>\n`
      : '';
  if (meta.merged === undefined) return `${note}</div>\n`;
  const parts = partsOf(meta.merged, env);
  const first = meta.group.tabs.length;
  const panels = parts.extra.map((t, j) => `${panelOpen(meta.id, first + j, t.key, false)}${t.html}</div>`).join('\n');
  return `${panels}\n${note}${parts.permissions}</section>\n`;
}

function partsOf(a: ExampleAnalysis, env: Env): ExampleParts {
  let parts = env.shared.parts.get(a);
  if (parts === undefined) {
    parts = exampleParts(a, env.snippetFailures.get(a.block.index));
    env.shared.parts.set(a, parts);
  }
  return parts;
}

function uniqueId(shared: Shared, wanted: string): string {
  const base = wanted || 'section';
  const seen = shared.ids.get(base) ?? 0;
  shared.ids.set(base, seen + 1);
  return seen === 0 ? base : `${base}-${seen}`;
}

/** GitHub-style heading ids, so links written for GitHub keep working. */
function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s+/g, '-');
}

function plain(text: string): string {
  return text
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<[^>]+>/g, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
