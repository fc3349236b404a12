import * as t from 'io-ts';
import { warn } from './warnings';

/**
 * The `@odata.type` property of a Graph object. Absent is fine (the 2019 docs omit it); a
 * value that does not name the type expected at this position (or one of its subtypes) is
 * decoded anyway and reported as a warning.
 */
export class ODataTypeType extends t.Type<string, string, unknown> {
  readonly kind = 'odataType' as const;
  readonly accepted: ReadonlySet<string>;
  /** What a string outside {@link accepted} is reported as expecting (its warning's `expected`). */
  readonly expected: string;

  constructor(readonly names: readonly string[]) {
    const accepted = new Set(names.map((n) => `#microsoft.graph.${n}`));
    const expected = [...accepted].join(' | ');
    super(
      `@odata.type ${expected}`,
      (u): u is string => typeof u === 'string',
      (u, c) => {
        if (typeof u !== 'string') return t.failure(u, c, `string (${expected})`);
        if (!accepted.has(u)) warn(c, 'unexpected-odata-type', expected, u);
        return t.success(u);
      },
      t.identity,
    );
    this.accepted = accepted;
    this.expected = expected;
  }
}

/** `odataType('participantInfo')` accepts `#microsoft.graph.participantInfo`. */
export function odataType(...names: string[]): ODataTypeType {
  return new ODataTypeType(names);
}
