import { GraphCallingError } from '@graph-calling/models';
/** Why a builder refused its input: stable codes that callers can branch on. */
export type BuilderErrorCode =
  | 'invalid-value'
  | 'empty-value'
  | 'too-long'
  | 'invalid-text'
  | 'invalid-callback-uri'
  | 'invalid-guid'
  | 'invalid-phone-number'
  | 'missing-targets'
  | 'too-many-targets'
  | 'missing-display-name'
  | 'missing-blob'
  | 'unknown-modality'
  | 'out-of-range';

/**
 * Thrown before a request leaves the process: says which field, what was expected, what
 * arrived, and how to fix it.
 */
export class BuilderError extends GraphCallingError<BuilderErrorCode> {
  override readonly name = 'BuilderError';

  constructor(
    code: BuilderErrorCode,
    /** The option that was wrong, as the caller wrote it: `to.id`, `media.blob`, `callbackUri`. */
    readonly field: string,
    readonly expected: string,
    /** What arrived, as JSON, cut to 80 characters. */
    readonly received: string,
    hint?: string,
  ) {
    super(code, `${field}: expected ${expected}, found ${received}${hint ? ` (${hint})` : ''}`);
  }
}
