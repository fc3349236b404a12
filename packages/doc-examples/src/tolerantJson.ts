import { createScanner, printParseErrorCode, visit, type JSONPath, type JSONVisitor, type ParseErrorCode } from 'jsonc-parser';
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
  return new TolerantReader(text, origin).read();
}

/** Builds the value from jsonc-parser's visitor events, noting what it tolerates on the way. */
class TolerantReader {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly stack: Array<ObjectFrame | ArrayFrame> = [];
  private root: unknown = undefined;
  private haveRoot = false;
  /** The last comma, while no value followed it yet. */
  private comma: { line: number; character: number } | undefined;

  constructor(
    private readonly text: string,
    private readonly origin: TextOrigin,
  ) {}

  read(): { value: unknown; diagnostics: Diagnostic[] } {
    const depth = maxDepth(this.text);
    if (depth.depth > MAX_JSON_DEPTH) {
      this.diagnostics.push({
        code: 'json-too-deep',
        severity: 'error',
        message: `expected JSON nested at most ${MAX_JSON_DEPTH} levels deep, found deeper nesting`,
        ...this.at(depth.line, depth.character),
      });
      return { value: undefined, diagnostics: this.diagnostics };
    }
    visit(this.text, this.visitor, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
    return { value: this.root, diagnostics: this.diagnostics };
  }

  /** Page line and column of a position in the text. */
  private at(line: number, character: number): { line: number; column: number } {
    return {
      line: this.origin.line + line,
      column: (line === 0 ? this.origin.column : 1 + (this.origin.indent ?? 0)) + character,
    };
  }

  private attach(value: unknown): void {
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) {
      if (!this.haveRoot) {
        this.root = value;
        this.haveRoot = true;
      }
    } else if (top.kind === 'array') {
      top.value.push(value);
    } else if (top.pendingKey !== undefined) {
      // defineProperty keeps `__proto__` an ordinary own key, as JSON.parse does.
      Object.defineProperty(top.value, top.pendingKey, { value, enumerable: true, writable: true, configurable: true });
      top.pendingKey = undefined;
    }
  }

  private open(frame: ObjectFrame | ArrayFrame): void {
    this.comma = undefined;
    this.attach(frame.value);
    this.stack.push(frame);
  }

  private close(): void {
    if (this.comma !== undefined) {
      this.diagnostics.push({
        code: 'trailing-comma',
        severity: 'warning',
        message: 'expected a value after ",", found the end of the object or array (trailing comma ignored)',
        ...this.at(this.comma.line, this.comma.character),
      });
      this.comma = undefined;
    }
    this.stack.pop();
  }

  private property(property: string, line: number, character: number, path: () => JSONPath): void {
    this.comma = undefined;
    const top = this.stack[this.stack.length - 1];
    if (top?.kind !== 'object') return;
    const first = top.keys.get(property);
    const here = this.at(line, character);
    if (first !== undefined) {
      this.diagnostics.push({
        code: 'duplicate-key',
        severity: 'warning',
        message: `expected each key once in ${diagnosticPath(path())}, found "${property}" again (first at line ${first}); the later value wins, as JSON.parse reads it`,
        ...here,
        path: diagnosticPath([...path(), property]),
      });
    } else {
      top.keys.set(property, here.line);
    }
    top.pendingKey = property;
  }

  private literal(value: unknown, line: number, character: number, path: () => JSONPath): void {
    this.comma = undefined;
    if (typeof value === 'string' && PLACEHOLDER.test(value)) {
      this.diagnostics.push({
        code: 'placeholder',
        severity: 'warning',
        message: `expected a real value, found the placeholder ${JSON.stringify(value)}`,
        ...this.at(line, character),
        path: diagnosticPath(path()),
      });
    }
    this.attach(value);
  }

  private syntaxError(error: ParseErrorCode, offset: number, length: number, line: number, character: number): void {
    const found = length > 0 ? JSON.stringify(this.text.slice(offset, offset + Math.min(length, 40))) : 'the end of the text';
    this.diagnostics.push({
      code: 'json-syntax',
      severity: 'error',
      message: `${describeError(printParseErrorCode(error))}, found ${found}`,
      ...this.at(line, character),
    });
  }

  private readonly visitor: JSONVisitor = {
    onObjectBegin: () => this.open({ kind: 'object', value: {}, keys: new Map(), pendingKey: undefined }),
    onObjectEnd: () => this.close(),
    onArrayBegin: () => this.open({ kind: 'array', value: [] }),
    onArrayEnd: () => this.close(),
    onObjectProperty: (property, _offset, _length, line, character, pathSupplier) => this.property(property, line, character, pathSupplier),
    onLiteralValue: (value: unknown, _offset, _length, line, character, pathSupplier) => this.literal(value, line, character, pathSupplier),
    onSeparator: (character, _offset, _length, line, startCharacter) => {
      this.comma = character === ',' ? { line, character: startCharacter } : undefined;
    },
    onComment: (_offset, _length, line, character) => {
      this.diagnostics.push({
        code: 'comment',
        severity: 'warning',
        message: 'expected JSON without comments, found a comment (ignored)',
        ...this.at(line, character),
      });
    },
    onError: (error, offset, length, line, character) => this.syntaxError(error, offset, length, line, character),
  };
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
