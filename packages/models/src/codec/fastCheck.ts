import type * as t from 'io-ts';
import { isComposite, planOf, type CleanTest, type Plan } from './plan';
import { delegate, type Walk } from './walk';
import { foundText, warnAt } from './warnings';

/**
 * A compiled check of one codec: true when the value at depth `d` of `walk` is valid, with its
 * warnings recorded in the walk; false at the first error (then `walkPlan` explains). Internal:
 * not part of the package's API.
 */
export type FastCheck = (value: unknown, walk: Walk, d: number) => boolean;

let generation: boolean | undefined;

/**
 * Whether this process may compile code from strings. Hardened deployments run Node with
 * `--disallow-code-generation-from-strings`, where `new Function` throws an `EvalError`; decoding
 * then walks the plan instead (same answers, slower). Asked once.
 */
export function canGenerateCode(): boolean {
  if (generation === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-implied-eval -- probing whether this runtime allows code generation is the point
      generation = (new Function('return true') as () => boolean)();
    } catch (error) {
      if (!(error instanceof EvalError)) throw error;
      generation = false;
    }
  }
  return generation;
}

const compiled = new WeakMap<Plan, FastCheck>();

/**
 * The compiled check of a codec, or `undefined` where code generation is forbidden. The plan
 * (see plan.ts) is turned into straight-line JavaScript (`new Function`) whose property reads
 * use constant names, so V8 can cache them; a nested object is a call to its own compiled
 * function, so every function stays small enough to optimise. Scalars are tested inline; one
 * that is not plainly clean (an unknown enum value, a malformed GUID) is handed to its io-ts
 * codec, which records the warning, and the check goes on: a warning costs one call, not a
 * second decode. Errors stop the check; io-ts words them (via `walkPlan`).
 */
export function fastCheck(codec: t.Mixed): FastCheck | undefined {
  return canGenerateCode() ? compile(planOf(codec)) : undefined;
}

function compile(plan: Plan): FastCheck {
  let check = compiled.get(plan);
  if (check === undefined) {
    check = generate(plan);
    compiled.set(plan, check);
  }
  return check;
}

/** Where a value sits: at depth `depth + offset`, or one step below it at `key` (a JS expression) when `key` is set. */
interface Location {
  readonly offset: number;
  readonly key?: string;
}

type ObjectPlan = Extract<Plan, { kind: 'object' }>;

const objectGuard = (v: string) => `if (${v} === null || typeof ${v} !== 'object' || Array.isArray(${v})) return false;`;

const depthExpr = (offset: number) => (offset === 0 ? 'd' : `d + ${offset}`);

/** Emits code for one plan; constants (codecs, sets, patterns, functions) are passed in `k`. */
class Generator {
  readonly constants: unknown[] = [];
  private next = 0;

  constant(value: unknown): string {
    this.constants.push(value);
    return `k${this.constants.length - 1}`;
  }

  fresh(): string {
    this.next += 1;
    return `v${this.next}`;
  }

  /** Statements that write the pending step of `at` into the path, and the depth of the value. */
  descend(at: Location): [string, number] {
    if (at.key === undefined) return ['', at.offset];
    return [`s.path[${depthExpr(at.offset)}] = ${at.key};`, at.offset + 1];
  }

  /** A call handing the value to its io-ts codec (`delegate`); false means an error. */
  delegate(codec: t.Mixed, v: string, at: Location): string {
    const key = at.key === undefined ? '' : `, ${at.key}`;
    return `if (!${this.constant(delegate)}(${this.constant(codec)}, ${v}, s, ${depthExpr(at.offset)}${key})) return false;`;
  }

