import type * as t from 'io-ts';
import { fastCheck, type FastCheck } from './codec/fastCheck';
import { pathOf, previewJson } from './codec/path';
import { planOf } from './codec/plan';
import { expectedOf, Walk, walkPlan, type RawError } from './codec/walk';
import { validateCollecting, warningSink } from './codec/warnings';
import { DecodeError } from './DecodeError';
import type { DecodeIssue } from './DecodeIssue';
import { withVersionIssues } from './versions/withVersionIssues';
import type { GraphVersion } from './versions/VersionTable';

/** Options for {@link decode}. */
export interface DecodeOptions {
  /**
   * At most this many errors are formatted (default 20). Past that, the decode stops looking:
   * `errorCount` is then a lower bound (`errorCountExact: false`), so refusing a huge invalid
   * body costs about as much as refusing a small one.
   */
  readonly maxErrors?: number;
  /** At most this many warnings are kept (default 50); `warningCount` tells how many there were. */
  readonly maxWarnings?: number;
  /**
   * Set false to decode with io-ts alone: every error is collected before the list is capped
   * (same answers, slower, unbounded). The reference the fast path is tested against.
   */
  readonly fastPath?: boolean;
  /**
   * The Graph version the value was written for. Given, the version table is consulted after the
   * decode: a property of the other version only is a `not-in-version` warning (the value is kept).
   */
  readonly version?: GraphVersion;
  /** With `version`: docs mode, which also warns of unknown and misspelt properties, placeholders, empty ids. */
  readonly strict?: boolean;
}

/** The outcome of a decode: a value with its warnings, or the errors that prevented it. */
export type DecodeResult<A> =
  | {
      readonly ok: true;
      readonly value: A;
      readonly warnings: readonly DecodeIssue[];
      /** Every warning, including those past `maxWarnings`. */
      readonly warningCount: number;
      readonly errors: readonly [];
      readonly errorCount: 0;
      readonly errorCountExact: true;
    }
  | {
      readonly ok: false;
      readonly value?: undefined;
      readonly warnings: readonly DecodeIssue[];
      /** Warnings found before the decode stopped (a lower bound when `errorCountExact` is false). */
      readonly warningCount: number;
      readonly errors: readonly DecodeIssue[];
      /** How many distinct errors there are; when `errorCountExact` is false, at least this many. */
      readonly errorCount: number;
      readonly errorCountExact: boolean;
    };

const NONE: readonly [] = [];

/**
 * Decodes an already-parsed value with a codec. Never throws on bad input. A compiled check
 * walks the value once, recording warnings (unknown enum values, unexpected `@odata.type`,
 * malformed GUIDs, read-only properties in a request) as it goes; a value it refuses is walked
 * again to explain why, with every error worded by io-ts (path, expected, what arrived), and
 * that walk stops once `maxErrors` are known. Unknown properties are kept: the value returned
 * is the input itself.
 */
export function decode<C extends t.Mixed>(codec: C, input: unknown, options: DecodeOptions = {}): DecodeResult<t.TypeOf<C>> {
  if (options.version !== undefined)
    return withVersionIssues(
      codec,
      input,
      options.version,
      options.strict === true,
      options.maxWarnings ?? 50,
      decodeLenient(codec, input, options),
    );
  return decodeLenient(codec, input, options);
}

/** {@link decode} without the version table. */
function decodeLenient<C extends t.Mixed>(codec: C, input: unknown, options: DecodeOptions): DecodeResult<t.TypeOf<C>> {
  const maxErrors = options.maxErrors ?? 20;
  const maxWarnings = options.maxWarnings ?? 50;
  const check = options.fastPath === false ? IO_TS : preparedOf(codec);
  if (check === IO_TS) return decodeWithIoTs(codec, input, maxErrors, maxWarnings);
  if (check !== WALK) {
    const walk = spareWalk === undefined ? new Walk(maxWarnings) : spareWalk.reuse(maxWarnings);
    spareWalk = undefined;
    const valid = check(input, walk, 0);
    if (walk.transformed) return transformed(codec, input, maxErrors, maxWarnings);
    spareWalk = walk;
    if (valid) return success(input, walk);
  }
  const walk = new Walk(maxWarnings, { maxErrors });
  const valid = walkPlan(planOf(codec), input, walk, 0);
  if (walk.transformed) return transformed(codec, input, maxErrors, maxWarnings);
  if (valid) return success(input, walk);
  const { issues, count } = formatErrors(walk.errors ?? [], maxErrors);
  return {
    ok: false,
    warnings: walk.warnings.issues,
    warningCount: walk.warnings.count,
    errors: issues,
    errorCount: count,
    errorCountExact: !walk.stopped,
  };
}

