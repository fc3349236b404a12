import type * as t from 'io-ts';
import type { DecodeIssue, IssueCode } from '../DecodeIssue';
import { formatJsonPath, joinJsonPath, pathOf, previewJson, type PathSegment } from './path';

/**
 * Where warnings go while a decode runs. io-ts validation only knows success and failure, but
 * forward-compatible surprises (an unknown enum value, an unexpected `@odata.type`) must
 * succeed *and* be reported, so codecs push them here. Decoding is synchronous, so one active
 * sink at a time is enough. When io-ts validates one part of a larger value, the first `depth`
 * steps of `segments` are that part's path: turned into text only for a warning that is kept.
 * Past `max`, warnings are counted, not formatted.
 */
export interface WarningSink {
  issues: DecodeIssue[];
  count: number;
  max: number;
  segments: readonly PathSegment[];
  depth: number;
}

const ROOT: readonly PathSegment[] = [];

let sink: WarningSink | undefined;

/** A sink for a whole decode: formats at most `max` warnings and counts every one. */
export function warningSink(max: number): WarningSink {
  return { issues: [], count: 0, max, segments: ROOT, depth: 0 };
}

/** Validates with `target` collecting the warnings the codecs report (no closure: this runs once per warning). */
export function validateCollecting<C extends t.Mixed>(
  target: WarningSink,
  codec: C,
  value: unknown,
  context: t.Context,
): t.Validation<t.TypeOf<C>> {
  const outer = sink;
  sink = target;
  try {
    return codec.validate(value, context);
  } finally {
    sink = outer;
  }
}

/** Reports a warning at the context's path (ignored when nobody is collecting). */
export function warn(context: t.Context, code: IssueCode, expected: string, actual: unknown, message?: string): void {
  if (sink === undefined) return;
  sink.count += 1;
  if (sink.issues.length >= sink.max) return;
  const path = joinJsonPath(formatJsonPath(sink.segments, sink.depth), pathOf(context));
  const received = previewJson(actual);
  sink.issues.push({ code, path, expected, received, message: message ?? `${path}: expected ${expected}, found ${received}` });
}

/**
 * Reports a warning at the first `depth` steps of `segments`, as {@link warn} words it: for the
 * compiled check, which knows what a string leaf codec would report without running io-ts.
 * `found` is `: expected ${expected}, found `, written once per check rather than per warning.
 */
export function warnAt(
  target: WarningSink,
  segments: readonly PathSegment[],
  depth: number,
  code: IssueCode,
  expected: string,
  found: string,
  actual: unknown,
): void {
  target.count += 1;
  if (target.issues.length >= target.max) return;
  const text = last;
  if (depth !== text.depth || !sameSteps(segments, text.segments, depth)) {
    text.path = formatJsonPath(segments, depth);
    text.segments.length = depth;
    for (let i = 0; i < depth; i += 1) text.segments[i] = segments[i] as PathSegment;
    text.depth = depth;
  }
  if (actual !== text.actual) {
    text.received = previewJson(actual);
    // A long value is not kept alive for the next warning: it is rarely the same one.
    text.actual = typeof actual === 'string' && actual.length <= 80 ? actual : NOTHING;
  }
  target.issues.push({ code, path: text.path, expected, received: text.received, message: text.path + found + text.received });
}

const NOTHING = Symbol('nothing');

/**
 * The text of the last warning {@link warnAt} wrote, for the next one at the same place with the
 * same value. A stream of notifications that carry a value Graph added since (a new call state)
 * warns at the same path each time, and writing the path was most of such a warning's cost.
 */
const last: {
  segments: PathSegment[];
  depth: number;
  path: string;
  actual: unknown;
  received: string;
} = { segments: [], depth: -1, path: '$', actual: NOTHING, received: '' };

/** Whether the first `depth` steps of two paths are the same. */
function sameSteps(a: readonly PathSegment[], b: readonly PathSegment[], depth: number): boolean {
  for (let i = 0; i < depth; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/** The middle of a warning's message, between its path and what arrived (see {@link warnAt}). */
export function foundText(expected: string): string {
  return `: expected ${expected}, found `;
}
