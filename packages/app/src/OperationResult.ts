import type { CommsOperation, ResultInfo } from '@graph-calling/models';
import type { OperationCompletion } from '@graph-calling/notifications';

/** Where Graph keeps a recording, and the bearer token to download it with. */
export interface Recording {
  readonly location: string;
  readonly accessToken: string | undefined;
}

/**
 * What an awaited operation (`playPrompt`, `record`, `subscribeToTone`, `invite`, …) resolves
 * with once its completion notification arrived — on this instance or, through the event feed,
 * on another one. A failed operation rejects with `OperationFailedError` instead.
 */
export interface OperationResult<O extends CommsOperation = CommsOperation> {
  /** Graph's answer to the action (the operation as it started). */
  readonly started: O;
  readonly operationId: string | undefined;
  /** `playPromptOperation`, `recordOperation`, … */
  readonly operationType: string;
  readonly clientContext: string | undefined;
  /** Why it stopped (`completedSuccessfully`, `stopToneDetected`, `maxRecordDurationReached`, …), when Graph says. */
  readonly completionReason: string | undefined;
  readonly resultInfo: ResultInfo | undefined;
  /** The completion notification's operation, as reduced by the receiver. */
  readonly completion: OperationCompletion;
}

/** What an awaited `record` resolves with: an {@link OperationResult} and the recording. */
export interface RecordResult<O extends CommsOperation = CommsOperation> extends OperationResult<O> {
  /** Where to download what was recorded (absent when Graph recorded nothing). */
  readonly recording: Recording | undefined;
}
