// Verify
export { createTokenVerifier, DEFAULT_ISSUERS } from './createTokenVerifier';
export { OpenIdKeys, DEFAULT_OPENID_CONFIGURATION_URL } from './OpenIdKeys';
export { TokenError } from './TokenError';

// Parse
export { parseNotifications } from './parseNotifications';
export { parseResourceUrl } from './resourceUrl';
export { NotificationBodyError } from './NotificationBodyError';
export { parseJsonBody, DEFAULT_BODY_LIMIT } from './readJsonBody';

// State
export { reduceCall } from './reduceCall';
export { MemoryCallStore } from './CallStore';
export { advances as callStateAdvances } from './callStateOrder';

// Receive
export { createCallbackReceiver } from './createCallbackReceiver';
export { createNodeCallbackHandler } from './nodeAdapter';
export { EVENT_NAMES } from './events';

export type { TokenErrorCode } from './TokenError';
export type { TokenVerifier, TokenVerifierOptions, VerifiedCaller } from './createTokenVerifier';
export type { OpenIdKeysOptions } from './OpenIdKeys';
export type { ParsedNotification, ChangedResource, ParseOptions, ParsedBody } from './parseNotifications';
export type { ResourcePath } from './resourceUrl';
export type { NotificationBodyErrorCode } from './NotificationBodyError';
export type { CallRecord } from './CallRecord';
export type { CallStore, CallStoreChange, CallStoreUpdate } from './CallStore';
export type { ReduceOptions, Reduction } from './reduceCall';
export type { CallbackReceiver, CallbackReceiverOptions, AcceptedCallback, EventContext, EventHandler } from './createCallbackReceiver';
export type { NodeCallbackHandlerOptions } from './nodeAdapter';
export type { CallbackEvent, EventMap, EventName, ParticipantChange } from './events';

// Call actions: operations, tones and incoming calls
export { incomingCallOf } from './incomingCall';
export { operationResource } from './operationResource';
export { createOperationTracker, OperationTimeoutError } from './operationTracker';

export type { IncomingCall } from './incomingCall';
export type { OperationResource, OperationRosterResource } from './operationResource';
export type { OperationOutcome } from './events';
export type { OperationTracker, OperationTrackerOptions } from './operationTracker';
