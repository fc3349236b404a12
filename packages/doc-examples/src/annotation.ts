import type { Diagnostic } from './Diagnostic';
import { parseTolerantJson } from './tolerantJson';

/**
 * The `<!-- { "blockType": …, "name": …, "@odata.type": …, "truncated": … } -->` comment
 * that Graph docs put before an example.
 */
export interface Annotation {
  /** 1-based page line where the comment opens. */
  readonly line: number;
  /** 1-based page line where it closes (or where reading stopped, if it never closes). */
  readonly endLine: number;
  /** The JSON text between `<!--` and `-->`. */
  readonly raw: string;
  /** Every key of the annotation, as read tolerantly. */
  readonly value: Readonly<Record<string, unknown>>;
  readonly blockType?: string;
  readonly name?: string;
  /** `@odata.type` as written, usually without the leading `#` (`microsoft.graph.call`). */
  readonly odataType?: string;
  /** `truncated`, normalised: the docs write both `true` and `"true"`. */
  readonly truncated?: boolean;
  readonly diagnostics: readonly Diagnostic[];
}

const OPEN = '<!--';
const CLOSE = '-->';

/**
 * Reads an HTML comment as an annotation. Returns `undefined` for comments that are not
 * JSON objects (the `uuid:` trailer, prose comments), so only real annotations attach to blocks.
 */
export function parseAnnotation(comment: string, line: number): Annotation | undefined {
  const open = comment.indexOf(OPEN);
  if (open < 0) return undefined;
  const bodyStart = open + OPEN.length;
  const close = comment.indexOf(CLOSE, bodyStart);
  const inner = close < 0 ? comment.slice(bodyStart) : comment.slice(bodyStart, close);
  const braceAt = inner.search(/\S/);
  if (braceAt < 0 || inner[braceAt] !== '{') return undefined;

  const before = comment.slice(0, bodyStart + braceAt);
  const braceLine = line + countNewlines(before);
  const braceColumn = before.length - (before.lastIndexOf('\n') + 1) + 1;
  const raw = inner.trim();
  const read = parseTolerantJson(raw, { line: braceLine, column: braceColumn });
  const diagnostics: Diagnostic[] = read.diagnostics.map((d) => ({
    ...d,
    code: 'malformed-annotation',
    severity: d.code === 'json-syntax' || d.code === 'json-too-deep' ? 'error' : 'warning',
    message: `annotation: ${d.message}`,
  }));
  const value = isRecord(read.value) ? read.value : {};
  const endLine = line + countNewlines(close < 0 ? comment.trimEnd() : comment.slice(0, close));
  return {
    line,
    endLine,
    raw,
    value,
    ...stringField('blockType', value['blockType']),
    ...stringField('name', value['name']),
    ...stringField('odataType', value['@odata.type']),
    ...truncatedField(value['truncated']),
    diagnostics,
  };
}

function stringField<K extends string>(key: K, value: unknown): { [P in K]?: string } {
  return typeof value === 'string' ? ({ [key]: value } as { [P in K]: string }) : {};
}

function truncatedField(value: unknown): { truncated?: boolean } {
  if (typeof value === 'boolean') return { truncated: value };
  if (value === 'true' || value === 'false') return { truncated: value === 'true' };
  return {};
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n += 1;
  return n;
}
