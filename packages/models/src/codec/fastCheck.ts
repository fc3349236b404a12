import type * as t from 'io-ts';
import { CheckedStringType } from './checkedString';
import { ODataTypeType } from './odataType';
import { OneOrManyType } from './oneOrMany';
import { OpenEnumType } from './openEnum';
import { ReadOnlyPropsType } from './readOnlyProps';
import { TaggedUnionType } from './taggedUnion';

/** True when a value decodes with no error and no warning; false means "ask io-ts". */
export type FastCheck = (u: unknown) => boolean;

const compiled = new WeakMap<t.Mixed, FastCheck>();

/**
 * Compiles a specialised checker from an io-ts codec tree, once per codec: the tree is turned
 * into straight-line JavaScript (`new Function`) whose property reads use constant names, so
 * V8 can cache them. io-ts stays the source of truth: the checker only answers "clean" or
 * "not sure", and every value it does not pass goes through full io-ts decoding, which
 * explains the failure and collects warnings. A property test holds the two to the same answer.
 */
export function fastCheck(codec: t.Mixed): FastCheck {
  let check = compiled.get(codec);
  if (check === undefined) {
    check = generate(codec);
    compiled.set(codec, check);
  }
  return check;
}

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** Emits code for one codec tree; constants (sets, regexes, codecs) are passed in `k`. */
class Generator {
  readonly constants: unknown[] = [];
  private next = 0;

  constant(value: unknown): string {
    this.constants.push(value);
    return `k[${this.constants.length - 1}]`;
  }

  fresh(): string {
    this.next += 1;
    return `v${this.next}`;
  }

  /** A string from a small set: a chain of `===` (no hashing) beats `Set#has` on the hot path. */
  oneOf(v: string, values: ReadonlySet<string>): string {
    if (values.size > 16) return `if (typeof ${v} !== 'string' || !${this.constant(values)}.has(${v})) return false;`;
    const alternatives = [...values].map((value) => `${v} !== ${JSON.stringify(value)}`).join(' && ');
    return `if (${alternatives}) return false;`;
  }

