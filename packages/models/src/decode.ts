import type * as t from 'io-ts';
import { fastCheck } from './codec/fastCheck';
import { pathOf, preview } from './codec/path';
import { collectWarnings } from './codec/warnings';
import { DecodeError } from './DecodeError';
import type { DecodeIssue } from './DecodeIssue';

/** Options for {@link decode}. */
export interface DecodeOptions {
  /** At most this many errors are formatted (default 20); `errorCount` tells how many there were. */
  readonly maxErrors?: number;
  /** At most this many warnings are kept (default 50). */
  readonly maxWarnings?: number;
  /** Set false to skip the compiled fast path and always decode with io-ts (same answers, slower). */
  readonly fastPath?: boolean;
}

/** The outcome of a decode: a value with its warnings, or the errors that prevented it. */
export type DecodeResult<A> =
  | {
      readonly ok: true;
      readonly value: A;
      readonly warnings: readonly DecodeIssue[];
      readonly errors: readonly [];
      readonly errorCount: 0;
    }
  | {
      readonly ok: false;
      readonly value?: undefined;
      readonly warnings: readonly DecodeIssue[];
      readonly errors: readonly DecodeIssue[];
      readonly errorCount: number;
    };

const NONE: readonly [] = [];

/**
 * Decodes an already-parsed value with a codec. Never throws. Clean values take a compiled
 * fast path; anything else is decoded by io-ts, which reports errors (path, expected, what
 * arrived) and warnings (unknown enum values, unexpected `@odata.type`, read-only properties
 * in a request). Unknown properties are kept.
 */
export function decode<C extends t.Mixed>(codec: C, input: unknown, options: DecodeOptions = {}): DecodeResult<t.TypeOf<C>> {
  try {
    if (options.fastPath !== false && fastCheck(codec)(input))
      return { ok: true, value: input as t.TypeOf<C>, warnings: NONE, errors: NONE, errorCount: 0 };
    const { result, warnings } = collectWarnings(() => codec.decode(input));
    const kept = warnings.slice(0, options.maxWarnings ?? 50);
    // io-ts returns an fp-ts Either; reading its tag avoids a deep fp-ts import that ESM cannot resolve.
    if (result._tag === 'Right') return { ok: true, value: result.right as t.TypeOf<C>, warnings: kept, errors: NONE, errorCount: 0 };
    const { issues, count } = formatErrors(result.left, options.maxErrors ?? 20);
    return { ok: false, warnings: kept, errors: issues, errorCount: count };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const issue: DecodeIssue = {
      code: 'invalid-type',
      path: '$',
      expected: codec.name,
      received: preview(input),
      message: `$: could not decode ${codec.name} (${reason})`,
    };
    return { ok: false, warnings: NONE, errors: [issue], errorCount: 1 };
  }
}

/** Parses JSON text and decodes it; a syntax error is an `invalid-json` issue at `$`. */
export function decodeJson<C extends t.Mixed>(codec: C, text: string, options: DecodeOptions = {}): DecodeResult<t.TypeOf<C>> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const issue: DecodeIssue = {
      code: 'invalid-json',
      path: '$',
      expected: 'JSON text',
      received: preview(text),
      message: `$: expected JSON text, ${reason}`,
    };
    return { ok: false, warnings: NONE, errors: [issue], errorCount: 1 };
  }
  return decode(codec, value, options);
}

/** Decodes JSON text or a parsed value, or throws a {@link DecodeError} with every issue. */
export function decodeOrThrow<C extends t.Mixed>(codec: C, input: unknown, options: DecodeOptions = {}): t.TypeOf<C> {
  const result = typeof input === 'string' ? decodeJson(codec, input, options) : decode(codec, input, options);
  if (!result.ok) throw new DecodeError(codec.name, result.errors, result.warnings, result.errorCount);
  return result.value;
}

/**
 * io-ts reports a failed `T | null` once per member, and an intersection once per member:
 * drop the "expected null" of a nullable whose other member explains the failure (folding it
 * into `T | null` at the same path), and report each path and expectation once.
 */
function formatErrors(errors: t.Errors, max: number): { issues: DecodeIssue[]; count: number } {
  const all = errors.map((error) => {
    const last = error.context[error.context.length - 1];
    return { error, path: pathOf(error.context), expected: error.message ?? last?.type.name ?? 'a valid value' };
  });
  const nullAt = new Set(all.filter((e) => e.expected === 'null').map((e) => e.path));
  // Paths at or above some non-null error: a failed nullable there is already explained.
  const explained = new Set<string>();
  for (const e of all) if (e.expected !== 'null') for (const p of selfAndAncestors(e.path)) explained.add(p);
  const issues: DecodeIssue[] = [];
  const seen = new Set<string>();
  for (const { error, path, expected } of all) {
    if (expected === 'null' && explained.has(path)) continue;
    const shown = expected !== 'null' && nullAt.has(path) ? `${expected} | null` : expected;
    const key = `${path}\u0000${shown}`;
    if (seen.has(key)) continue;
    seen.add(key);
    // Only the reported errors are previewed: the rest are counted, not formatted.
    if (issues.length < max) {
      const received = preview(error.value);
      issues.push({ code: 'invalid-type', path, expected: shown, received, message: `${path}: expected ${shown}, found ${received}` });
    }
  }
  return { issues, count: seen.size };
}

/** `a.b[2].c` → `a.b[2].c`, `a.b[2]`, `a.b`, `a`, `$`. */
function selfAndAncestors(path: string): string[] {
  const out = [path];
  for (let i = path.length - 1; i > 0; i -= 1) {
    const ch = path[i];
    if (ch === '.' || (ch === '[' && path[i - 1] !== '.')) out.push(path.slice(0, i));
  }
  out.push('$');
  return out;
}
