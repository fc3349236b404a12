import * as t from 'io-ts';
import { warn } from './warnings';

/**
 * Accepts any object and warns for each read-only property it carries. Used in request codecs:
 * the documented examples send read-only properties, and Graph ignores them, so they are
 * reported rather than refused.
 */
export class ReadOnlyPropsType extends t.Type<object, object, unknown> {
  readonly kind = 'readOnlyProps' as const;
  /** Makes pathOf treat this codec's context keys as property names. */
  readonly keyed = true;

  constructor(readonly keys: readonly string[]) {
    super(
      'read-only properties',
      (u): u is object => typeof u === 'object' && u !== null,
      (u, c) => {
        if (typeof u !== 'object' || u === null) return t.failure(u, c, 'object');
        const record = u as Record<string, unknown>;
        for (const key of keys) {
          const value = record[key];
          if (value !== undefined && Object.prototype.hasOwnProperty.call(record, key)) {
            const at = t.appendContext(c, key, t.unknown, value);
            warn(at, 'read-only-in-request', 'absent: read-only, set by Graph and ignored in a request', value);
          }
        }
        return t.success(u);
      },
      t.identity,
    );
  }
}

export function readOnlyProps(keys: readonly string[]): ReadOnlyPropsType {
  return new ReadOnlyPropsType(keys);
}
