import { createScanner, printParseErrorCode, visit } from 'jsonc-parser';
import type { Diagnostic, DiagnosticCode } from './Diagnostic';
import { diagnosticPath } from './diagnosticPath';

/** Where the text starts on its page, so diagnostics point at page lines and columns. */
export interface TextOrigin {
  /** 1-based page line of the text's first character. */
  readonly line: number;
  /** 1-based page column of the text's first character. */
  readonly column: number;
  /** Columns stripped from every following line (a fence inside a list item). */
  readonly indent?: number;
}

/** A JSON text read as far as it can be, with everything that was tolerated on the way. */
export interface TolerantJson {
  /** The value read; `undefined` only when nothing could be read at all. */
  readonly value: unknown;
  readonly diagnostics: readonly Diagnostic[];
  /** True when `JSON.parse` accepts the text as written (placeholders and duplicates allowed). */
  readonly strict: boolean;
  /** True when the text was a backslash-escaped JSON blob and was unescaped to be read. */
  readonly escaped: boolean;
}

/** Nesting deeper than this is refused up front: the parser recurses once per level. */
export const MAX_JSON_DEPTH = 1000;

/** Diagnostics after which `JSON.parse` would not accept the text. */
const NON_STRICT: ReadonlySet<DiagnosticCode> = new Set<DiagnosticCode>([
  'trailing-comma',
  'comment',
  'json-syntax',
  'json-too-deep',
  'escaped-json',
]);

/**
 * A value the reader must replace: `"<Media Session Configuration>"`, `"<Token>"`, or the
 * Graph docs' generated sample form `"<property>-value"` (`"tenantId-value"`).
 */
const PLACEHOLDER = /^(?:<[^<>\r\n]+>|[A-Za-z][A-Za-z0-9]*-value)$/;

const ORIGIN_START: TextOrigin = { line: 1, column: 1 };

/**
 * Reads JSON the way the docs write it: trailing commas, comments, duplicate keys and
 * placeholders are tolerated and reported; syntax errors are reported with the value read
 * around them. Never throws. Duplicate keys keep the last value, as `JSON.parse` does.
 */
export function parseTolerantJson(text: string, origin: TextOrigin = ORIGIN_START): TolerantJson {
  const direct = readJson(text, origin);
  if (direct.diagnostics.some((d) => d.code === 'json-syntax')) {
    const unescaped = unescapeBlob(text);
    if (unescaped !== undefined) {
      const inner = readJson(unescaped, { line: origin.line, column: origin.column });
      if (!inner.diagnostics.some((d) => d.code === 'json-syntax' || d.code === 'json-too-deep')) {
        const escapedNote: Diagnostic = {
          code: 'escaped-json',
          severity: 'warning',
          message: 'expected a JSON value, found a backslash-escaped JSON string (\\"…\\"); read as the JSON it encodes',
          line: origin.line,
          column: origin.column,
        };
        return finish(inner.value, [escapedNote, ...inner.diagnostics], true);
      }
    }
  }
  return finish(direct.value, direct.diagnostics, false);
}

function finish(value: unknown, diagnostics: Diagnostic[], escaped: boolean): TolerantJson {
  const strict = !diagnostics.some((d) => NON_STRICT.has(d.code));
  return { value, diagnostics, strict, escaped };
}

