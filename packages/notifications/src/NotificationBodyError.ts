import type { DecodeIssue } from '@graph-calling/models';

/** Why a callback body was refused. */
export type NotificationBodyErrorCode =
  'unsupported-media-type' | 'too-large' | 'invalid-json' | 'not-notifications' | 'invalid-notification' | 'too-many-participants';

const STATUS: Record<NotificationBodyErrorCode, 400 | 413 | 415> = {
  'unsupported-media-type': 415,
  'too-large': 413,
  'invalid-json': 400,
  'not-notifications': 400,
  'invalid-notification': 400,
  'too-many-participants': 413,
};

/** A refused callback body, with the decode issues that explain it (paths, expected, received). */
export class NotificationBodyError extends Error {
  override readonly name = 'NotificationBodyError';
  readonly status: 400 | 413 | 415;

  constructor(
    readonly code: NotificationBodyErrorCode,
    message: string,
    readonly issues: readonly DecodeIssue[] = [],
  ) {
    super(message);
    this.status = STATUS[code];
  }
}
