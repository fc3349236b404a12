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

/** 1 at the character codes of hexadecimal digits (either case), 0 elsewhere below 128. */
const HEX_DIGIT = new Uint8Array(128);
for (const digit of '0123456789abcdefABCDEF') HEX_DIGIT[digit.charCodeAt(0)] = 1;

/** 1 when `text[from, to)` is all hexadecimal digits, else 0: no branch per character. */
function hexRun(text: string, from: number, to: number): number {
  let all = 1;
  for (let i = from; i < to; i += 1) {
    const c = text.charCodeAt(i);
    all &= c < 128 ? (HEX_DIGIT[c] as number) : 0;
  }
  return all;
}

/**
 * `GUID_PATTERN.test`, by character codes: every participant carries GUIDs, and the regular
 * expression was a quarter of a roster's decode. The hyphens are tested first (a cheap refusal),
 * then each group of digits by table. A property test holds the two to one answer.
 */
export function isGuid(text: string): boolean {
  return (
    text.length === 36 &&
    text.charCodeAt(8) === 0x2d &&
    text.charCodeAt(13) === 0x2d &&
    text.charCodeAt(18) === 0x2d &&
    text.charCodeAt(23) === 0x2d &&
    (hexRun(text, 0, 8) & hexRun(text, 9, 13) & hexRun(text, 14, 18) & hexRun(text, 19, 23) & hexRun(text, 24, 36)) === 1
  );
}

/** A GUID such as `aa67bd4c-8475-432d-bd41-39f255720e0a`. */
export const GuidString = new CheckedStringType('GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)', GUID_PATTERN, 'invalid-guid', isGuid);

/** A phone number in E.164 form: `+` then up to 15 digits. */
export const E164String = new CheckedStringType('E.164 phone number (+ and 2–15 digits)', E164_PATTERN, 'invalid-phone-number');
