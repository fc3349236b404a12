import { isRecord } from '../isRecord';
import * as t from 'io-ts';
import { warn } from './warnings';

/** One member of a Graph polymorphic type. */
export interface UnionMember {
  /** The type name, as in `#microsoft.graph.<name>`. */
  readonly name: string;
  readonly codec: t.Mixed;
  /** Other `@odata.type` names read as this member (its subtypes). */
  readonly aliases?: readonly string[];
  /** Recognises the member by shape when `@odata.type` is absent or names no member. */
  readonly matches: (value: Readonly<Record<string, unknown>>) => boolean;
}

/**
 * A Graph polymorphic type (mediaConfig, meetingInfo): the member is chosen by `@odata.type`,
 * else by shape, so only that member's errors are reported — not every member's, as a plain
 * io-ts union would. A value whose `@odata.type` names no known member and has no known shape
 * is kept as it is and reported (Graph adds subtypes over time).
 */
export class TaggedUnionType<A> extends t.Type<A, A, unknown> {
  readonly kind = 'taggedUnion' as const;
  private readonly byType: ReadonlyMap<string, UnionMember>;

  constructor(
    name: string,
    readonly members: readonly UnionMember[],
  ) {
    const byType = new Map(members.flatMap((m) => [m.name, ...(m.aliases ?? [])].map((n) => [`#microsoft.graph.${n}`, m] as const)));
    const expected = members.map((m) => m.name).join(' | ');
    super(
      name,
      (u): u is A => this.select(u)?.codec.is(u) ?? false,
      (u, c) => {
        if (!isRecord(u)) return t.failure(u, c, `${name} object (${expected})`);
        const member = this.select(u);
        if (member !== undefined) return member.codec.validate(u, t.appendContext(c, member.name, member.codec, u)) as t.Validation<A>;
        const declared = u['@odata.type'];
        if (typeof declared === 'string') {
          warn(c, 'unknown-union-member', `${name} (${expected})`, declared, undefined);
          return t.success(u as A);
        }
        return t.failure(u, c, `${name} object (${expected}), recognised by @odata.type or by its properties`);
      },
      t.identity,
    );
    this.byType = byType;
  }

  /** The member a value is read as, or `undefined`. */
  select(u: unknown): UnionMember | undefined {
    if (!isRecord(u)) return undefined;
    const declared = u['@odata.type'];
    const named = typeof declared === 'string' ? this.byType.get(declared) : undefined;
    return named ?? this.members.find((m) => m.matches(u));
  }
}

export function taggedUnion<A>(name: string, members: readonly UnionMember[]): TaggedUnionType<A> {
  return new TaggedUnionType<A>(name, members);
}
