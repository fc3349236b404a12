import * as t from 'io-ts';
import { odataType } from './odataType';

/**
 * A Graph complex type: required and optional properties plus an optional `@odata.type`
 * naming it (or a subtype). Open like Graph itself: unknown properties pass through untouched.
 */
export function graphObject<R extends t.Props, O extends t.Props>(name: string, odataNames: readonly string[], required: R, optional: O) {
  // Members carry the type's name too, so a failure reads "expected participant", not a type dump.
  return t.intersection([t.type(required, name), t.partial({ '@odata.type': odataType(...odataNames), ...optional }, name)], name);
}

/** `T | null`, for the properties Graph marks nullable. */
export function nullable<C extends t.Mixed>(codec: C) {
  return t.union([codec, t.null], `${codec.name} | null`);
}