  /** An expression that is true when the scalar is valid with nothing to report. */
  clean(test: CleanTest, v: string): string | undefined {
    switch (test.test) {
      case 'typeof':
        return `typeof ${v} === '${test.type}'`;
      case 'null':
        return `${v} === null`;
      case 'any':
        return undefined;
      case 'record':
        return `(${v} !== null && typeof ${v} === 'object' && !Array.isArray(${v}))`;
      case 'literal':
        return `${v} === ${this.constant(test.value)}`;
      case 'oneOf':
        // A chain of `===` (no hashing) beats `Set#has` on the hot path, for small sets.
        if (test.values.size > 16) return `(typeof ${v} === 'string' && ${this.constant(test.values)}.has(${v}))`;
        if (test.values.size === 1) return `${v} === ${JSON.stringify([...test.values][0])}`;
        return `(typeof ${v} === 'string' && ${stringSwitch(
          v,
          [...test.values].map((value) => [value, 'true']),
          'false',
        )})`;
      case 'format':
        return `(typeof ${v} === 'string' && ${this.constant(test.matches)}(${v}))`;
      case 'noneOf': {
        const own = this.constant((o: object, key: string) => Object.prototype.hasOwnProperty.call(o, key));
        const absent = test.keys.map((key) => `(${v}[${JSON.stringify(key)}] === undefined || !${own}(${v}, ${JSON.stringify(key)}))`);
        return `(${v} !== null && typeof ${v} === 'object' && ${absent.join(' && ')})`;
      }
    }
  }

  /** Statements checking each property of the object in variable `v` (already known to be an object). */
  properties(plan: ObjectPlan, v: string, at: Location): string {
    const lines: string[] = [];
    for (const { key, plan: child } of plan.props) {
      const p = this.fresh();
      const inner = this.check(child, p, { offset: at.offset, key: JSON.stringify(key) }, false);
      lines.push(
        plan.optional
          ? `{ const ${p} = ${v}[${JSON.stringify(key)}]; if (${p} !== undefined) { ${inner} } }`
          : `{ const ${p} = ${v}[${JSON.stringify(key)}]; ${inner} }`,
      );
    }
    return lines.join('\n');
  }

  /**
   * Statements that `return false` unless the value in variable `v` is valid for `plan`.
   * `root` is true for the plan a function is generated for: any other object-like plan is a
   * call to its own compiled function.
   */
  check(plan: Plan, v: string, at: Location, root: boolean): string {
    if (!root && isComposite(plan)) {
      const [store, depth] = this.descend(at);
      return `${store} if (!${this.constant(compile(plan))}(${v}, s, ${depthExpr(depth)})) return false;`;
    }
    switch (plan.kind) {
      case 'leaf': {
        const clean = this.clean(plan.clean, v);
        if (clean === undefined) return '';
        const warning = plan.stringWarning;
        if (warning === undefined) return `if (!(${clean})) { ${this.delegate(plan.codec, v, at)} }`;
        // A string that is not clean is a warning the check records itself: no io-ts call on the way.
        const [store, depth] = this.descend(at);
        const record = `${store} ${this.constant(warnAt)}(s.warnings, s.path, ${depthExpr(depth)}, ${JSON.stringify(warning.code)}, ${this.constant(warning.expected)}, ${this.constant(foundText(warning.expected))}, ${v});`;
        return `if (!(${clean})) { if (typeof ${v} === 'string') { ${record} } else { ${this.delegate(plan.codec, v, at)} } }`;
      }
      case 'delegate':
        return this.delegate(plan.codec, v, at);
      case 'object':
        return `${objectGuard(v)}\n${this.properties(plan, v, at)}`;
      case 'intersection':
        // Graph objects are `type & partial`: one object test for both.
        if (plan.members.every((member) => member.kind === 'object'))
          return [objectGuard(v), ...plan.members.map((member) => this.properties(member, v, at))].join('\n');
        return plan.members.map((member) => this.check(member, v, at, root)).join('\n');
      case 'nullable':
        return `if (${v} !== null) { ${this.check(plan.inner, v, at, root)} }`;
      case 'array': {
        const [store, depth] = this.descend(at);
        const i = this.fresh();
        const item = this.fresh();
        const inner = this.check(plan.item, item, { offset: depth, key: i }, false);
        return `if (!Array.isArray(${v})) return false; ${store}
for (let ${i} = 0; ${i} < ${v}.length; ${i}++) { const ${item} = ${v}[${i}]; ${inner} }`;
      }
      case 'oneOrMany':
        return `if (Array.isArray(${v})) { ${this.check(plan.many, v, at, root)} } else { ${this.check(plan.item, v, at, false)} }`;
      case 'taggedUnion': {
        // Select by `@odata.type` inline (the common case); fall back to the codec's own selection.
        const union = this.constant(plan.codec);
        const m = this.fresh();
        const declared = this.fresh();
        const ids = plan.codec.members.map((member) => this.constant(member));
        const names = new Map<string, string>();
        plan.codec.members.forEach((member, i) => {
          for (const name of [member.name, ...(member.aliases ?? [])]) {
            const type = `#microsoft.graph.${name}`;
            if (!names.has(type)) names.set(type, ids[i] as string);
          }
        });
        const select = `${union}.select(${v})`;
        const branches = plan.members.map((member, i) => `if (${m} === ${ids[i]}) { ${this.check(member, v, at, false)} }`);
        return `if (${v} === null || typeof ${v} !== 'object' || Array.isArray(${v})) return false;
{ const ${declared} = ${v}["@odata.type"];
const ${m} = typeof ${declared} === 'string' ? ${stringSwitch(declared, [...names], select)} : ${select};
if (${m} === undefined) { ${this.delegate(plan.codec, v, at)} } else ${branches.join(' else ')} else return false; }`;
      }
    }
  }
}

