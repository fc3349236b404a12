import MarkdownIt from 'markdown-it';
import { parseAnnotation, type Annotation } from './annotation';
import { delocalize, type LocalizedText } from './delocalize';
import type { Diagnostic } from './Diagnostic';
import type { BlockKind, DocBlock, JsonBody } from './DocBlock';
import type { DocPage } from './DocPage';
import { findIncludes } from './resolveIncludes';
import type { Tab, TabGroup } from './TabGroup';
import { readFrontMatter } from './frontMatter';
import { parseHttpMessage, type HttpMessage } from './httpMessage';
import { parseTolerantJson } from './tolerantJson';

type Token = ReturnType<MarkdownIt['parse']>[number];

/** Options for {@link parseDocPage}. */
export interface ParseDocPageOptions {
  /** A name for the page (its path), echoed in the result. */
  readonly source?: string;
}

/** Only block structure is needed; inline parsing is most of markdown-it's time on large pages. */
const INLINE_RULES = ['inline', 'linkify', 'replacements', 'smartquotes', 'text_join'];
function blockReader(): MarkdownIt {
  const md = new MarkdownIt({ html: true });
  md.core.ruler.disable(INLINE_RULES);
  return md;
}
const withHtml = blockReader();
/**
 * Used after an unterminated `<!--`: CommonMark would swallow the rest of the page into that
 * comment, so the rest is read with HTML blocks off and every fence in it is still found.
 */
const withoutHtml = blockReader().disable('html_block');
/** Reads heading text (one line at a time, so its cost stays bounded). */
const inlineReader = new MarkdownIt({ html: true });

const JSON_LANGS: ReadonlySet<string> = new Set(['json', 'jsonc', 'json5', 'javascript', 'js']);
const FENCE_LINE = /^(?:[ \t]*>)*[ \t]*(`{3,}|~{3,})[ \t]*$/;
/** `[label](#tab/key)` closing a heading: a DocFX tab. */
const TAB_LINK = /\]\(#tab\/([^)\s]+)\)\s*$/;
const NOTIFICATION_TYPE = /^#?microsoft\.graph\.comms?Notifications?$/i;

/**
 * Reads a Graph-docs markdown page and returns every fenced block with its annotation,
 * HTTP lines and tolerantly parsed JSON body. Never throws: every problem found in the
 * page is a diagnostic on the page or on a block.
 */
export function parseDocPage(markdown: string, options: ParseDocPageOptions = {}): DocPage {
  const pageDiagnostics: Diagnostic[] = [];
  let text = String(markdown);
  if (text.charCodeAt(0) === 0xfeff) {
    text = text.slice(1);
    pageDiagnostics.push({
      code: 'byte-order-mark',
      severity: 'info',
      message: 'expected UTF-8 without a byte order mark, found one (ignored)',
      line: 1,
      column: 1,
    });
  }
  text = text.replace(/\r\n?/g, '\n');
  const lines = text.split('\n');

  const front = readFrontMatter(text);
  pageDiagnostics.push(...front.diagnostics);
  const body = front.lines > 0 ? [...new Array<string>(front.lines).fill(''), ...lines.slice(front.lines)] : lines;

  const { blocks, tabGroups } = readBlocks(body);
  const locale = front.data['ms.contentlocale'];
  return {
    ...(options.source !== undefined ? { source: options.source } : {}),
    frontMatter: front.data,
    ...(typeof locale === 'string' ? { locale } : {}),
    blocks,
    includes: findIncludes(text),
    tabGroups,
    diagnostics: pageDiagnostics,
  };
}

interface WalkState {
  readonly lines: readonly string[];
  readonly blocks: DocBlock[];
  heading: LocalizedText | undefined;
  /** The annotation waiting for the next fence. */
  pending: Annotation | undefined;
  /** True while nothing but annotations stood between the last fence and here. */
  adjacent: boolean;
  readonly tabGroups: TabGroup[];
  /** The tab group being read, with the heading level of its tabs. */
  openGroup: { tabs: Tab[]; line: number; level: number } | undefined;
}

function readBlocks(lines: readonly string[]): { blocks: DocBlock[]; tabGroups: TabGroup[] } {
  const state: WalkState = {
    lines,
    blocks: [],
    heading: undefined,
    pending: undefined,
    adjacent: false,
    tabGroups: [],
    openGroup: undefined,
  };
  const restartAt = walk(withHtml.parse(lines.join('\n'), {}), 0, state, true);
  if (restartAt !== undefined) {
    walk(withoutHtml.parse(lines.slice(restartAt).join('\n'), {}), restartAt, state, false);
  }
  closeGroup(state, undefined);
  return { blocks: state.blocks, tabGroups: state.tabGroups };
}

function closeGroup(state: WalkState, closeLine: number | undefined): void {
  const open = state.openGroup;
  if (open === undefined) return;
  state.tabGroups.push({ tabs: open.tabs, line: open.line, ...(closeLine !== undefined ? { closeLine } : {}) });
  state.openGroup = undefined;
}

/** A heading that is a DocFX tab joins (or starts) the open group; any other heading at its level or above ends it. */
function visitHeading(state: WalkState, level: number, content: string, line: number): boolean {
  const tab = TAB_LINK.exec(content);
  const open = state.openGroup;
  if (tab === null) {
    if (open !== undefined && level <= open.level) closeGroup(state, undefined);
    return false;
  }
  const entry: Tab = { key: (tab[1] as string).toLowerCase(), label: headingText(content), line };
  if (open !== undefined && open.level === level) open.tabs.push(entry);
  else {
    closeGroup(state, undefined);
    state.openGroup = { tabs: [entry], line, level };
  }
  return true;
}

/**
 * Visits the block tokens of one parse. Returns the 0-based line to re-read from when an
 * unterminated comment swallowed the rest of the page (only in the first pass).
 */
function walk(tokens: readonly Token[], offset: number, state: WalkState, htmlBlocks: boolean): number | undefined {
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] as Token;
    const line = (token.map?.[0] ?? 0) + offset;
    if (token.type === 'heading_open') {
      const inline = tokens[i + 1];
      const content = inline?.type === 'inline' ? inline.content : '';
      // A tab heading names a language, not a section: blocks under it keep their section heading.
      const isTab = visitHeading(state, Number(token.tag.slice(1)), content, line + 1);
      if (inline?.type === 'inline' && !isTab) state.heading = headingText(content);
      state.pending = undefined;
      state.adjacent = false;
      i += 2;
      continue;
    }
    if (token.type === 'html_block' || (!htmlBlocks && token.type === 'paragraph_open')) {
      const source = token.type === 'html_block' ? token.content : (tokens[i + 1]?.content ?? '');
      if (source.trimStart().startsWith('<!--')) {
        const terminated = source.includes('-->', source.indexOf('<!--') + 4);
        if (htmlBlocks && !terminated) return line;
        const annotation = parseAnnotation(source, line + 1);
        if (annotation !== undefined) {
          state.pending = terminated ? annotation : withUnterminatedNote(annotation);
          if (token.type === 'paragraph_open') i += 2;
          continue;
        }
      }
    }
    if (token.type === 'hr' && token.level === 0) closeGroup(state, line + 1);
    if (token.type === 'fence') {
      const previous = state.blocks[state.blocks.length - 1];
      const follows = state.adjacent ? previous : undefined;
      state.blocks.push(readFence(token, offset, state, state.pending, follows));
      state.pending = undefined;
      state.adjacent = true;
      continue;
    }
    // Anything else (prose, lists, other HTML) separates an annotation or a body from what follows.
    state.pending = undefined;
    state.adjacent = false;
  }
  return undefined;
}

