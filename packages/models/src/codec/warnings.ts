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
  const path = formatJsonPath(segments, depth);
  const received = previewJson(actual);
  target.issues.push({ code, path, expected, received, message: path + found + received });
}

/** The middle of a warning's message, between its path and what arrived (see {@link warnAt}). */
export function foundText(expected: string): string {
  return `: expected ${expected}, found `;
}
