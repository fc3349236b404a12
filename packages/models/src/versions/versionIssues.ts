import { isRecord } from '../isRecord';
import * as t from 'io-ts';
import type { DecodeIssue, IssueCode } from '../DecodeIssue';
import { OneOrManyType } from '../codec/oneOrMany';
import { OpenEnumType } from '../codec/openEnum';
import { appendJsonPath, previewJson } from '../codec/path';
import { TaggedUnionType } from '../codec/taggedUnion';
import { closestName } from './closestName';
import { isPlaceholderValue } from './placeholder';
import { typeSpec, type MergedTypeSpec } from './typeSpec';
import type { GraphVersion, PropertySpec } from './VersionTable';

/** Options of {@link versionIssues}. */
export interface VersionCheckOptions {
  /** The Graph version the value was written for. */
  readonly version: GraphVersion;
  /**
   * Docs mode: also report properties no version has (with the likely intended name), enum values
   * in the wrong letter case, type-name placeholders left as values (`"String"`), empty ids and
   * missing properties an object cannot work without. Runtime decoding leaves this off.
   */
  readonly strict?: boolean;
}

const OTHER: Readonly<Record<GraphVersion, GraphVersion>> = { beta: 'v1.0', 'v1.0': 'beta' };
/** Array properties whose items are participant ids. */
const ID_LISTS = new Set(['participants', 'receivers', 'sources']);

/** `T | null` → `T`; other codecs unchanged. */
function unwrap(codec: t.Mixed | undefined): t.Mixed | undefined {
  let c = codec;
  while (c instanceof t.UnionType) {
    const types = (c as t.UnionType<t.Mixed[]>).types;
    const inner = types.filter((m) => m !== t.null);
    if (inner.length !== 1 || types.length !== 2) return c;
    c = inner[0];
  }
  return c;
}

/** The declared properties of an object codec (intersections merged), or `undefined` for a non-object codec. */
function objectProps(codec: t.Mixed | undefined): ReadonlyMap<string, t.Mixed> | undefined {
  if (codec instanceof t.InterfaceType || codec instanceof t.PartialType)
    return new Map(Object.entries((codec as t.InterfaceType<t.Props>).props));
  if (codec instanceof t.IntersectionType) {
    const merged = new Map<string, t.Mixed>();
    let any = false;
    for (const member of (codec as t.IntersectionType<t.Mixed[]>).types) {
      const props = objectProps(member);
      if (props === undefined) continue;
      any = true;
      for (const [k, v] of props) merged.set(k, v);
    }
    return any ? merged : undefined;
  }
  return undefined;
}