function withUnterminatedNote(annotation: Annotation): Annotation {
  const note: Diagnostic = {
    code: 'unterminated-annotation',
    severity: 'warning',
    message: 'expected "-->" to close the annotation comment, found the end of the page; read up to its closing "}"',
    line: annotation.line,
    column: 1,
  };
  return { ...annotation, diagnostics: [note, ...annotation.diagnostics] };
}

function readFence(
  token: Token,
  offset: number,
  state: WalkState,
  annotation: Annotation | undefined,
  previous: DocBlock | undefined,
): DocBlock {
  const [start = 0, end = start + 1] = token.map ?? [];
  const openLine = start + offset;
  const lastLine = Math.max(openLine, end - 1 + offset);
  const closed = lastLine > openLine && isClosingFence(state.lines[lastLine] ?? '', token.markup);
  const indent = /^[ \t]*/.exec(state.lines[openLine] ?? '')?.[0].length ?? 0;
  const info = token.info.trim();
  const lang = (info.split(/\s+/)[0] ?? '').toLowerCase();
  const content = token.content;
  const contentLine = openLine + 2;

  const diagnostics: Diagnostic[] = [...(annotation?.diagnostics ?? [])];
  if (!closed) diagnostics.push(unterminatedFence(token.markup, openLine, indent));

  const body = bodyOf(lang, content, contentLine, indent);
  let { http } = body;
  const { json } = body;
  let httpBlock: number | undefined;
  if (
    json !== undefined &&
    http === undefined &&
    previous?.http !== undefined &&
    previous.http.body === undefined &&
    previous.httpBlock === undefined
  ) {
    http = previous.http;
    httpBlock = previous.index;
    diagnostics.push(splitMessageNote(http, previous.line, openLine, indent));
  }
  if (json !== undefined) diagnostics.push(...json.diagnostics);

  const odataType = typeOf(annotation, json);
  return {
    index: state.blocks.length,
    line: openLine + 1,
    endLine: lastLine + 1,
    info,
    lang,
    content,
    closed,
    ...(state.heading !== undefined ? { heading: state.heading } : {}),
    ...(annotation !== undefined ? { annotation } : {}),
    ...(http !== undefined ? { http } : {}),
    ...(httpBlock !== undefined ? { httpBlock } : {}),
    ...(json !== undefined ? { json } : {}),
    kind: kindOf(annotation, http, json, odataType),
    ...(odataType !== undefined ? { odataType } : {}),
    diagnostics,
  };
}

