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
 * Compiles a specialised checker from an io-ts codec tree, once per codec. io-ts stays the
 * source of truth: the checker only answers "clean" or "not sure", and every value it does not
 * pass clean goes through full io-ts decoding, which explains the failure and collects
 * warnings. A property test holds the two to the same answer on every input.
 */
export function fastCheck(codec: t.Mixed): FastCheck {
  let check = compiled.get(codec);
  if (check === undefined) {
    check = build(codec);
    compiled.set(codec, check);
  }
  return check;
}

const isRecord = (u: unknown): u is Record<string, unknown> => u !== null && typeof u === 'object' && !Array.isArray(u);

function build(codec: t.Mixed): FastCheck {
  if (codec instanceof OpenEnumType) {
    const known = codec.known;
    return (u) => typeof u === 'string' && known.has(u);
  }
  if (codec instanceof CheckedStringType) {
    const pattern = codec.pattern;
    return (u) => typeof u === 'string' && pattern.test(u);
  }
  if (codec instanceof ODataTypeType) {
    const accepted = codec.accepted;
    return (u) => typeof u === 'string' && accepted.has(u);
  }
  if (codec instanceof TaggedUnionType) {
    const checks = new Map(codec.members.map((m) => [m, fastCheck(m.codec)]));
    return (u) => {
      const member = codec.select(u);
      return member !== undefined && (checks.get(member) as FastCheck)(u);
    };
  }
  if (codec instanceof ReadOnlyPropsType) {
    const keys = codec.keys;
    return (u) => {
      if (u === null || typeof u !== 'object') return false;
      const record = u as Record<string, unknown>;
      for (let i = 0; i < keys.length; i += 1) {
        const key = keys[i] as string;
        if (record[key] !== undefined && Object.prototype.hasOwnProperty.call(record, key)) return false;
      }
      return true;
    };
  }
  if (codec instanceof OneOrManyType) {
    const one = fastCheck(codec.item);
    const many = fastCheck(codec.many);
    return (u) => (Array.isArray(u) ? many(u) : one(u));
  }
  const tagged = codec as unknown as { _tag?: string };
  switch (tagged._tag) {
    case 'StringType':
      return (u) => typeof u === 'string';
    case 'NumberType':
      return (u) => typeof u === 'number';
    case 'BooleanType':
      return (u) => typeof u === 'boolean';
    case 'NullType':
      return (u) => u === null;
    case 'UnknownType':
      return () => true;
    case 'AnyDictionaryType':
      return isRecord;
    case 'LiteralType': {
      const value = (codec as unknown as t.LiteralType<string>).value;
      return (u) => u === value;
    }
    case 'InterfaceType': {
      const entries = Object.entries((codec as unknown as t.InterfaceType<t.Props>).props).map(([k, c]) => [k, fastCheck(c)] as const);
      return (u) => {
        if (!isRecord(u)) return false;
        for (let i = 0; i < entries.length; i += 1) {
          const [key, check] = entries[i] as readonly [string, FastCheck];
          if (!check(u[key])) return false;
        }
        return true;
      };
    }
    case 'PartialType': {
      const entries = Object.entries((codec as unknown as t.PartialType<t.Props>).props).map(([k, c]) => [k, fastCheck(c)] as const);
      return (u) => {
        if (!isRecord(u)) return false;
        for (let i = 0; i < entries.length; i += 1) {
          const [key, check] = entries[i] as readonly [string, FastCheck];
          const value = u[key];
          if (value !== undefined && !check(value)) return false;
        }
        return true;
      };
    }
    case 'IntersectionType': {
      const checks = (codec as unknown as t.IntersectionType<t.Mixed[]>).types.map(fastCheck);
      return (u) => {
        for (let i = 0; i < checks.length; i += 1) if (!(checks[i] as FastCheck)(u)) return false;
        return true;
      };
    }
    case 'UnionType': {
      const checks = (codec as unknown as t.UnionType<t.Mixed[]>).types.map(fastCheck);
      return (u) => {
        for (let i = 0; i < checks.length; i += 1) if ((checks[i] as FastCheck)(u)) return true;
        return false;
      };
    }
    case 'ArrayType': {
      const item = fastCheck((codec as unknown as t.ArrayType<t.Mixed>).type);
      return (u) => {
        if (!Array.isArray(u)) return false;
        for (let i = 0; i < u.length; i += 1) if (!item(u[i])) return false;
        return true;
      };
    }
    default:
      throw new Error(`fastCheck: no fast path for codec ${codec.name} (${tagged._tag ?? 'custom'}); add one`);
  }
}
