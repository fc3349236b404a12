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

/** One step of a JSON path: a property name, or an array index. */
export type PathSegment = string | number;

/**
 * Property names already written as a path step (codec keys, mostly): `.name`, or `["@odata.type"]`
 * where a name cannot follow a dot. Bounded. A warning's path is then one concatenation per step.
 */
const steps = new Map<string, string>();

function stepOf(key: string): string {
  let step = steps.get(key);
  if (step === undefined) {
    // A property named `$` is quoted: bare, alone, it would read back as the root.
    step = IDENTIFIER.test(key) && key !== '$' ? `.${key}` : `[${JSON.stringify(key)}]`;
    if (steps.size < 4096) steps.set(key, step);
  }
  return step;
}

/** `[0]`, `[1]`, …: the steps of the first array indexes, each written once. */
const indexSteps: string[] = [];

function indexStep(index: number): string {
  if (!(index >= 0 && index < 1024)) return `[${index}]`;
  let step = indexSteps[index];
  if (step === undefined) {
    step = `[${index}]`;
    indexSteps[index] = step;
  }
  return step;
}

/** Appends one step to a JSON path: `a` + `b` → `a.b`, `a` + 2 → `a[2]`, `a` + `@odata.type` → `a["@odata.type"]`. */
export function appendJsonPath(path: string, segment: PathSegment): string {
  if (typeof segment === 'number') return `${path === '$' ? '' : path}${indexStep(segment)}`;
  const step = stepOf(segment);
  if (step.charCodeAt(0) !== 0x2e) return `${path === '$' ? '' : path}${step}`;
  return path === '$' ? segment : path + step;
}

/** The JSON path of the first `length` segments: `['targets', 1, 'identity']` → `targets[1].identity`; none → `$`. */
export function formatJsonPath(segments: readonly PathSegment[], length: number = segments.length): string {
  // As appendJsonPath step by step, with the steps written once: warnings are formatted on the hot path.
  let out = '';
  for (let i = 0; i < length; i += 1) {
    const segment = segments[i] as PathSegment;
    if (typeof segment === 'number') out += indexStep(segment);
    else {
      const step = stepOf(segment);
      out = out === '' && step.charCodeAt(0) === 0x2e ? segment : out + step;
    }
  }
  return out === '' ? '$' : out;
}

/**
 * The segments of a path {@link formatJsonPath} wrote (its inverse):
 * `targets[1].identity["@odata.type"]` → `['targets', 1, 'identity', '@odata.type']`; `$` → none.
 */
export function parseJsonPath(path: string): PathSegment[] {
  if (path === '$' || path === '') return [];
  const segments: PathSegment[] = [];
  const pattern = /([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  for (const match of path.matchAll(pattern)) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else if (match[3] !== undefined) segments.push(JSON.parse(match[3]) as string);
  }
  return segments;
}

/** A path below another: `joinJsonPath('a[1]', 'b.c')` → `a[1].b.c`; `$` on either side is the other. */
export function joinJsonPath(prefix: string, relative: string): string {
  if (relative === '$') return prefix;
  if (prefix === '$') return relative;
  return relative.startsWith('[') ? `${prefix}${relative}` : `${prefix}.${relative}`;
}

/**
 * The JSON path of an io-ts context: `targets[1].identity.user.id`. Intersection and union
 * members add context entries too; those are not part of the data's path and are skipped.
 */
export function pathOf(context: t.Context): string {
  let out = '$';
  for (let i = 1; i < context.length; i += 1) {
    const parentType = context[i - 1]?.type as { _tag?: string; keyed?: boolean } | undefined;
    const parent = parentType?.keyed === true ? 'InterfaceType' : parentType?._tag;
    if (parent === undefined || !KEYED.has(parent)) continue;
    const key = context[i]?.key ?? '';
    out = appendJsonPath(out, parent === 'ArrayType' || parent === 'ReadonlyArrayType' || parent === 'TupleType' ? Number(key) : key);
  }
  return out;
}

/**
 * Whether JSON.stringify writes the string as it is: no quote, backslash, control character or
 * surrogate (lone surrogates are escaped, so any surrogate takes the slow path). A loop over a
 * short string costs less than a regular expression call.
 */
function writesAsIs(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

/**
 * A value as JSON, cut to `max` characters, for error messages. Never throws and never
 * serialises more than about `max` characters, however large or deep the value is: once the
 * budget is spent, the replacer drops everything else, which also stops the recursion.
 */
export function previewJson(value: unknown, max = 80): string {
  if (value === undefined) return 'undefined';
  // The most common case, a short string that JSON writes as it is (no quote, backslash, control
  // character or surrogate), is quoted without JSON.stringify.
  if (typeof value === 'string' && value.length <= max - 2 && writesAsIs(value)) return `"${value}"`;
  // The common case (a short string, a number) needs no budget.
  if ((typeof value === 'string' && value.length < max) || typeof value === 'number' || typeof value === 'boolean') {
    const text = JSON.stringify(value);
    if (text.length <= max) return text;
  }
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
