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

// Ownership (one keeper per call across instances)
export { emptyRecord } from './CallRecord';
export { LocalCallLeases } from './CallLeases';
export { CallOwnership } from './CallOwnership';

// Receive
export { createCallbackReceiver } from './createCallbackReceiver';
export { createNodeCallbackHandler } from './nodeAdapter';
export { graphCallbacks } from './fastifyPlugin';
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
export type { CallLeases, LocalCallLeasesOptions } from './CallLeases';
export type { CallOwnershipOptions, OwnedCallDuties, OwnershipStopOptions, ShutdownReport } from './CallOwnership';
export type {
  CallbackReceiver,
  CallbackReceiverOptions,
  AcceptedCallback,
  CommittedCallback,
  EventContext,
  EventHandler,
} from './createCallbackReceiver';
export type { NodeCallbackHandlerOptions } from './nodeAdapter';
export type { GraphCallbacksOptions } from './fastifyPlugin';
export type { Acknowledge } from './acknowledge';
export type { CallbackEvent, EventMap, EventName, ParticipantChange } from './events';
