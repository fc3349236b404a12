/**
 * How a model is declared (follow this in every new model file):
 *
 *     const ParticipantCodec = graphObject('participant', ['participant'], { …required }, { …optional });
 *     /** A participant in a call's roster. *\/
 *     export interface Participant extends t.TypeOf<typeof ParticipantCodec> {}
 *     /** The codec of {@link Participant}. *\/
 *     export const Participant: Codec<Participant> = ParticipantCodec;
 *
 * One name is both the codec and the type, as before; the named interface keeps hovers and
 * `.d.ts` files short and readable (`source?: ParticipantInfo | null`, not the expanded io-ts
 * type). An enum is a literal union type plus `openEnum(name, VALUES)` typed `OpenEnumType<T>`
 * (see CallState.ts), so the compiler checks the two list the same members. The older form,
 * `export const X = graphObject(…); export type X = t.TypeOf<typeof X>;`, still works everywhere
 * (decoding sees the same codec object either way); it only makes larger declarations.
 */
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

/** A codec whose decoded and encoded type is the named interface `A` (see the top of this file). */
export type Codec<A> = t.Type<A, A, unknown>;
