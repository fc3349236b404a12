/** How serious a diagnostic is: `error` means the value could not be read as written. */
export type Severity = 'error' | 'warning' | 'info';

/**
 * Every problem doc-examples can report. Codes are stable: tests, the docs site and
 * `examples.json` match on them, never on message text.
 */
export type DiagnosticCode =
  | 'trailing-comma'
  | 'duplicate-key'
  | 'comment'
  | 'placeholder'
  | 'escaped-json'
  | 'json-syntax'
  | 'json-too-deep'
  | 'split-http-message'
  | 'unterminated-fence'
  | 'unterminated-annotation'
  | 'malformed-annotation'
  | 'malformed-front-matter'
  | 'byte-order-mark';

/** One finding, located at a 1-based line and column of the page it came from. */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  /** JSON path inside the body (`targets[0].identity.user.id`), when the finding is in JSON. */
  readonly path?: string;
}
