import { isRecord } from '@graph-calling/models';
import {
  appendJsonPath,
  closestName,
  GRAPH_ENUMS,
  typeSpec,
  type GraphVersion,
  type MergedTypeSpec,
  type PropertySpec,
} from '@graph-calling/models';

/** One finding on a resource template, at a JSON path. */
export interface TemplateFinding {
  readonly code:
    'template-unknown-property' | 'template-not-in-version' | 'template-type-mismatch' | 'template-enum-value' | 'template-odata-type';
  readonly path: string;
  readonly message: string;
}

/** What a template check concluded: the type it was read as (absent when no table describes it) and what is wrong. */
export interface TemplateCheck {
  readonly type?: string;
  readonly findings: readonly TemplateFinding[];
}

const OTHER: Readonly<Record<GraphVersion, GraphVersion>> = { beta: 'v1.0', 'v1.0': 'beta' };
const INTEGERS = new Set(['Int', 'Int16', 'Int32', 'Int64']);
const PRIMITIVE =
  /^(?:String|Boolean|Int|Int16|Int32|Int64|Double|Single|Decimal|DateTime|DateTimeOffset|Date|TimeOfDay|Duration|Guid|Binary|Stream)$/i;

const bareName = (text: string) => text.replace(/^#?microsoft\.graph\./i, '');
const at = appendJsonPath;

/** `String (identifier)` → `String`. */
function typeWord(text: string): string {
  return (/^(\S+)\s*\([^)]*\)$/.exec(text.trim())?.[1] ?? text.trim()).replace(/^Edm\./i, '');
}

/** Whether a template's type word fits the table's types (`String` fits an enum; Int32 fits Int64). */
function fitsPrimitive(word: string, spec: PropertySpec): boolean {
  const types = spec.types;
  if (types.some((t) => t.toLowerCase() === word.toLowerCase())) return true;
  if (INTEGERS.has(word) && types.some((t) => INTEGERS.has(t))) return true;
  if (/^DateTime(Offset)?$/i.test(word) && types.some((t) => /^DateTime(Offset)?$/i.test(t))) return true;
  // Enums are written `String` in most templates; a Guid or a duration is a string on the wire.
  if (/^String$/i.test(word)) return valuesOf(spec) !== undefined || types.some((t) => /^(Guid|String|Duration)$/i.test(t));
  return false;
}

function valuesOf(spec: PropertySpec): readonly string[] | undefined {
  return spec.values ?? spec.types.map((t) => GRAPH_ENUMS[t]).find((v) => v !== undefined);
}

/** A type and every type it inherits from, lower-cased. */
function lineage(version: GraphVersion, name: string): string[] {
  return (typeSpec(version, name)?.lineage ?? [name]).map((n) => n.toLowerCase());
}

class TemplateChecker {
  readonly findings: TemplateFinding[] = [];
  constructor(private readonly version: GraphVersion) {}

  object(name: string, spec: MergedTypeSpec, value: Record<string, unknown>, path: string): void {
    const other = typeSpec(OTHER[this.version], name);
    for (const [key, x] of Object.entries(value)) {
      if (key.includes('@')) {
        if (key === '@odata.type' && typeof x === 'string') this.odataType(x, at(path, key));
        continue;
      }
      const mine = spec.props[key];
      if (mine === undefined) {
        const theirs = other?.props[key];
        if (theirs !== undefined)
          this.findings.push({
            code: 'template-not-in-version',
            path: at(path, key),
            message: `${name}.${key} is ${OTHER[this.version]}-only: Graph ${this.version} has no such property`,
          });
        else if (!spec.open) {
          const suggestion = closestName(key, [...Object.keys(spec.props), ...Object.keys(other?.props ?? {})]);
          this.findings.push({
            code: 'template-unknown-property',
            path: at(path, key),
            message: `${name} has no property ${JSON.stringify(key)} in Graph ${this.version}${suggestion ? `; did you mean ${JSON.stringify(suggestion)}?` : ''}`,
          });
        }
        continue;
      }
      this.property(name, key, mine, x, at(path, key));
    }
  }

