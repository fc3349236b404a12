import type * as t from 'io-ts';
import type { DecodeIssue, IssueCode } from '../DecodeIssue';
import { joinPath, pathOf, preview } from './path';

/**
 * Where warnings go while a decode runs. io-ts validation only knows success and failure, but
 * forward-compatible surprises (an unknown enum value, an unexpected `@odata.type`) must
 * succeed *and* be reported, so codecs push them here. Decoding is synchronous, so one active
 * sink at a time is enough. `prefix` is the JSON path of the value being validated, for when
 * io-ts validates one part of a larger value; past `max`, warnings are counted, not formatted.
 */
export interface WarningSink {
  readonly issues: DecodeIssue[];
  count: number;
  readonly max: number;
  prefix: string;
}

let sink: WarningSink | undefined;

/** A sink for a whole decode: formats at most `max` warnings and counts every one. */
export function warningSink(max: number): WarningSink {
  return { issues: [], count: 0, max, prefix: '$' };
}

/** Runs a synchronous validation with `target` collecting the warnings its codecs report. */
export function collectWarnings<A>(target: WarningSink, run: () => A): A {
  const outer = sink;
  sink = target;
  try {
    return run();
  } finally {
    sink = outer;
  }
}

/** Reports a warning at the context's path (ignored when nobody is collecting). */
export function warn(context: t.Context, code: IssueCode, expected: string, actual: unknown, message?: string): void {
  if (sink === undefined) return;
  sink.count += 1;
  if (sink.issues.length >= sink.max) return;
  const path = joinPath(sink.prefix, pathOf(context));
  const received = preview(actual);
  sink.issues.push({ code, path, expected, received, message: message ?? `${path}: expected ${expected}, found ${received}` });
}
