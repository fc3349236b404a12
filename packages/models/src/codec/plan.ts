import * as t from 'io-ts';
import type { IssueCode } from '../DecodeIssue';
import { CheckedStringType } from './checkedString';
import { ODataTypeType } from './odataType';
import { OneOrManyType } from './oneOrMany';
import { OpenEnumType } from './openEnum';
import { ReadOnlyPropsType } from './readOnlyProps';
import { TaggedUnionType } from './taggedUnion';

/**
 * The quick test that proves a scalar clean (valid, and nothing to warn about). A value that
 * fails it is not necessarily wrong: it is handed to the codec itself, which decides between
 * a warning and an error and words either.
 */
export type CleanTest =
  | { readonly test: 'typeof'; readonly type: 'string' | 'number' | 'boolean' }
  | { readonly test: 'null' }
  | { readonly test: 'any' }
  | { readonly test: 'record' }
  | { readonly test: 'literal'; readonly value: unknown }
  | { readonly test: 'oneOf'; readonly values: ReadonlySet<string> }
  | { readonly test: 'format'; readonly matches: (text: string) => boolean }
  | { readonly test: 'noneOf'; readonly keys: readonly string[] };

/**
 * What a leaf codec reports for any string that fails its clean test: a warning, never an error
 * (open enums, `@odata.type`, checked strings). The compiled check records it directly; the
 * codec's own `validate` reports the same (held together by the models' property tests).
 */
export interface StringWarning {
  readonly code: IssueCode;
  readonly expected: string;
}

/**
 * A codec tree as the decoder walks it. Structure (objects, arrays, intersections, nullables,
 * Graph's polymorphic types) is walked by our code, so a walk can stop early and record where it
 * is; every judgement on a value (an error or a warning, and its wording) is made by the io-ts
 * codec of the node, so io-ts stays the source of truth. A codec the decoder does not know
 * (`t.record`, a refinement, a transforming codec) is a `delegate`: io-ts validates that whole
 * node.
 */
export type Plan =
  | { readonly kind: 'leaf'; readonly codec: t.Mixed; readonly clean: CleanTest; readonly stringWarning?: StringWarning }
  | {
      readonly kind: 'object';
      readonly codec: t.Mixed;
      readonly optional: boolean;
      readonly props: ReadonlyArray<{ readonly key: string; readonly plan: Plan }>;
    }
  | { readonly kind: 'intersection'; readonly codec: t.Mixed; readonly members: readonly Plan[] }
  /** `t.union([X, t.null])`: io-ts tries X first, then reports `null` at the same path. */
  | { readonly kind: 'nullable'; readonly codec: t.Mixed; readonly inner: Plan; readonly nullCodec: t.Mixed }
  | { readonly kind: 'array'; readonly codec: t.Mixed; readonly item: Plan }
  | { readonly kind: 'oneOrMany'; readonly codec: t.Mixed; readonly many: Plan; readonly item: Plan }
  | { readonly kind: 'taggedUnion'; readonly codec: TaggedUnionType<unknown>; readonly members: readonly Plan[] }
  | { readonly kind: 'delegate'; readonly codec: t.Mixed };

const plans = new WeakMap<t.Mixed, Plan>();

/** The plan of a codec, built once per codec object. */
export function planOf(codec: t.Mixed): Plan {
  let plan = plans.get(codec);
  if (plan === undefined) {
    plan = build(codec);
    plans.set(codec, plan);
  }
  return plan;
}

/** Plans that walk an object or an array: compiled into a function of their own. */
export function isComposite(plan: Plan): boolean {
  return plan.kind === 'object' || plan.kind === 'intersection' || plan.kind === 'taggedUnion' || plan.kind === 'oneOrMany';
}

const tagOf = (codec: t.Mixed) => (codec as unknown as { _tag?: string })._tag;

function build(codec: t.Mixed): Plan {
  const leaf = (clean: CleanTest): Plan => ({ kind: 'leaf', codec, clean });
  const warningLeaf = (clean: CleanTest, stringWarning: StringWarning): Plan => ({ kind: 'leaf', codec, clean, stringWarning });
  if (codec instanceof OpenEnumType)
    return warningLeaf({ test: 'oneOf', values: codec.known }, { code: 'unknown-enum-value', expected: codec.expected });
  if (codec instanceof ODataTypeType)
    return warningLeaf({ test: 'oneOf', values: codec.accepted }, { code: 'unexpected-odata-type', expected: codec.expected });
  if (codec instanceof CheckedStringType)
    return warningLeaf({ test: 'format', matches: codec.matches }, { code: codec.issue, expected: codec.name });
  if (codec instanceof ReadOnlyPropsType) return leaf({ test: 'noneOf', keys: codec.keys });
  if (codec instanceof OneOrManyType) return { kind: 'oneOrMany', codec, many: planOf(codec.many), item: planOf(codec.item as t.Mixed) };
  if (codec instanceof TaggedUnionType) {
    return { kind: 'taggedUnion', codec, members: codec.members.map((m) => planOf(m.codec)) };
  }
  // Only io-ts's own classes are read by tag: a subclass may validate differently.
  switch (tagOf(codec)) {
    case 'StringType':
      return codec === t.string ? leaf({ test: 'typeof', type: 'string' }) : delegate(codec);
    case 'NumberType':
      return codec === t.number ? leaf({ test: 'typeof', type: 'number' }) : delegate(codec);
    case 'BooleanType':
      return codec === t.boolean ? leaf({ test: 'typeof', type: 'boolean' }) : delegate(codec);
    case 'NullType':
      return codec === t.null ? leaf({ test: 'null' }) : delegate(codec);
    case 'UnknownType':
      return codec === t.unknown ? leaf({ test: 'any' }) : delegate(codec);
    case 'AnyDictionaryType':
      return codec === t.UnknownRecord ? leaf({ test: 'record' }) : delegate(codec);
    case 'LiteralType':
      return codec instanceof t.LiteralType ? leaf({ test: 'literal', value: codec.value }) : delegate(codec);
    case 'InterfaceType':
    case 'PartialType': {
      if (!(codec instanceof t.InterfaceType || codec instanceof t.PartialType)) return delegate(codec);
      const props = Object.entries((codec as t.InterfaceType<t.Props>).props).map(([key, prop]) => ({ key, plan: planOf(prop) }));
      return { kind: 'object', codec, optional: codec instanceof t.PartialType, props };
    }
    case 'IntersectionType':
      if (!(codec instanceof t.IntersectionType)) return delegate(codec);
      return { kind: 'intersection', codec, members: (codec as t.IntersectionType<t.Mixed[]>).types.map(planOf) };
    case 'ArrayType':
      if (!(codec instanceof t.ArrayType)) return delegate(codec);
      return { kind: 'array', codec, item: planOf((codec as t.ArrayType<t.Mixed>).type) };
    case 'UnionType': {
      const types = (codec as unknown as t.UnionType<t.Mixed[]>).types;
      const [inner, last] = types;
      // Other unions keep io-ts's own semantics (first member that validates wins).
      if (codec instanceof t.UnionType && types.length === 2 && inner !== undefined && last === t.null && inner !== t.null) {
        const innerPlan = planOf(inner);
        if (innerPlan.kind !== 'delegate') return { kind: 'nullable', codec, inner: innerPlan, nullCodec: last };
      }
      return delegate(codec);
    }
    default:
      return delegate(codec);
  }
}

function delegate(codec: t.Mixed): Plan {
  return { kind: 'delegate', codec };
}
