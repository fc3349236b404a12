// Verify
export { createTokenVerifier } from './createTokenVerifier';
export { TokenError } from './TokenError';

// Parse
export { parseNotifications } from './parseNotifications';
export { tolerateNullParticipantIds } from './nullParticipantIds';
export { NotificationBodyError } from './NotificationBodyError';
export { parseJsonBody } from './readJsonBody';

// State
export { reduceCall } from './reduceCall';
export { MemoryCallStore } from './CallStore';
export { advances as callStateAdvances, phaseOf as callStatePhase } from './callStateOrder';
export { MEMORY_STORE_DEFAULTS } from './CallStore';
export { createReconciler } from './createReconciler';
export { participantId } from './reduceCall';

// What instances share besides the store: leases (contract only) and events
export { emptyRecord, summaryOf } from './CallRecord';
export { MemoryEventFeed } from './EventFeed';

// Receive
export { createCallbackReceiver } from './createCallbackReceiver';
export { createNodeCallbackHandler } from './nodeAdapter';
export { applyServerLimits } from './serverLimits';

export type { TokenErrorCode } from './TokenError';
export type { TokenClaims, TokenVerifier, TokenVerifierOptions, VerifiedCaller } from './createTokenVerifier';
export type { OpenIdKeysOptions } from './OpenIdKeys';
export type { ParsedNotification, ChangedResource, ParseOptions, ParsedBody } from './parseNotifications';
export type { ResourcePath } from './resourceUrl';
export type { ToleratedBody } from './nullParticipantIds';
export type { NotificationBodyErrorCode } from './NotificationBodyError';
export type { AppRecord, CallRecord, CallSummary, GapReason, IdTable } from './CallRecord';
export type {
  CallStore,
  CallStoreChange,
  CallStoreUpdate,
  EvictionReason,
  MemoryCallStoreOptions,
  OrphanedOutboxEntry,
  OutboxShare,
  OutboxUpdate,
} from './CallStore';
export type {
  Reconciler,
  ReconcilerOptions,
  ReconcileClient,
  ReconcileOutcome,
  ReconcileReason,
  ReconcilerStats,
} from './createReconciler';
export type { ReduceOptions, Reduction } from './reduceCall';
export type { CallLeases, LeaseHistory } from './CallLeases';
export type { EventFeed, FeedMessage } from './EventFeed';
export type {
  CallbackReceiver,
  CallbackReceiverOptions,
  AcceptedCallback,
  CommittedCallback,
  EventContext,
  EventHandler,
} from './createCallbackReceiver';
export type { NodeCallbackHandlerOptions } from './nodeAdapter';
export type { Acknowledge } from './acknowledge';
export type { ServerLimits } from './serverLimits';
export type { Refusal } from './refusal';
export type { CallbackEvent, EventMap, EventName, ParticipantChange } from './events';

// Call actions: operations, tones and incoming calls
export { createOperationTracker, OperationTimeoutError } from './operationTracker';

export type { IncomingCall } from './incomingCall';
export type { OperationResource, OperationRosterResource } from './operationResource';
export type { OperationOutcome } from './events';
export type { OperationCompletion, OperationKey, OperationTracker, OperationTrackerOptions } from './operationTracker';