/** The Graph type an `@odata.type` names (`#microsoft.graph.call` → `call`). */
function odataName(value: Record<string, unknown>): string | undefined {
  const declared = value['@odata.type'];
  return typeof declared === 'string' ? declared.replace(/^#?microsoft\.graph\./i, '') : undefined;
}

class Checker {
  readonly issues: DecodeIssue[] = [];
  constructor(private readonly options: VersionCheckOptions) {}

  report(code: IssueCode, path: string, expected: string, actual: unknown, message: string): void {
    this.issues.push({ code, path, expected, received: previewJson(actual), message: `${path}: ${message}` });
  }

  /** Any value, read with `codec` (which may be unknown) and described by `spec` (which may be unknown). */
  value(codec: t.Mixed | undefined, spec: PropertySpec | undefined, v: unknown, path: string, key: string | undefined): void {
    const c = unwrap(codec);
    if (c instanceof OneOrManyType) return this.value(Array.isArray(v) ? c.many : (c.item as t.Mixed), spec, v, path, key);
    if (Array.isArray(v)) {
      const item = c instanceof t.ArrayType ? (c as t.ArrayType<t.Mixed>).type : undefined;
      v.forEach((x, i) => this.value(item, spec, x, appendJsonPath(path, i), key !== undefined && ID_LISTS.has(key) ? 'id' : key));
      return;
    }
    if (typeof v === 'string') return this.string(c, spec, v, path, key);
    if (!isRecord(v)) return;
    if (c instanceof TaggedUnionType) {
      const member = c.select(v);
      return this.object(member?.codec, v, path, member?.name ?? spec?.types[0]);
    }
    this.object(c, v, path, spec?.types[0]);
  }

  string(codec: t.Mixed | undefined, spec: PropertySpec | undefined, v: string, path: string, key: string | undefined): void {
    if (this.options.strict !== true) return;
    if (isPlaceholderValue(v)) {
      this.report(
        'placeholder-value',
        path,
        'a value',
        v,
        `expected a value, found the type name ${JSON.stringify(v)} left as a placeholder`,
      );
      return;
    }
    if (v.trim() === '' && key !== undefined && (key === 'id' || /Id$/.test(key))) {
      this.report('empty-id', path, 'a non-empty id', v, `expected a non-empty id, found ""`);
      return;
    }
    const values = spec?.values ?? (codec instanceof OpenEnumType ? [...codec.known] : undefined);
    if (values === undefined || values.includes(v)) return;
    const match = values.find((x) => x.toLowerCase() === v.toLowerCase());
    if (match !== undefined)
      this.report(
        'enum-case-mismatch',
        path,
        match,
        v,
        `expected ${JSON.stringify(match)} (enum values are case-sensitive), found ${JSON.stringify(v)}`,
      );
  }

  object(codec: t.Mixed | undefined, v: Record<string, unknown>, path: string, fallback: string | undefined): void {
    const { version, strict } = this.options;
    const props = objectProps(codec);
    const declared = odataName(v);
    const name = [declared, codec?.name, fallback].find(
      (n) => n !== undefined && (typeSpec('beta', n) ?? typeSpec('v1.0', n)) !== undefined,
    );
    const here = name === undefined ? undefined : typeSpec(version, name);
    const there = name === undefined ? undefined : typeSpec(OTHER[version], name);
    const spec = here ?? there;
    for (const [key, x] of Object.entries(v)) {
      if (key.includes('@')) continue;
      const mine = here?.props[key];
      const theirs = there?.props[key];
      const at = appendJsonPath(path, key);
      const open = here?.open === true || there?.open === true;
      if (mine === undefined && theirs !== undefined && here !== undefined && !open)
        this.report(
          'not-in-version',
          at,
          `a property of ${name} in Graph ${version}`,
          x,
          `${name}.${key} is ${OTHER[version]}-only: Graph ${version} has no such property`,
        );
      else if (
        mine === undefined &&
        theirs === undefined &&
        strict === true &&
        !props?.has(key) &&
        spec !== undefined &&
        name !== undefined &&
        !open
      )
        this.unknown(name, spec, props, key, x, at);
      this.value(props?.get(key), mine ?? theirs, x, at, key);
    }
    if (strict === true && here !== undefined)
      for (const key of here.required)
        if (v[key] === undefined || v[key] === null)
          this.report('missing-property', appendJsonPath(path, key), `${name}.${key}`, v[key], `${name} needs ${key}; it is missing`);
  }

  unknown(name: string, spec: MergedTypeSpec, props: ReadonlyMap<string, t.Mixed> | undefined, key: string, x: unknown, at: string): void {
    const other = typeSpec(OTHER[this.options.version], name);
    const known = [...Object.keys(spec.props), ...Object.keys(other?.props ?? {}), ...(props?.keys() ?? [])];
    const suggestion = closestName(key, known);
    if (suggestion !== undefined)
      this.report(
        'misspelt-property',
        at,
        suggestion,
        x,
        `${name} has no property ${JSON.stringify(key)}; did you mean ${JSON.stringify(suggestion)}?`,
      );
    else
      this.report(
        'unknown-property',
        at,
        `a property of ${name}`,
        x,
        `${name} has no property ${JSON.stringify(key)} in Graph ${this.options.version}`,
      );
  }
}

/**
 * What the version table says about a decoded value: properties of the other version (a beta-only
 * property in a v1.0 body) and, in strict docs mode, the defects a lenient decode lets through.
 * Walks the codec and the value together, so a property is judged by the Graph type it belongs
 * to (chosen by `@odata.type` where the value names one). Never throws; every issue is a warning.
 */
export function versionIssues(codec: t.Mixed, value: unknown, options: VersionCheckOptions): DecodeIssue[] {
  const checker = new Checker(options);
  if (isRecord(value)) {
    const context = value['@odata.context'];
    const said = typeof context === 'string' ? /graph\.microsoft\.com\/(beta|v1\.0)\//i.exec(context)?.[1] : undefined;
    if (said !== undefined && said.toLowerCase() !== options.version.toLowerCase())
      checker.report(
        'version-mismatch',
        appendJsonPath('$', '@odata.context'),
        `a ${options.version} metadata URL`,
        context,
        `expected a Graph ${options.version} @odata.context, found one of ${said}`,
      );
  }
  checker.value(codec, undefined, value, '$', undefined);
  return checker.issues;
}