function success<A>(input: unknown, walk: Walk): DecodeResult<A> {
  const warnings = walk.warnings.issues.length === 0 ? NONE : walk.warnings.issues;
  return { ok: true, value: input as A, warnings, warningCount: walk.warnings.count, errors: NONE, errorCount: 0, errorCountExact: true };
}

/**
 * The compiled check's walk, kept for the next decode (see `Walk.reuse`): a callback receiver
 * decodes one small notification after another. Taken while a check runs, so a decode started
 * from inside one (by a codec) makes its own.
 */
let spareWalk: Walk | undefined;

/** How a codec is decoded: its compiled check, the plan walk (no code generation), or io-ts alone. */
const WALK = 'walk';
const IO_TS = 'io-ts';
const prepared = new WeakMap<t.Mixed, FastCheck | typeof WALK | typeof IO_TS>();

/** The codec decoded last and how: a callback receiver decodes with one codec, and skips the lookup. */
let lastCodec: t.Mixed | undefined;
let lastPrepared: FastCheck | typeof WALK | typeof IO_TS = WALK;

/** At most one lookup per decode: small payloads (a call-state notification) feel every fixed cost. */
function preparedOf(codec: t.Mixed): FastCheck | typeof WALK | typeof IO_TS {
  if (codec === lastCodec) return lastPrepared;
  let found = prepared.get(codec);
  if (found === undefined) {
    found = fastCheck(codec) ?? WALK;
    prepared.set(codec, found);
  }
  lastCodec = codec;
  lastPrepared = found;
  return found;
}

/** A codec found to return something other than its input (a custom transforming codec) is decoded by io-ts from then on. */
function transformed<C extends t.Mixed>(codec: C, input: unknown, maxErrors: number, maxWarnings: number): DecodeResult<t.TypeOf<C>> {
  prepared.set(codec, IO_TS);
  if (codec === lastCodec) lastPrepared = IO_TS;
  return decodeWithIoTs(codec, input, maxErrors, maxWarnings);
}

/** io-ts alone: the reference answers (and the only way for a codec that transforms its input). */
function decodeWithIoTs<C extends t.Mixed>(codec: C, input: unknown, maxErrors: number, maxWarnings: number): DecodeResult<t.TypeOf<C>> {
  const sink = warningSink(maxWarnings);
  const result = validateCollecting(sink, codec, input, [{ key: '', type: codec, actual: input }]);
  // io-ts returns an fp-ts Either; reading its tag avoids a deep fp-ts import that ESM cannot resolve.
  if (result._tag === 'Right') {
    return {
      ok: true,
      value: result.right,
      warnings: sink.issues,
      warningCount: sink.count,
      errors: NONE,
      errorCount: 0,
      errorCountExact: true,
    };
  }
  const raw = result.left.map((error) => ({ path: pathOf(error.context), expected: expectedOf(error), value: error.value }));
  const { issues, count } = formatErrors(raw, maxErrors);
  return { ok: false, warnings: sink.issues, warningCount: sink.count, errors: issues, errorCount: count, errorCountExact: true };
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
      received: previewJson(text),
      message: `$: expected JSON text, ${reason}`,
    };
    return { ok: false, warnings: NONE, warningCount: 0, errors: [issue], errorCount: 1, errorCountExact: true };
  }
  return decode(codec, value, options);
}

/** Decodes JSON text or a parsed value, or throws a {@link DecodeError} with every issue. */
export function decodeOrThrow<C extends t.Mixed>(codec: C, input: unknown, options: DecodeOptions = {}): t.TypeOf<C> {
  const result = typeof input === 'string' ? decodeJson(codec, input, options) : decode(codec, input, options);
  if (!result.ok) throw new DecodeError(codec.name, result.errors, result.warnings, result.errorCount, result.errorCountExact);
  return result.value;
}

/**
 * io-ts reports a failed `T | null` once per member, and an intersection once per member:
 * drop the "expected null" of a nullable whose other member explains the failure (folding it
 * into `T | null` at the same path), and report each path and expectation once.
 */
function formatErrors(all: readonly RawError[], max: number): { issues: DecodeIssue[]; count: number } {
  const nullAt = new Set(all.filter((e) => e.expected === 'null').map((e) => e.path));
  // Paths at or above some non-null error: a failed nullable there is already explained.
  const explained = new Set<string>();
  for (const e of all) if (e.expected !== 'null') for (const p of selfAndAncestors(e.path)) explained.add(p);
  const issues: DecodeIssue[] = [];
  const seen = new Set<string>();
  for (const { value, path, expected } of all) {
    if (expected === 'null' && explained.has(path)) continue;
    const shown = expected !== 'null' && nullAt.has(path) ? `${expected} | null` : expected;
    const key = `${path}\u0000${shown}`;
    if (seen.has(key)) continue;
    seen.add(key);
    // Only the reported errors are previewed: the rest are counted, not formatted.
    if (issues.length < max) {
      const received = previewJson(value);
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
