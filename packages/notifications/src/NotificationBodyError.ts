import { GraphCallingError, type DecodeIssue } from '@graph-calling/models';

/** Why a callback body was refused. */
export type NotificationBodyErrorCode =
  | 'unsupported-media-type'
  /** A body sent content-coded (gzip, br, …): answered 415 with `Accept-Encoding: identity`. */
  | 'unsupported-content-encoding'
  | 'too-large'
  | 'invalid-json'
  | 'not-notifications'
  | 'invalid-notification'
  | 'invalid-resource-url'
  /** A call, participant or operation id in the resourceUrl that is not a usable id (see `resourceIdProblem`). */
  | 'invalid-resource-id'
  | 'too-many-notifications'
  | 'too-many-participants'
  | 'too-many-objects'
  | 'body-timeout';

const STATUS: Record<NotificationBodyErrorCode, 400 | 408 | 413 | 415> = {
  'unsupported-media-type': 415,
  'unsupported-content-encoding': 415,
  'too-large': 413,
  'invalid-json': 400,
  'not-notifications': 400,
  'invalid-notification': 400,
  'invalid-resource-url': 400,
  'invalid-resource-id': 400,
  'too-many-notifications': 413,
  'too-many-participants': 413,
  'too-many-objects': 413,
  'body-timeout': 408,
};

/** A refused callback body, with the decode issues that explain it (paths, expected, received). */
export class NotificationBodyError extends GraphCallingError<NotificationBodyErrorCode> {
  override readonly name = 'NotificationBodyError';
  readonly status: 400 | 408 | 413 | 415;

  constructor(
    code: NotificationBodyErrorCode,
    message: string,
    readonly issues: readonly DecodeIssue[] = [],
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
    this.status = STATUS[code];
  }
}
