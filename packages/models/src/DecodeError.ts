import type { DecodeIssue } from './DecodeIssue';
import { GraphCallingError } from './GraphCallingError';

/** Thrown by the `parse*` conveniences: carries the same issues a `decode` result would. */
export class DecodeError extends GraphCallingError<'decode-failed'> {
  override readonly name = 'DecodeError';

  constructor(
    /** What was being decoded (`call`, `commsNotifications`). */
    readonly target: string,
    readonly errors: readonly DecodeIssue[],
    readonly warnings: readonly DecodeIssue[],
    /** How many errors there were before the list was capped. */
    readonly errorCount: number = errors.length,
    /** False when the decode stopped counting: there were at least `errorCount` errors. */
    readonly errorCountExact: boolean = true,
  ) {
    const first = errors
      .slice(0, 3)
      .map((e) => e.message)
      .join('; ');
    const more = errorCount > 3 ? ` (and ${errorCountExact ? '' : 'at least '}${errorCount - 3} more)` : '';
    super('decode-failed', `invalid ${target}: ${first}${more}`);
  }
}