/**
 * An expression choosing among string constants, for a string in variable `v`: the expression
 * paired with the constant it equals, else `otherwise`. A string JSON.parse makes longer than ten
 * characters is not internalized, so each `===` against a constant is a call to V8's string
 * comparison: testing the length first leaves at most the comparisons of one length (mostly one).
 */
function stringSwitch(v: string, cases: ReadonlyArray<readonly [string, string]>, otherwise: string): string {
  const byLength = new Map<number, Array<readonly [string, string]>>();
  for (const entry of cases) {
    const group = byLength.get(entry[0].length);
    if (group === undefined) byLength.set(entry[0].length, [entry]);
    else group.push(entry);
  }
  const choose = (group: ReadonlyArray<readonly [string, string]>) =>
    otherwise === 'false' && group.every(([, then]) => then === 'true')
      ? `(${group.map(([value]) => `${v} === ${JSON.stringify(value)}`).join(' || ')})`
      : `(${group.map(([value, then]) => `${v} === ${JSON.stringify(value)} ? ${then}`).join(' : ')} : ${otherwise})`;
  return `(${[...byLength].map(([length, group]) => `${v}.length === ${length} ? ${choose(group)}`).join(' : ')} : ${otherwise})`;
}

function generate(plan: Plan): FastCheck {
  const generator = new Generator();
  const body = generator.check(plan, 'v0', { offset: 0 }, true);
  // The source is built only from codec structure: property names are JSON-quoted, and every
  // other value (codecs, sets, patterns, functions) is passed by reference in `k`, never as text.
  // Each is bound to a `const` of the factory: the check is its only closure, so V8 reads them as
  // constants and calls a nested check or a format test directly (and may inline it), where a
  // read of `k[i]` at each use left every call indirect.
  // Named after its codec (only identifier characters kept), so a profile tells the checks apart.
  const name = `check_${plan.codec.name.replace(/[^A-Za-z0-9_$]/g, '_').slice(0, 60)}`;
  const bindings = generator.constants.map((_, i) => `const k${i} = k[${i}];`).join('\n');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the checker is generated code by design (see above)
  const factory = new Function('k', `${bindings}\nreturn function ${name}(v0, s, d) {\n${body}\nreturn true;\n};`) as (
    k: unknown[],
  ) => FastCheck;
  return factory(generator.constants);
}