/** `{\"a\":1}` is the body of a JSON string literal; anything else is not an escaped blob. */
function unescapeBlob(text: string): string | undefined {
  const trimmed = text.trim();
  if (!/^[[{]\\"/.test(trimmed)) return undefined;
  try {
    const decoded: unknown = JSON.parse(`"${trimmed}"`);
    return typeof decoded === 'string' ? decoded : undefined;
  } catch {
    return undefined;
  }
}

interface ObjectFrame {
  readonly kind: 'object';
  readonly value: Record<string, unknown>;
  readonly keys: Map<string, number>;
  pendingKey: string | undefined;
}
interface ArrayFrame {
  readonly kind: 'array';
  readonly value: unknown[];
}

function readJson(text: string, origin: TextOrigin): { value: unknown; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const indent = origin.indent ?? 0;
  const at = (line: number, character: number) => ({
    line: origin.line + line,
    column: (line === 0 ? origin.column : 1 + indent) + character,
  });

  const depth = maxDepth(text);
  if (depth.depth > MAX_JSON_DEPTH) {
    diagnostics.push({
      code: 'json-too-deep',
      severity: 'error',
      message: `expected JSON nested at most ${MAX_JSON_DEPTH} levels deep, found deeper nesting`,
      ...at(depth.line, depth.character),
    });
    return { value: undefined, diagnostics };
  }

  const stack: Array<ObjectFrame | ArrayFrame> = [];
  let root: unknown = undefined;
  let haveRoot = false;
  let comma: { line: number; character: number } | undefined;

  const attach = (value: unknown) => {
    const top = stack[stack.length - 1];
    if (top === undefined) {
      if (!haveRoot) {
        root = value;
        haveRoot = true;
      }
    } else if (top.kind === 'array') {
      top.value.push(value);
    } else if (top.pendingKey !== undefined) {
      // defineProperty keeps `__proto__` an ordinary own key, as JSON.parse does.
      Object.defineProperty(top.value, top.pendingKey, { value, enumerable: true, writable: true, configurable: true });
      top.pendingKey = undefined;
    }
  };
  const closing = () => {
    if (comma !== undefined) {
      diagnostics.push({
        code: 'trailing-comma',
        severity: 'warning',
        message: 'expected a value after ",", found the end of the object or array (trailing comma ignored)',
        ...at(comma.line, comma.character),
      });
      comma = undefined;
    }
  };

  visit(
    text,
    {
      onObjectBegin: () => {
        comma = undefined;
        const value: Record<string, unknown> = {};
        attach(value);
        stack.push({ kind: 'object', value, keys: new Map(), pendingKey: undefined });
      },
      onObjectEnd: () => {
        closing();
        stack.pop();
      },
      onArrayBegin: () => {
        comma = undefined;
        const value: unknown[] = [];
        attach(value);
        stack.push({ kind: 'array', value });
      },
      onArrayEnd: () => {
        closing();
        stack.pop();
      },
      onObjectProperty: (property, _offset, _length, line, character, pathSupplier) => {
        comma = undefined;
        const top = stack[stack.length - 1];
        if (top?.kind !== 'object') return;
        const first = top.keys.get(property);
        const here = at(line, character);
        if (first !== undefined) {
          const where = diagnosticPath(pathSupplier());
          diagnostics.push({
            code: 'duplicate-key',
            severity: 'warning',
            message: `expected each key once in ${where}, found "${property}" again (first at line ${first}); the later value wins, as JSON.parse reads it`,
            ...here,
            path: diagnosticPath([...pathSupplier(), property]),
          });
        } else {
          top.keys.set(property, here.line);
        }
        top.pendingKey = property;
      },
      onLiteralValue: (value: unknown, _offset, _length, line, character, pathSupplier) => {
        comma = undefined;
        if (typeof value === 'string' && PLACEHOLDER.test(value)) {
          diagnostics.push({
            code: 'placeholder',
            severity: 'warning',
            message: `expected a real value, found the placeholder ${JSON.stringify(value)}`,
            ...at(line, character),
            path: diagnosticPath(pathSupplier()),
          });
        }
        attach(value);
      },
      onSeparator: (character, _offset, _length, line, startCharacter) => {
        comma = character === ',' ? { line, character: startCharacter } : undefined;
      },
      onComment: (_offset, _length, line, character) => {
        diagnostics.push({
          code: 'comment',
          severity: 'warning',
          message: 'expected JSON without comments, found a comment (ignored)',
          ...at(line, character),
        });
      },
      onError: (error, offset, length, line, character) => {
        const found = length > 0 ? JSON.stringify(text.slice(offset, offset + Math.min(length, 40))) : 'the end of the text';
        diagnostics.push({
          code: 'json-syntax',
          severity: 'error',
          message: `${describeError(printParseErrorCode(error))}, found ${found}`,
          ...at(line, character),
        });
      },
    },
    { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false },
  );
  return { value: root, diagnostics };
}

function describeError(code: string): string {
  switch (code) {
    case 'InvalidSymbol':
      return 'expected a JSON token';
    case 'InvalidNumberFormat':
      return 'expected a number';
    case 'PropertyNameExpected':
      return 'expected a property name in double quotes';
    case 'ValueExpected':
      return 'expected a value';
    case 'ColonExpected':
      return 'expected ":"';
    case 'CommaExpected':
      return 'expected ","';
    case 'CloseBraceExpected':
      return 'expected "}"';
    case 'CloseBracketExpected':
      return 'expected "]"';
    case 'EndOfFileExpected':
      return 'expected the end of the JSON text';
    case 'UnexpectedEndOfComment':
      return 'expected "*/" to close the comment';
    case 'UnexpectedEndOfString':
      return 'expected a closing double quote';
    case 'UnexpectedEndOfNumber':
      return 'expected more digits';
    case 'InvalidUnicode':
      return 'expected a valid \\u escape';
    case 'InvalidEscapeCharacter':
      return 'expected a valid escape sequence';
    case 'InvalidCharacter':
      return 'expected a printable character in the string';
    default:
      return `expected valid JSON (${code})`;
  }
}

// jsonc-parser's SyntaxKind is an ambient const enum, which isolated modules cannot read.
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const EOF = 17;

/** Deepest bracket nesting, found with the library's scanner (iterative, so any depth is safe). */
function maxDepth(text: string): { depth: number; line: number; character: number } {
  const scanner = createScanner(text, true);
  let depth = 0;
  let deepest = { depth: 0, line: 0, character: 0 };
  for (let token: number = scanner.scan(); token !== EOF; token = scanner.scan()) {
    if (token === OPEN_BRACE || token === OPEN_BRACKET) {
      depth += 1;
      if (depth > deepest.depth) {
        deepest = { depth, line: scanner.getTokenStartLine(), character: scanner.getTokenStartCharacter() };
        if (depth > MAX_JSON_DEPTH) break;
      }
    } else if (token === CLOSE_BRACE || token === CLOSE_BRACKET) {
      depth = Math.max(0, depth - 1);
    }
  }
  return deepest;
}
