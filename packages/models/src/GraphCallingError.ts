/** The global brand of our errors: the same symbol in every copy of every package (ESM and CJS builds, bundles). */
const BRAND = Symbol.for('@graph-calling/error');

/**
 * The base of every error our packages throw: a stable kebab-case `code` to branch on, a message that says
 * what was expected, where and what arrived, and the `cause` it wraps. `instanceof` works across copies of a
 * package (an ESM and a CommonJS build in one process, a bundle carrying its own copy): an error carrying the
 * global brand is an instance of a class when a class of the same name is on its prototype chain.
 */
export class GraphCallingError<Code extends string = string> extends Error {
  override readonly name: string = 'GraphCallingError';
  /** Stable, kebab-case (`invalid-guid`, `body-timeout`); Graph's own codes only where Graph's answer is the subject (GraphError). */
  readonly code: Code;

  constructor(code: Code, message: string, options?: { readonly cause?: unknown }) {
    super(message, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.code = code;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** `error instanceof TokenError` also for a TokenError from another copy of the package. */
  static override [Symbol.hasInstance]<T>(this: abstract new (...args: never[]) => T, value: unknown): value is T {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if (!isGraphCallingError(value)) return false;
    for (let proto: object | null = Reflect.getPrototypeOf(value); proto !== null; proto = Reflect.getPrototypeOf(proto)) {
      const ctor: unknown = Reflect.get(proto, 'constructor');
      if (typeof ctor === 'function' && ctor.name === this.name) return true;
    }
    return false;
  }
}

/** True for an error thrown by any of our packages, whichever copy of it threw. */
export function isGraphCallingError(value: unknown): value is GraphCallingError {
  return typeof value === 'object' && value !== null && Reflect.get(value, BRAND) === true;
}