  odataType(text: string, path: string): void {
    if (!/^#microsoft\.graph\.[A-Za-z]\w*$/.test(text))
      this.findings.push({
        code: 'template-odata-type',
        path,
        message: `expected an @odata.type of the form "#microsoft.graph.<type>", found ${JSON.stringify(text)}`,
      });
  }

  property(owner: string, key: string, spec: PropertySpec, x: unknown, path: string): void {
    const described = `${owner}.${key} (${spec.types.join(' | ')}${spec.collection ? ' collection' : ''})`;
    if (Array.isArray(x)) {
      if (!spec.collection)
        this.findings.push({
          code: 'template-type-mismatch',
          path,
          message: `${described} is not a collection; the template shows a list`,
        });
      x.forEach((item, i) => this.item(described, spec, item, at(path, i)));
      return;
    }
    if (spec.collection && x !== null && typeof x !== 'number' && typeof x !== 'boolean')
      this.findings.push({ code: 'template-type-mismatch', path, message: `${described} is a collection; the template shows one value` });
    this.item(described, spec, x, path);
  }

  item(described: string, spec: PropertySpec, x: unknown, path: string): void {
    if (typeof x === 'string') return this.word(described, spec, x, path);
    if (!isRecord(x)) return;
    const declared = x['@odata.type'];
    if (typeof declared === 'string') {
      this.odataType(declared, at(path, '@odata.type'));
      const named = bareName(declared).toLowerCase();
      const fits = spec.types.some(
        (t) => lineage(this.version, t).includes(named) || lineage(this.version, named).includes(t.toLowerCase()),
      );
      if (!fits)
        this.findings.push({
          code: 'template-type-mismatch',
          path,
          message: `${described}: the template names ${bareName(declared)}, which is not that type`,
        });
      return;
    }
    // An inline object: check it against the property's type.
    const type = spec.types[0];
    const inner = type !== undefined ? typeSpec(this.version, type) : undefined;
    if (type !== undefined && inner !== undefined) this.object(type, inner, x, path);
  }

  word(described: string, spec: PropertySpec, text: string, path: string): void {
    const alternatives = text.split('|').map((s) => s.trim());
    const values = valuesOf(spec);
    if (alternatives.length > 1) {
      for (const alt of alternatives) {
        if (PRIMITIVE.test(typeWord(alt)) || alt === '') continue;
        if (values !== undefined && !values.includes(alt) && alt !== 'unknownFutureValue') {
          const match = values.find((v) => v.toLowerCase() === alt.toLowerCase());
          this.findings.push({
            code: 'template-enum-value',
            path,
            message: `${described}: ${JSON.stringify(alt)} is not one of its values${match ? `; did you mean ${JSON.stringify(match)}?` : ` (${values.join(', ')})`}`,
          });
        }
      }
      return;
    }
    const word = typeWord(text);
    if (PRIMITIVE.test(word)) {
      if (!fitsPrimitive(word, spec))
        this.findings.push({ code: 'template-type-mismatch', path, message: `${described}: the template says ${word}` });
      return;
    }
    // A single enum value or a type name written as text (`"callState"`).
    if (values?.includes(word) || spec.types.some((t) => t.toLowerCase() === word.toLowerCase())) return;
    if (values !== undefined)
      this.findings.push({
        code: 'template-enum-value',
        path,
        message: `${described}: ${JSON.stringify(word)} is not one of its values (${values.join(', ')})`,
      });
  }
}

/**
 * Checks a resource page's "JSON representation" block — a template of type names and `a | b`
 * lists, not a payload — against the version table: every property it names exists in that
 * version's type with the type it names, and every enum alternative is a real value. Returns no
 * type when the table does not describe `odataType`.
 */
export function checkTemplate(odataType: string, value: unknown, version: GraphVersion | undefined): TemplateCheck {
  const name = bareName(odataType);
  const v: GraphVersion = version ?? 'v1.0';
  const spec = typeSpec(v, name) ?? (version === undefined ? typeSpec('beta', name) : undefined);
  if (spec === undefined || !isRecord(value)) return { findings: [] };
  const checker = new TemplateChecker(typeSpec(v, name) !== undefined ? v : 'beta');
  checker.object(spec.name, spec, value, '$');
  return { type: spec.name, findings: checker.findings };
}
