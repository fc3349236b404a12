import type * as t from 'io-ts';

/** Codecs whose context keys are property names or indexes; every other key is structural. */
const KEYED = new Set([
  'InterfaceType',
  'PartialType',
  'StrictType',
  'ExactType',
  'ArrayType',
  'ReadonlyArrayType',
  'DictionaryType',
  'TupleType',
]);
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * The JSON path of an io-ts context: `targets[1].identity.user.id`. Intersection and union
 * members add context entries too; those are not part of the data's path and are skipped.
 */
export function pathOf(context: t.Context): string {
  let out = '';
  for (let i = 1; i < context.length; i += 1) {
    const parentType = context[i - 1]?.type as { _tag?: string; keyed?: boolean } | undefined;
    const parent = parentType?.keyed === true ? 'InterfaceType' : parentType?._tag;
    if (parent === undefined || !KEYED.has(parent)) continue;
    const key = context[i]?.key ?? '';
    if (parent === 'ArrayType' || parent === 'ReadonlyArrayType' || parent === 'TupleType') out += `[${key}]`;
    else if (IDENTIFIER.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out === '' ? '$' : out;
}

/**
 * A value as JSON, cut to `max` characters, for error messages. Never throws and never
 * serialises more than about `max` characters, however large or deep the value is: once the
 * budget is spent, the replacer drops everything else, which also stops the recursion.
 */
export function preview(value: unknown, max = 80): string {
  if (value === undefined) return 'undefined';
  let used = 0;
  let text: string | undefined;
  try {
    text = JSON.stringify(value, function budget(key: string, v: unknown) {
      if (used > max) return undefined;
      used += key.length + (typeof v === 'string' ? v.length + 4 : typeof v === 'object' && v !== null ? 2 : 6);
      return v;
    });
  } catch {
    text = undefined;
  }
  text ??= Object.prototype.toString.call(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
