import { parse as parseYaml } from 'yaml';
import type { Diagnostic } from './Diagnostic';

/** The YAML block between `---` lines at the top of a page. */
export interface FrontMatter {
  readonly data: Readonly<Record<string, unknown>>;
  /** How many page lines it occupies, fences included (0 when the page has none). */
  readonly lines: number;
  readonly diagnostics: readonly Diagnostic[];
}

/** Reads front matter from the top of a page (after any BOM has been removed). */
export function readFrontMatter(page: string): FrontMatter {
  if (!/^---[ \t]*\r?\n/.test(page)) return { data: {}, lines: 0, diagnostics: [] };
  const close = /\r?\n---[ \t]*(?:\r?\n|$)/.exec(page.slice(3));
  if (!close) return { data: {}, lines: 0, diagnostics: [] };
  const yamlText = page.slice(3, 3 + close.index);
  const lines = yamlText.split('\n').length + 1;
  try {
    const data: unknown = parseYaml(yamlText, { maxAliasCount: 100 });
    if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
      return { data: data as Record<string, unknown>, lines, diagnostics: [] };
    }
    return { data: {}, lines, diagnostics: [frontMatterProblem('expected a YAML mapping, found another value')] };
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    return { data: {}, lines, diagnostics: [frontMatterProblem(`expected YAML, ${reason}`)] };
  }
}

function frontMatterProblem(message: string): Diagnostic {
  return { code: 'malformed-front-matter', severity: 'warning', message: `front matter: ${message}`, line: 1, column: 1 };
}
