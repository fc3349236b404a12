import type * as t from 'io-ts';
import type { DecodeIssue, IssueCode } from '../DecodeIssue';
import { pathOf, preview } from './path';

/**
 * io-ts validation only knows success and failure. Forward-compatible surprises (an unknown
 * enum value, an unexpected `@odata.type`) must succeed *and* be reported, so codecs push them
 * here while a decode runs. Decoding is synchronous, so one active sink at a time is enough.
 */
let sink: DecodeIssue[] | undefined;

/** Runs a synchronous decode and returns the warnings its codecs reported. */
export function collectWarnings<A>(run: () => A): { result: A; warnings: DecodeIssue[] } {
  const outer = sink;
  const warnings: DecodeIssue[] = [];
  sink = warnings;
  try {
    return { result: run(), warnings };
  } finally {
    sink = outer;
  }
}

/** Reports a warning at the context's path (ignored when nobody is collecting). */
export function warn(context: t.Context, code: IssueCode, expected: string, actual: unknown, message?: string): void {
  if (sink === undefined) return;
  const path = pathOf(context);
  const received = preview(actual);
  sink.push({ code, path, expected, received, message: message ?? `${path}: expected ${expected}, found ${received}` });
}
