import * as t from 'io-ts';

/**
 * A value Graph sends either alone or in an array (notification `resourceData`). Chooses by
 * shape, so a failure reports the one reading that applies instead of both.
 */
export class OneOrManyType<C extends t.Mixed> extends t.Type<t.TypeOf<C> | Array<t.TypeOf<C>>, t.TypeOf<C> | Array<t.TypeOf<C>>, unknown> {
  readonly kind = 'oneOrMany' as const;
  readonly many: t.ArrayC<C>;

  constructor(readonly item: C) {
    const many = t.array(item);
    super(
      `${item.name} | Array<${item.name}>`,
      (u): u is t.TypeOf<C> | Array<t.TypeOf<C>> => (Array.isArray(u) ? many.is(u) : item.is(u)),
      (u, c) => (Array.isArray(u) ? many.validate(u, t.appendContext(c, '', many, u)) : item.validate(u, t.appendContext(c, '', item, u))),
      t.identity,
    );
    this.many = many;
  }
}

/** Declares a value sent alone or in an array: `oneOrMany(Participant)`. */
export function oneOrMany<C extends t.Mixed>(item: C): OneOrManyType<C> {
  return new OneOrManyType(item);
}
