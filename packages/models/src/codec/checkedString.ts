import * as t from 'io-ts';
import type { IssueCode } from '../DecodeIssue';
import { warn } from './warnings';

/**
 * A string with a documented format (a GUID, an E.164 number). Any string decodes; one that
 * does not match is a warning, because Graph's own responses and docs are not always clean.
 */
export class CheckedStringType extends t.Type<string, string, unknown> {
  readonly kind = 'checkedString' as const;

  /** Whether a string has the format: `pattern.test`, or a faster function that answers the same. */
  readonly matches: (text: string) => boolean;

  constructor(
    name: string,
    readonly pattern: RegExp,
    readonly issue: IssueCode,
    matches?: (text: string) => boolean,
  ) {
    const test = matches ?? ((text: string) => pattern.test(text));
    super(
      name,
      (u): u is string => typeof u === 'string',
      (u, c) => {
        if (typeof u !== 'string') return t.failure(u, c, 'string');
        if (!test(u)) warn(c, issue, name, u);
        return t.success(u);
      },
      t.identity,
    );
    this.matches = test;
  }
}

/** A GUID in its 8-4-4-4-12 hex form, either case: the one pattern every package checks ids with. */
export const GUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** A phone number in E.164 form: `+` then a non-zero digit and up to 14 more. */
export const E164_PATTERN = /^\+[1-9]\d{1,14}$/;

/**
 * 1 at the character codes of hexadecimal digits (either case), 0 at every other code unit: a
 * table over all 65,536 code units (64 KB) needs no range test before the lookup.
 */
const HEX_DIGIT = new Uint8Array(0x10000);
for (const digit of '0123456789abcdefABCDEF') HEX_DIGIT[digit.charCodeAt(0)] = 1;

/**
 * `String.prototype.charCodeAt`, held once. Read as `text.charCodeAt` it is looked up on
 * `String.prototype` at every use, and V8 folds that look-up away only while no class extends
 * `String`: one that does (ioredis 6 has one, so every bot on the Redis store loads it) made each
 * GUID test about 4× slower (413 ns against 62 ns on this machine). Called through this reference
 * it costs 102 ns there and the same 59–62 ns everywhere else.
 */
// eslint-disable-next-line @typescript-eslint/unbound-method -- always called with `.call(text, i)`: the point is not to look it up on the string
const charCodeAt: (this: string, index: number) => number = String.prototype.charCodeAt;

/** 1 when the code unit at `i` is a hexadecimal digit, else 0. */
const hexAt = (text: string, i: number): number => HEX_DIGIT[charCodeAt.call(text, i)] as number;

/**
 * `GUID_PATTERN.test`, by character codes: every participant carries GUIDs, and the regular
 * expression was a quarter of a roster's decode. The length and hyphens are tested first (a
 * cheap refusal), then the 32 digits, unrolled and combined without a branch: a loop over them
 * cost half as much again (V8 re-tests the string's representation at each step of a loop).
 * A property test holds the two to one answer.
 */
export function isGuid(text: string): boolean {
  if (
    text.length !== 36 ||
    charCodeAt.call(text, 8) !== 0x2d ||
    charCodeAt.call(text, 13) !== 0x2d ||
    charCodeAt.call(text, 18) !== 0x2d ||
    charCodeAt.call(text, 23) !== 0x2d
  )
    return false;
  return (
    (hexAt(text, 0) &
      hexAt(text, 1) &
      hexAt(text, 2) &
      hexAt(text, 3) &
      hexAt(text, 4) &
      hexAt(text, 5) &
      hexAt(text, 6) &
      hexAt(text, 7) &
      hexAt(text, 9) &
      hexAt(text, 10) &
      hexAt(text, 11) &
      hexAt(text, 12) &
      hexAt(text, 14) &
      hexAt(text, 15) &
      hexAt(text, 16) &
      hexAt(text, 17) &
      hexAt(text, 19) &
      hexAt(text, 20) &
      hexAt(text, 21) &
      hexAt(text, 22) &
      hexAt(text, 24) &
      hexAt(text, 25) &
      hexAt(text, 26) &
      hexAt(text, 27) &
      hexAt(text, 28) &
      hexAt(text, 29) &
      hexAt(text, 30) &
      hexAt(text, 31) &
      hexAt(text, 32) &
      hexAt(text, 33) &
      hexAt(text, 34) &
      hexAt(text, 35)) ===
    1
  );
}

/** A GUID such as `aa67bd4c-8475-432d-bd41-39f255720e0a`. */
export const GuidString = new CheckedStringType('GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)', GUID_PATTERN, 'invalid-guid', isGuid);

/** A phone number in E.164 form: `+` then up to 15 digits. */
export const E164String = new CheckedStringType('E.164 phone number (+ and 2–15 digits)', E164_PATTERN, 'invalid-phone-number');
