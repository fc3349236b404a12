import * as t from 'io-ts';
import { warn } from './warnings';

/**
 * A string enum that Graph may extend. Known values decode silently; any other string still
 * decodes (Graph adds values over time, which is what `unknownFutureValue` is for) and is
 * reported as a warning. The static type is the known union, like Graph's own types.
 */
export class OpenEnumType<V extends string> extends t.Type<V, V, unknown> {
  readonly kind = 'openEnum' as const;
  readonly known: ReadonlySet<string>;
  /** What a string outside {@link known} is reported as expecting (its warning's `expected`). */
  readonly expected: string;

  constructor(
    name: string,
    readonly values: readonly V[],
  ) {
    const known = new Set<string>(values);
    const expected = `${name} (${values.join(' | ')})`;
    super(
      name,
      (u): u is V => typeof u === 'string' && known.has(u),
      (u, c) => {
        if (typeof u !== 'string') return t.failure(u, c, expected);
        if (!known.has(u)) warn(c, 'unknown-enum-value', expected, u);
        return t.success(u as V);
      },
      t.identity,
    );
    this.known = known;
    this.expected = expected;
  }
}

/** Declares an open enum: `openEnum('callState', ['incoming', …])`. */
export function openEnum<V extends string>(name: string, values: readonly V[]): OpenEnumType<V> {
  return new OpenEnumType(name, values);
}

/**
 * A value of an open enum as code may meet it: a known member, or a string Graph added since
 * (decoded with a warning). For code that keeps decoded values, e.g. `OpenUnion<CallState>`
 * rather than `string`. The model types themselves use the known union, as Graph's own types
 * do, so that they stay assignable to `@microsoft/microsoft-graph-types`.
 */
export type OpenUnion<V extends string> = V | (string & Record<never, never>);
