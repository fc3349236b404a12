// Client
export { createCallsClient } from './createCallsClient';
export { startKeepAlive } from './keepAlive';
export { GraphError } from './GraphError';

// Auth
export { clientCredentials } from './auth/clientCredentials';
export { staticToken, tokenCallback } from './auth/TokenProvider';
export { trustedFetch } from './trustedFetch';

// Building blocks
export { compose } from './middleware/types';
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

export type {
  CallActionMethods,
  OperationRequestOptions,
  OperationWaiter,
  OperationCompletionLike,
  StartedOperation,
} from './callActionMethods';
