// The app
export { createCallingApp } from './createCallingApp';
export { handleSignals } from './handleSignals';

// Ownership: fenced leases, one keep-alive scheduler
export { CallOwnership } from './CallOwnership';
export { takeoverReason } from './LeaseChange';
export { LocalCallLeases } from './LocalCallLeases';
export { KeepAliveScheduler } from './KeepAliveScheduler';
export { CallEventQueue } from './CallEventQueue';

// Errors
export { AppError, CallEndedError, WaitTimeoutError, OperationFailedError, AppClosedError, CallDataError, LeaseLostError } from './errors';

export type { AppCounts, CallingApp, CallingAppOptions, PlaceOptions, CloseOptions } from './createCallingApp';
export type { AppEventHandler } from './AppEvents';
export type { AppLogger } from './AppLogger';
export type { Call, CallAnswerOptions, CallEventHandler, OperationOptions, WaitOptions } from './Call';
export type { CallData } from './CallData';
export type { ShutdownReport } from './ShutdownReport';
export type { OperationResult, RecordResult, Recording } from './OperationResult';
export type { AppErrorCode } from './errors';
export type { Closable, HandleSignalsOptions } from './handleSignals';
export type { CallOwnershipOptions, DisownReason, OwnedCallDuties, OwnershipStopOptions } from './CallOwnership';
export type { LeaseChange, Takeover, TakeoverReason } from './LeaseChange';
export type { LocalCallLeasesOptions } from './LocalCallLeases';
export type { KeepAliveSchedulerOptions } from './KeepAliveScheduler';
// Re-exported so a bot needs one import for what it handles.
export type {
  CallLeases,
  LeaseHistory,
  EventFeed,
  FeedMessage,
  IncomingCall,
  OperationCompletion,
  EventMap,
  EventName,
} from '@graph-calling/notifications';