/** A fence the page never closes: read to the end of the page. */
function unterminatedFence(markup: string, openLine: number, indent: number): Diagnostic {
  return {
    code: 'unterminated-fence',
    severity: 'warning',
    message: `expected a closing ${markup} for the fence opened here, found the end of the page; the block runs to the end`,
    line: openLine + 1,
    column: indent + 1,
  };
}

/** The block's HTTP message (an `http` block, or an unlabelled one that reads as one) and its JSON body, or the block read as JSON. */
function bodyOf(lang: string, content: string, contentLine: number, indent: number): { http?: HttpMessage; json?: JsonBody } {
  const http = lang === 'http' || lang === '' ? parseHttpMessage(content, contentLine) : undefined;
  if (http?.body !== undefined && looksLikeJson(http.body.text)) return { http, json: readJson(http.body.text, http.body.line, indent) };
  if (http === undefined && (JSON_LANGS.has(lang) || looksLikeJson(content)))
    return { json: readJson(content.replace(/\n$/, ''), contentLine, indent) };
  return http !== undefined ? { http } : {};
}

/** A JSON block read with the request or status line of the block before it. */
function splitMessageNote(http: HttpMessage, previousLine: number, openLine: number, indent: number): Diagnostic {
  const what =
    http.kind === 'request' ? `request line "${http.method} ${http.target}"` : `status line "HTTP/${http.httpVersion} ${http.status}"`;
  return {
    code: 'split-http-message',
    severity: 'info',
    message: `expected the body in the same block as its ${what}, found it split off from the block at line ${previousLine}; read together`,
    line: openLine + 1,
    column: indent + 1,
  };
}

function readJson(text: string, line: number, indent: number): JsonBody {
  return { ...parseTolerantJson(text, { line, column: indent + 1, indent }), text, line };
}

function looksLikeJson(text: string): boolean {
  const first = text.trimStart()[0];
  return first === '{' || first === '[';
}

function isClosingFence(line: string, markup: string): boolean {
  const match = FENCE_LINE.exec(line);
  const fence = match?.[1];
  return fence !== undefined && fence[0] === markup[0] && fence.length >= markup.length;
}

function typeOf(annotation: Annotation | undefined, json: JsonBody | undefined): string | undefined {
  const fromBody =
    typeof json?.value === 'object' && json.value !== null && !Array.isArray(json.value) && '@odata.type' in json.value
      ? json.value['@odata.type']
      : undefined;
  const raw = annotation?.odataType ?? (typeof fromBody === 'string' ? fromBody : undefined);
  return raw?.replace(/^#/, '');
}

function kindOf(
  annotation: Annotation | undefined,
  http: HttpMessage | undefined,
  json: JsonBody | undefined,
  odataType: string | undefined,
): BlockKind {
  if (json !== undefined && odataType !== undefined && NOTIFICATION_TYPE.test(odataType)) return 'notification';
  if (json !== undefined && isNotificationShape(json.value)) return 'notification';
  const declared = annotation?.blockType;
  if (http?.kind === 'response' || declared === 'response') return json !== undefined || http !== undefined ? 'response' : 'other';
  if (http?.kind === 'request' || declared === 'request') {
    return json !== undefined || http !== undefined ? 'request' : 'other';
  }
  if (json !== undefined) return 'json';
  return 'other';
}

function isNotificationShape(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || !('value' in value)) return false;
  const list = value.value;
  if (!Array.isArray(list) || list.length === 0) return false;
  return list.every(
    (item) => typeof item === 'object' && item !== null && 'changeType' in item && ('resourceUrl' in item || 'resource' in item),
  );
}

function headingText(source: string): LocalizedText {
  const both = delocalize(source);
  return { local: plainText(both.local), english: plainText(both.english), spans: both.spans };
}

/** The visible text of an inline markdown fragment (links and HTML anchors dropped). */
function plainText(source: string): string {
  const out: string[] = [];
  for (const token of inlineReader.parseInline(source, {})) {
    for (const child of token.children ?? []) {
      if (child.type === 'text' || child.type === 'code_inline') out.push(child.content);
    }
  }
  return out.join('').trim();
}
