import { posix } from 'node:path';
import type { Include } from './DocPage';

/** Why an include was not rendered in place. */
export type IncludeProblem = 'missing' | 'outside-roots' | 'cycle' | 'too-deep';

/** An `[!INCLUDE]` reference and what it resolved to; `includes` holds the references inside it. */
export interface ResolvedInclude extends Include {
  /** The absolute path the reference names, relative to the file that makes it. */
  readonly target: string;
  /** The included markdown (front matter blanked, line count kept), when it resolved. */
  readonly markdown?: string;
  readonly problem?: IncludeProblem;
  readonly includes: readonly ResolvedInclude[];
}

/** Options of {@link resolveIncludes}. */
export interface ResolveIncludesOptions {
  /** Absolute folders an include may come from; anything outside them is refused unread. */
  readonly roots: readonly string[];
  /** Reads an absolute path; `undefined` when there is no such file. */
  readonly read: (path: string) => string | undefined;
  /** How many includes deep a chain may go (default 8). */
  readonly maxDepth?: number;
}

const HAS_INCLUDE = /\[!include/i;
const INCLUDE = /\[!INCLUDE\s*\[([^\]]*)\]\(([^)\s]+)\)\s*\]/gi;
const FRONT_MATTER = /^---[ \t]*\n[\s\S]*?\n---[ \t]*(?:\n|$)/;

/** Every `[!INCLUDE [label](path)]` of a markdown text, with its 1-based line. */
export function findIncludes(markdown: string): Include[] {
  const found: Include[] = [];
  markdown.split('\n').forEach((text, index) => {
    if (!HAS_INCLUDE.test(text)) return;
    for (const match of text.matchAll(INCLUDE)) found.push({ line: index + 1, label: match[1] ?? '', path: match[2] ?? '' });
  });
  return found;
}

/**
 * Resolves the includes of the page at `file` (absolute) as DocFX does: each path relative to the
 * file that names it, transitively. A chain that comes back to a file on it is a `cycle`, one deeper
 * than `maxDepth` is `too-deep`, and a path that leaves every root is never read.
 */
export function resolveIncludes(file: string, markdown: string, options: ResolveIncludesOptions): ResolvedInclude[] {
  const roots = options.roots.map((r) => posix.normalize(toPosix(r)).replace(/\/$/, ''));
  const maxDepth = options.maxDepth ?? 8;
  const within = (path: string) => roots.some((root) => path === root || path.startsWith(`${root}/`));
  const visit = (from: string, text: string, chain: readonly string[]): ResolvedInclude[] =>
    findIncludes(text).map((include) => {
      const clean = safeDecode(include.path.split(/[?#]/)[0] ?? '');
      const target = posix.resolve(posix.dirname(from), clean);
      const base = { ...include, target };
      if (!within(target)) return { ...base, problem: 'outside-roots' as const, includes: [] };
      if (chain.includes(target)) return { ...base, problem: 'cycle' as const, includes: [] };
      if (chain.length > maxDepth) return { ...base, problem: 'too-deep' as const, includes: [] };
      const read = options.read(target);
      if (read === undefined) return { ...base, problem: 'missing' as const, includes: [] };
      const body = blankFrontMatter(read.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n'));
      return { ...base, markdown: body, includes: visit(target, body, [...chain, target]) };
    });
  const start = posix.normalize(toPosix(file));
  return visit(start, markdown.replace(/\r\n?/g, '\n'), [start]);
}

/** Replaces front matter by as many empty lines, so line numbers stay those of the file. */
export function blankFrontMatter(text: string): string {
  const front = FRONT_MATTER.exec(text);
  return front ? front[0].replace(/[^\n]/g, '') + text.slice(front[0].length) : text;
}

function toPosix(path: string): string {
  return path.split('\\').join('/');
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
