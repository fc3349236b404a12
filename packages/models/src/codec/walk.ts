import { isRecord } from '../isRecord';
import type * as t from 'io-ts';
import { formatJsonPath, joinJsonPath, pathOf, type PathSegment } from './path';
import type { CleanTest, Plan } from './plan';
import { validateCollecting, warningSink, type WarningSink } from './warnings';

/** An error as io-ts reported it, placed in the whole value: formatted later, and only if shown. */
export interface RawError {
  readonly path: string;
  readonly expected: string;
  readonly value: unknown;
}

/**
 * The state of one walk over a value. `path` holds the steps from the root to the value being
 * checked (slot `d` is written before descending to depth `d + 1`), so a path is only turned into
 * text when something is reported. With `errors` set, the walk explains: it records every error
 * (as io-ts would, in the same order) until more than `maxErrors` distinct ones are known, then
 * stops; without it, the walk stops at the first error.
 */
export class Walk {
  readonly path: PathSegment[] = [];
  readonly warnings: WarningSink;
  readonly errors: RawError[] | undefined;
  private readonly maxErrors: number;
  /** Distinct non-null errors seen (a `null` alternative is folded into its sibling when formatted); explaining only. */
  private readonly distinct: Set<string> | undefined;
  /** Set when the walk stopped before the end of the value (the error cap was passed). */
  stopped = false;
  /** Set when a delegated codec returned a value other than its input (it transforms): io-ts must decode. */
  transformed = false;

  constructor(maxWarnings: number, explain?: { readonly maxErrors: number }) {
    this.warnings = warningSink(maxWarnings);
    this.errors = explain === undefined ? undefined : [];
    this.distinct = explain === undefined ? undefined : new Set();
    this.maxErrors = explain?.maxErrors ?? 0;
  }

  /**
   * Readies a walk that checked (without explaining) for the next check: a clean decode then
   * allocates nothing of its own. Warnings already handed out keep their array.
   */
  reuse(maxWarnings: number): this {
    const sink = this.warnings;
    if (sink.issues.length > 0) sink.issues = [];
    sink.count = 0;
    sink.max = maxWarnings;
    this.stopped = false;
    this.transformed = false;
    return this;
  }

  /** True once enough errors are known that the rest would only be counted: checked between array items. */
  full(): boolean {
    if (this.distinct === undefined || this.distinct.size <= this.maxErrors) return false;
    this.stopped = true;
    return true;
  }

  addError(error: RawError): void {
    this.errors?.push(error);
    if (error.expected !== 'null') this.distinct?.add(`${error.path}\u0000${error.expected}`);
  }
}

/** What io-ts says a failure expected: its message, else the name of the codec that failed. */
export function expectedOf(error: t.ValidationError): string {
  return error.message ?? error.context[error.context.length - 1]?.type.name ?? 'a valid value';
}

/**
 * Lets io-ts validate one node (at depth `d`, or at `key` below it): its warnings go to the walk
 * with their full path, its errors are recorded when the walk explains. io-ts words everything.
 */
export function delegate(codec: t.Mixed, value: unknown, walk: Walk, d: number, key?: PathSegment): boolean {
  let depth = d;
  if (key !== undefined) {
    walk.path[d] = key;
    depth += 1;
  }
  const sink = walk.warnings;
  sink.segments = walk.path;
  sink.depth = depth;
  const result = validateCollecting(sink, codec, value, [{ key: '', type: codec, actual: value }]);
  // io-ts returns an fp-ts Either; reading its tag avoids a deep fp-ts import that ESM cannot resolve.
  if (result._tag === 'Right') {
    if (result.right === value) return true;
    walk.transformed = true;
    walk.stopped = true;
    return false;
  }
  if (walk.errors !== undefined) {
    const prefix = formatJsonPath(walk.path, depth);
    for (const error of result.left)
      walk.addError({ path: joinJsonPath(prefix, pathOf(error.context)), expected: expectedOf(error), value: error.value });
  }
  return false;
}

/** The quick test of a scalar plan: true means valid with nothing to report. */
export function isClean(test: CleanTest, v: unknown): boolean {
  switch (test.test) {
    case 'typeof':
      return typeof v === test.type;
    case 'null':
      return v === null;
    case 'any':
      return true;
    case 'record':
      return isRecord(v);
    case 'literal':
      return v === test.value;
    case 'oneOf':
      return typeof v === 'string' && test.values.has(v);
    case 'format':
      return typeof v === 'string' && test.matches(v);
    case 'noneOf':
      return (
        typeof v === 'object' && v !== null && test.keys.every((k) => (v as Record<string, unknown>)[k] === undefined || !hasOwn(v, k))
      );
  }
}

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/**
 * Checks `v` against `plan` the way io-ts validates it (same order, same errors and warnings),
 * without generated code: the decoder's explanation of a failure, and its only path where code
 * generation from strings is forbidden. Returns true when `v` is valid.
 */
export function walkPlan(plan: Plan, v: unknown, walk: Walk, d: number): boolean {
  switch (plan.kind) {
    case 'leaf':
      return isClean(plan.clean, v) || delegate(plan.codec, v, walk, d);
    case 'delegate':
      return delegate(plan.codec, v, walk, d);
    case 'object': {
      if (!isRecord(v)) return delegate(plan.codec, v, walk, d);
      let ok = true;
      for (const { key, plan: child } of plan.props) {
        const x = v[key];
        // io-ts validates an absent optional property too, but drops its errors; our codecs report nothing for it.
        if (plan.optional && x === undefined) continue;
        walk.path[d] = key;
        if (!walkPlan(child, x, walk, d + 1)) {
          if (walk.stopped || walk.errors === undefined) return false;
          ok = false;
        }
      }
      return ok;
    }
    case 'intersection': {
      let ok = true;
      for (const member of plan.members) {
        if (!walkPlan(member, v, walk, d)) {
          if (walk.stopped || walk.errors === undefined) return false;
          ok = false;
        }
      }
      return ok;
    }
    case 'nullable':
      // Our inner codecs accept or refuse `null` without a warning, and `t.null` accepts it.
      if (v === null || walkPlan(plan.inner, v, walk, d)) return true;
      if (walk.stopped || walk.errors === undefined) return false;
      return delegate(plan.nullCodec, v, walk, d);
    case 'array': {
      if (!Array.isArray(v)) return delegate(plan.codec, v, walk, d);
      let ok = true;
      for (let i = 0; i < v.length; i += 1) {
        if (walk.full()) return false;
        walk.path[d] = i;
        if (!walkPlan(plan.item, v[i], walk, d + 1)) {
          if (walk.stopped || walk.errors === undefined) return false;
          ok = false;
        }
      }
      return ok;
    }
    case 'oneOrMany':
      return Array.isArray(v) ? walkPlan(plan.many, v, walk, d) : walkPlan(plan.item, v, walk, d);
    case 'taggedUnion': {
      const member = plan.codec.select(v);
      // Not an object, or no member: io-ts refuses it, or keeps it with a warning (an unknown subtype).
      if (member === undefined) return delegate(plan.codec, v, walk, d);
      return walkPlan(plan.members[plan.codec.members.indexOf(member)] as Plan, v, walk, d);
    }
  }
}
