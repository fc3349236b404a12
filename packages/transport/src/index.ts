// Client
export { createCallsClient } from './createCallsClient';
export { startKeepAlive } from './keepAlive';
export { GraphError } from './GraphError';
export { CLOUDS } from './clouds';

// Auth
export { clientCredentials } from './auth/clientCredentials';
export { staticToken, tokenCallback } from './auth/TokenProvider';
export { trustedFetch } from './trustedFetch';

// Building blocks
export { parseRetryAfter, backoffDelay, DEFAULT_RETRY } from './backoff';
export { compose } from './middleware/types';
export { USER_AGENT } from './middleware/telemetry';
export { VERSION } from './version';

export type { CallsClient, CallsClientOptions, CreatedCall, DeletedCall } from './createCallsClient';
export type { RequestOptions } from './RequestOptions';
export type { KeepAlive, KeepAliveOptions } from './keepAlive';
export type { GraphErrorKind } from './GraphError';
export type { Cloud } from './clouds';
export type { TokenProvider } from './auth/TokenProvider';
export type { ClientCredentialsOptions } from './auth/clientCredentials';
export type { RetryOptions } from './backoff';
export type { GraphRequest, GraphResponse, Handler, Middleware } from './middleware/types';

// Call actions (answer, reject, redirect, transfer, playPrompt, record, …, participants)
export { callActionMethods } from './callActionMethods';

export type {
  CallActionMethods,
  OperationRequestOptions,
  OperationWaiter,
  OperationCompletionLike,
  StartedOperation,
  InvokeAction,
} from './callActionMethods';