  /**
   * Statements that `return false` unless the value in variable `v` is clean for `codec`.
   * Scalars are checked inline; a nested object codec (`depth > 0`) is a call to its own
   * compiled checker, so every generated function stays small enough for V8 to optimise.
   */
  check(codec: t.Mixed, v: string, depth: number): string {
    if (depth > 0 && isComposite(codec)) return `if (!${this.constant(fastCheck(codec))}(${v})) return false;`;
    if (codec instanceof OpenEnumType) return this.oneOf(v, codec.known);
    if (codec instanceof CheckedStringType)
      return `if (typeof ${v} !== 'string' || !${this.constant(codec.pattern)}.test(${v})) return false;`;
    if (codec instanceof ODataTypeType) return this.oneOf(v, codec.accepted);
    if (codec instanceof TaggedUnionType) {
      // Select by `@odata.type` inline (the common case); fall back to the codec's own selection.
      const union = this.constant(codec);
      const m = this.fresh();
      const declared = this.fresh();
      const ids = codec.members.map((member) => this.constant(member));
      const byType = codec.members
        .flatMap((member, i) =>
          [member.name, ...(member.aliases ?? [])].map(
            (name) => `${declared} === ${JSON.stringify(`#microsoft.graph.${name}`)} ? ${ids[i]}`,
          ),
        )
        .join(' : ');
      const branches = codec.members.map((member, i) => `if (${m} === ${ids[i]}) { ${this.check(member.codec, v, 1)} }`);
      return `if (${v} === null || typeof ${v} !== 'object' || Array.isArray(${v})) return false;
{ const ${declared} = ${v}["@odata.type"]; const ${m} = ${byType} : ${union}.select(${v}); ${branches.join(' else ')} else return false; }`;
    }
    if (codec instanceof ReadOnlyPropsType) {
      const own = this.constant(hasOwn);
      return codec.keys
        .map((key) => `if (${v}[${JSON.stringify(key)}] !== undefined && ${own}(${v}, ${JSON.stringify(key)})) return false;`)
        .join('\n');
    }
    if (codec instanceof OneOrManyType) {
      return `if (Array.isArray(${v})) { ${this.check(codec.many, v, depth)} } else { ${this.check(codec.item, v, 1)} }`;
    }
    const tag = (codec as unknown as { _tag?: string })._tag;
    switch (tag) {
      case 'StringType':
        return `if (typeof ${v} !== 'string') return false;`;
      case 'NumberType':
        return `if (typeof ${v} !== 'number') return false;`;
      case 'BooleanType':
        return `if (typeof ${v} !== 'boolean') return false;`;
      case 'NullType':
        return `if (${v} !== null) return false;`;
      case 'UnknownType':
        return '';
      case 'AnyDictionaryType':
        return `if (${v} === null || typeof ${v} !== 'object' || Array.isArray(${v})) return false;`;
      case 'LiteralType':
        return `if (${v} !== ${this.constant((codec as unknown as t.LiteralType<string>).value)}) return false;`;
      case 'InterfaceType':
      case 'PartialType': {
        const optional = tag === 'PartialType';
        const props = Object.entries((codec as unknown as t.InterfaceType<t.Props>).props);
        const lines = [`if (${v} === null || typeof ${v} !== 'object' || Array.isArray(${v})) return false;`];
        for (const [key, prop] of props) {
          const p = this.fresh();
          const inner = this.check(prop, p, depth + 1);
          lines.push(
            optional
              ? `{ const ${p} = ${v}[${JSON.stringify(key)}]; if (${p} !== undefined) { ${inner} } }`
              : `{ const ${p} = ${v}[${JSON.stringify(key)}]; ${inner} }`,
          );
        }
        return lines.join('\n');
      }
      case 'IntersectionType':
        return (codec as unknown as t.IntersectionType<t.Mixed[]>).types.map((member) => this.check(member, v, depth)).join('\n');
      case 'UnionType': {
        const types = (codec as unknown as t.UnionType<t.Mixed[]>).types;
        const nonNull = types.filter((member) => (member as unknown as { _tag?: string })._tag !== 'NullType');
        if (types.length === 2 && nonNull.length === 1) return `if (${v} !== null) { ${this.check(nonNull[0] as t.Mixed, v, depth)} }`;
        const checks = this.constant(types.map((member) => fastCheck(member)));
        return `if (!${checks}.some((c) => c(${v}))) return false;`;
      }
      case 'ArrayType': {
        const i = this.fresh();
        const item = this.fresh();
        const inner = this.check((codec as unknown as t.ArrayType<t.Mixed>).type, item, depth + 1);
        return `if (!Array.isArray(${v})) return false; for (let ${i} = 0; ${i} < ${v}.length; ${i}++) { const ${item} = ${v}[${i}]; ${inner} }`;
      }
      default:
        throw new Error(`fastCheck: no fast path for codec ${codec.name} (${tag ?? 'custom'}); add one`);
    }
  }
}

/** Codecs that check an object or array, and so get a generated function of their own. */
function isComposite(codec: t.Mixed): boolean {
  if (codec instanceof TaggedUnionType || codec instanceof OneOrManyType) return true;
  const tag = (codec as unknown as { _tag?: string })._tag;
  return tag === 'IntersectionType' || tag === 'InterfaceType' || tag === 'PartialType';
}

function generate(codec: t.Mixed): FastCheck {
  const generator = new Generator();
  const body = generator.check(codec, 'v0', 0);
  // The source is built only from codec structure: property names are JSON-quoted, and every
  // other value (sets, patterns, members) is passed by reference in `k`, never as text.
  const factory = new Function('k', `return function check(v0) {\n${body}\nreturn true;\n};`) as (k: unknown[]) => FastCheck;
  return factory(generator.constants);
}
