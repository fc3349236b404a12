/** Why a value was reported: stable codes that callers and tests match on. */
export type IssueCode =
  | 'invalid-type'
  | 'unknown-enum-value'
  | 'unexpected-odata-type'
  | 'invalid-guid'
  | 'invalid-phone-number'
  | 'read-only-in-request'
  | 'unknown-union-member'
  | 'invalid-json'
  // Version-aware and docs checks (versions/versionIssues.ts): warnings, never errors.
  | 'not-in-version'
  | 'unknown-property'
  | 'misspelt-property'
  | 'enum-case-mismatch'
  | 'placeholder-value'
  | 'empty-id'
  | 'missing-property'
  | 'version-mismatch'
  // A null Graph's own examples send where the schema has a value (a roster participant's id): accepted.
  | 'unexpected-null';

/** One error or warning: where (a JSON path), what was expected, and what arrived (truncated). */
export interface DecodeIssue {
  readonly code: IssueCode;
  /** `targets[1].identity.user.id`; `$` is the value itself. */
  readonly path: string;
  readonly expected: string;
  /** The value that arrived, as JSON, cut to at most 80 characters. */
  readonly received: string;
  readonly message: string;
}
