import type * as t from 'io-ts';
import type { DecodeResult } from '../decode';
import type { IssueCode } from '../DecodeIssue';
import { versionIssues } from './versionIssues';
import type { GraphVersion } from './VersionTable';

const SHARPER: ReadonlySet<IssueCode> = new Set(['enum-case-mismatch', 'empty-id', 'placeholder-value']);
const REPLACED: ReadonlySet<IssueCode> = new Set(['unknown-enum-value', 'invalid-guid', 'invalid-phone-number']);

/**
 * A decode result with the version table's findings added as warnings (after the decoder's own,
 * within the same cap, `maxWarnings`). The value and the verdict are unchanged: the table never refuses a value.
 */
export function withVersionIssues<A>(
  codec: t.Mixed,
  input: unknown,
  version: GraphVersion,
  strict: boolean,
  maxWarnings: number,
  result: DecodeResult<A>,
): DecodeResult<A> {
  const found = versionIssues(codec, input, { version, strict });
  if (found.length === 0) return result;
  // A sharper finding replaces the decoder's at the same path: "Running" is a case slip, not an unknown value.
  const sharper = new Set(found.filter((i) => SHARPER.has(i.code)).map((i) => i.path));
  const kept = result.warnings.filter((w) => !(REPLACED.has(w.code) && sharper.has(w.path)));
  const room = Math.max(0, maxWarnings - kept.length);
  const dropped = result.warnings.length - kept.length;
  return { ...result, warnings: [...kept, ...found.slice(0, room)], warningCount: result.warningCount - dropped + found.length };
}
