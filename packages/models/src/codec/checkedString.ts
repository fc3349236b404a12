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
 * `GUID_PATTERN.test`, by character codes: every participant carries GUIDs, and the regular
 * expression was a quarter of a roster's decode. A property test holds the two to one answer.
 */
export function isGuid(text: string): boolean {
  if (text.length !== 36) return false;
  for (let i = 0; i < 36; i += 1) {
    const c = text.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 0x2d) return false;
    } else if (!((c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66))) return false;
  }
  return true;
}

/** A GUID such as `aa67bd4c-8475-432d-bd41-39f255720e0a`. */
export const GuidString = new CheckedStringType('GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)', GUID_PATTERN, 'invalid-guid', isGuid);

/** A phone number in E.164 form: `+` then up to 15 digits. */
export const E164String = new CheckedStringType('E.164 phone number (+ and 2–15 digits)', E164_PATTERN, 'invalid-phone-number');
