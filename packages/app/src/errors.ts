import { GraphCallingError, type ResultInfo } from '@graph-calling/models';
import type { CallbackEvent } from '@graph-calling/notifications';

/** Every code an {@link AppError} carries, one per class. */
export type AppErrorCode = 'call-ended' | 'wait-timeout' | 'operation-failed' | 'app-closed' | 'call-data' | 'lease-lost';

/**
 * The base of this package's errors: a {@link GraphCallingError} with a typed `code` per class
 * (recognised across copies of the package), a message saying what was expected and what happened,
 * and a `cause`.
 */
export abstract class AppError extends GraphCallingError<AppErrorCode> {}

/** A wait or an operation could not finish because the call ended first. */
export class CallEndedError extends AppError {
  override readonly name = 'CallEndedError';

  constructor(
    readonly callId: string,
    /** What was waited for: `state established`, `tone.received`, `playPrompt completion`, … */
    readonly waitedFor: string,
    /** Why the call ended, as Graph said. */
    readonly resultInfo: ResultInfo | undefined,
  ) {
    super('call-ended', `call ${callId} ended before ${waitedFor}${resultInfo ? ` (${describeResult(resultInfo)})` : ''}`);
  }
}

/** A wait ran out of time. */
export class WaitTimeoutError extends AppError {
  override readonly name = 'WaitTimeoutError';

  constructor(
    readonly callId: string,
    readonly waitedFor: string,
    readonly timeoutMs: number,
    /** The call's state when time ran out (from the store). */
    readonly state: string | undefined,
  ) {
    super(
      'wait-timeout',
      `expected ${waitedFor} on call ${callId} within ${timeoutMs} ms, found none (the call is ${state ?? 'unknown to the store'}); ` +
        'with several instances, check that they share one store and one event feed',
    );
  }
}

/** An operation (prompt, recording, invitation, …) finished with a failure. */
export class OperationFailedError extends AppError {
  override readonly name = 'OperationFailedError';

  constructor(
    readonly callId: string,
    readonly operationType: string,
    readonly resultInfo: ResultInfo | undefined,
    readonly completionReason: string | undefined,
  ) {
    super(
      'operation-failed',
      `expected ${operationType} on call ${callId} to complete, found it failed` +
        `${resultInfo ? ` (${describeResult(resultInfo)})` : ''}${completionReason ? `, completion reason ${completionReason}` : ''}`,
    );
  }
}

/** The app is closing or closed: no new call, no new wait. */
export class AppClosedError extends AppError {
  override readonly name = 'AppClosedError';

  constructor(what: string) {
    super('app-closed', `expected a running app for ${what}, found it closing or closed`);
  }
}

/**
 * This instance can no longer prove it owns the call (its lease ran out unrenewed — a partition, a
 * paused process — or another instance took it): its flow stops, so two instances never act on one
 * call. If the lease turns out to be still its own, the instance adopts the call again (`onTakeover`).
 */
export class LeaseLostError extends AppError {
  override readonly name = 'LeaseLostError';

  constructor(
    readonly callId: string,
    what: string,
  ) {
    super(
      'lease-lost',
      `expected this instance to hold the lease of call ${callId} for ${what}, found it lost (not renewed in time, or taken over)`,
    );
  }
}

/** The application data kept with a call does not match the app's `data` codec. */
export class CallDataError extends AppError {
  override readonly name = 'CallDataError';

  constructor(
    readonly callId: string,
    message: string,
    options?: { readonly cause?: unknown },
  ) {
    super('call-data', `call ${callId}: ${message}`, options);
  }
}

/** `code/subcode message`, as Graph reports how something ended. */
export function describeResult(resultInfo: ResultInfo): string {
  return `${resultInfo.code ?? '?'}/${resultInfo.subcode ?? '?'}${resultInfo.message ? ` ${resultInfo.message}` : ''}`;
}

/** The resultInfo of a terminated event, else none. */
export function endResult(event: CallbackEvent): ResultInfo | undefined {
  return event.type === 'call.terminated' ? event.resultInfo : undefined;
}
