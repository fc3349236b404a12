import { randomUUID } from 'node:crypto';
import {
  callAction,
  callActionAnswer,
  callActionPath,
  checkResourceId,
  resourceIdProblem,
  decode,
  GuidString,
  previewJson,
  type CallAction,
  type AnsweringCallActionName,
  type Call,
  type CallActionAnswer,
  type CallActionBody,
  type CallActionName,
  type CallRequest,
  type CallsCollection,
} from '@graph-calling/models';
import { LRUCache } from 'lru-cache';
import type { RetryOptions } from './backoff';
import { parseRetryAfter } from './backoff';
import type { TokenProvider } from './auth/TokenProvider';
import { callActionMethods, type CallActionMethods, type InvokeAction, type OperationWaiter } from './callActionMethods';
import { CLOUDS, type Cloud } from './clouds';
import { GraphError } from './GraphError';
import { hintFor } from './hints';
import type { RequestOptions } from './RequestOptions';
import { authMiddleware } from './middleware/auth';
import { fetchHandler } from './middleware/fetchHandler';
import { retryMiddleware } from './middleware/retry';
import { telemetryMiddleware, USER_AGENT } from './middleware/telemetry';
import { timeoutMiddleware } from './middleware/timeout';
import { tracingMiddleware } from './middleware/tracing';
import { compose, type GraphRequest, type GraphResponse, type Handler, type Middleware } from './middleware/types';
import { trustedFetch } from './trustedFetch';

/** The ids an action's path names; `create` names none. */
type ActionParams = { readonly callId?: string; readonly participantId?: string };

/** Options of {@link createCallsClient}. */
export interface CallsClientOptions {
  readonly auth: TokenProvider;
  /** Graph base URL (the simulator's, say); default: the cloud's. */
  readonly baseUrl?: string;
  readonly cloud?: Cloud;
  readonly version?: 'v1.0' | 'beta';
  /** Use the deprecated `POST /app/calls` (beta only). */
  readonly useAppCallsPath?: boolean;
  /**
   * Use the deprecated `POST /applications/{id}/calls` (beta only, documented in 2019 beside `/app/calls`)
   * with this application id: your app's client id, the `appid` of its token. New code uses
   * `POST /communications/calls` (the default).
   */
  readonly useApplicationCallsPath?: string;
  readonly retry?: RetryOptions;
  /** Per-attempt timeout (default 30 s). */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
  /**
   * Extra CA certificates (PEM) to trust for the Graph base URL (the simulator's certificate, a TLS
   * proxy's), as `clientCredentials({ ca })` does for the authority. Ignored when `fetch` is given.
   */
  readonly ca?: string | readonly string[];
  readonly userAgent?: string;
  /** Extra middleware, run between telemetry and retry (logging, metrics). */
  readonly middleware?: readonly Middleware[];
  /** Lets operation actions (`playPrompt`, `record`, …) wait for their completion notification. */
  readonly operations?: OperationWaiter;
  /** How many calls' scenario ids are remembered, least recently used forgotten first (default 10,000). */
  readonly maxTrackedCalls?: number;
}

/** What `calls.delete` resolves with. */
export interface DeletedCall {
  /**
   * `true` when a retried DELETE was answered 404: an earlier attempt (one that timed out or lost
   * its connection) had already ended the call. The hang-up succeeded.
   */
  readonly alreadyGone: boolean;
}

/** What `calls.create` returns. */
export interface CreatedCall {
  /** The call's id, from the `Location` header. */
  readonly id: string;
  readonly location: string;
  readonly call: Call;
  readonly scenarioId: string;
  readonly requestId: string | undefined;
  readonly clientRequestId: string;
}

/** The calls API. */
export interface CallsClient {
  readonly calls: CallActionMethods & {
    create(request: CallRequest, options?: RequestOptions): Promise<CreatedCall>;
    get(id: string, options?: RequestOptions): Promise<Call>;
    delete(id: string, options?: RequestOptions): Promise<DeletedCall>;
    keepAlive(id: string, options?: RequestOptions): Promise<void>;
  };
  /** The Graph base in use, version included: `https://graph.microsoft.com/v1.0`. */
  readonly baseUrl: string;
}

/** Where the client sends: the version root and the calls collection (with its application id). */
interface CallsTarget {
  readonly baseUrl: string;
  readonly collection: CallsCollection;
  readonly applicationId: string | undefined;
}

/** A request the client sent for an action, and Graph's (successful or accepted) answer. */
interface SentAction {
  readonly action: CallAction;
  readonly request: GraphRequest;
  readonly response: ExchangedResponse;
}

type ExchangedResponse = GraphResponse & { readonly clientRequestId: string };

/**
 * A Graph client for calls: auth → telemetry → tracing → retry → timeout → fetch, every answer decoded by
 * the models, every failure a {@link GraphError}. Every request is an action of the models' CALL_ACTIONS
 * table: its path, method, retry rule and answer codec come from there.
 */
export function createCallsClient(options: CallsClientOptions): CallsClient {
  const target = callsTarget(options);
  let lastToken: string | undefined;
  // Calls that end without our DELETE (far side, timeout) would otherwise stay here for ever.
  const scenarios = new LRUCache<string, string>({ max: Math.max(1, options.maxTrackedCalls ?? 10_000) });
  const sendAction = actionSender(
    target,
    pipeline(options, (token) => (lastToken = token)),
    scenarios,
    () => rolesOf(lastToken),
  );

  const invoke: InvokeAction = {
    async answer(name, params, body, opts) {
      return decodeAnswer(name, await sendAction(name, params, body, opts));
    },
    async send(name, params, body, opts) {
      await sendAction(name, params, body, opts);
    },
  };

  return {
    baseUrl: target.baseUrl,
    calls: {
      ...callActionMethods(invoke, options.operations),
      async create(callRequest, opts) {
        const scenarioId = opts?.scenarioId ?? randomUUID();
        const sent = await sendAction('create', {}, callRequest, opts, { scenarioId, callRequest });
        const id = createdCallId(sent, scenarioId);
        // The create entry's codec is Call: a created call is decoded as every other answer is.
        const call = decodeAnswer('create', sent);
        scenarios.set(id, scenarioId);
        const { response } = sent;
        return {
          id,
          location: response.headers.get('location') ?? '',
          call,
          scenarioId,
          requestId: response.headers.get('request-id') ?? undefined,
          clientRequestId: response.clientRequestId,
        };
      },
      async get(id, opts) {
        return decodeAnswer('get', await sendAction('get', { callId: id }, undefined, opts));
      },
      async delete(id, opts) {
        const retriedAndGone = (response: GraphResponse) => response.status === 404 && (response.attempts ?? 1) > 1;
        const { response } = await sendAction('delete', { callId: id }, undefined, opts, { accept: retriedAndGone });
        scenarios.delete(id);
        return { alreadyGone: response.status === 404 };
      },
      async keepAlive(id, opts) {
        await sendAction('keepAlive', { callId: id }, undefined, opts);
      },
    },
  };
}

/**
 * The one way a request leaves the client (see `sendAction`), over the middleware chain `send`; `roles` reads
 * the last token's roles to explain a 403.
 */
function actionSender(target: CallsTarget, send: Handler, scenarios: LRUCache<string, string>, roles: () => readonly string[] | undefined) {
  /**
   * Every request goes through here: path, method and retry rule (`idempotent`) come from the action's entry in
   * the models' table. `accept` lets a non-2xx answer through (a DELETE's 404 after a retry).
   */
  return async function sendAction<N extends CallActionName>(
    name: N,
    params: ActionParams,
    body: CallActionBody<N>,
    opts: RequestOptions | undefined,
    extra: {
      readonly scenarioId?: string;
      readonly callRequest?: CallRequest;
      readonly accept?: (response: GraphResponse) => boolean;
    } = {},
  ): Promise<SentAction> {
    const action = callAction(name);
    const scenarioId = extra.scenarioId ?? (params.callId === undefined ? undefined : (opts?.scenarioId ?? scenarios.get(params.callId)));
    const request = requestFor(target.baseUrl, action, actionPath(action, target, params), opts, scenarioId, body);
    const clientRequestId = randomUUID();
    const response = await send({ ...request, headers: { ...request.headers, 'client-request-id': clientRequestId } }).catch(
      (error: unknown) => {
        throw error instanceof GraphError ? error : tokenError(request, clientRequestId, error);
      },
    );
    if ((response.status >= 200 && response.status < 300) || extra.accept?.(response) === true)
      return { action, request, response: { ...response, clientRequestId } };
    throw httpError(request, response, clientRequestId, extra.callRequest, roles(), action);
  };
}

/** Checks the version and calls-collection options, and derives the base URL they address. */
function callsTarget(options: CallsClientOptions): CallsTarget {
  const version = options.version ?? 'v1.0';
  if (options.useAppCallsPath && version !== 'beta')
    throw new TypeError('createCallsClient: /app/calls exists only in beta; set version: "beta"');
  const applicationId = options.useApplicationCallsPath;
  if (applicationId !== undefined) {
    if (version !== 'beta') throw new TypeError('createCallsClient: /applications/{id}/calls exists only in beta; set version: "beta"');
    if (options.useAppCallsPath) throw new TypeError('createCallsClient: choose one of useAppCallsPath and useApplicationCallsPath');
    if (!GuidString.pattern.test(applicationId)) {
      throw new TypeError(
        `createCallsClient: useApplicationCallsPath expects the application (client) id, a GUID; found ${JSON.stringify(applicationId)}`,
      );
    }
  }
  const root = (options.baseUrl ?? CLOUDS[options.cloud ?? 'global'].graph).replace(/\/+$/, '');
  const collection: CallsCollection = applicationId !== undefined ? 'applications' : options.useAppCallsPath ? 'app' : 'communications';
  return { baseUrl: `${root}/${version}`, collection, applicationId };
}

/** The middleware chain every request runs through; `onToken` sees each bearer token (to explain a 403). */
function pipeline(options: CallsClientOptions, onToken: (token: string) => void): Handler {
  return compose(
    [
      authMiddleware(options.auth, onToken),
      telemetryMiddleware(options.userAgent ?? USER_AGENT),
      tracingMiddleware(),
      ...(options.middleware ?? []),
      retryMiddleware(options.retry),
      timeoutMiddleware(options.timeoutMs ?? 30_000),
    ],
    fetchHandler(options.fetch ?? (options.ca !== undefined ? trustedFetch(options.ca) : undefined)),
  );
}

/**
 * The URL path of an action under the client's calls collection (its `/communications/calls` path when the
 * deprecated collections lack it). Ids are checked before they go in: `..` would make `calls/../keepAlive`
 * a POST to `/communications/keepAlive`.
 */
function actionPath(action: CallAction, target: CallsTarget, params: ActionParams): string {
  const id = (value: string | undefined, what: string) => (value === undefined ? '' : encodeURIComponent(checkResourceId(value, what)));
  return (callActionPath(action, target.collection) ?? action.path)
    .replace('{applicationId}', () => target.applicationId ?? '')
    .replace('{callId}', () => id(params.callId, 'call id'))
    .replace('{participantId}', () => id(params.participantId, 'participant id'))
    .replace(/^\//, '');
}

/** The request of one action: method and retry rule from its entry, JSON body when there is one. */
function requestFor(
  baseUrl: string,
  action: CallAction,
  path: string,
  opts: RequestOptions | undefined,
  scenarioId: string | undefined,
  body: unknown,
): GraphRequest {
  return {
    method: action.method,
    url: `${baseUrl}/${path}`,
    headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    ...(opts?.signal ? { signal: opts.signal } : {}),
    idempotent: action.idempotent,
    ...(scenarioId ? { scenarioId } : {}),
  };
}

/** A token provider's failure, as the GraphError every request fails with. */
function tokenError(request: GraphRequest, clientRequestId: string, error: unknown): GraphError {
  return new GraphError({
    kind: 'auth',
    message: `could not get a token: ${error instanceof Error ? error.message : String(error)}`,
    method: request.method,
    url: request.url,
    clientRequestId,
    cause: error,
  });
}

/** What a GraphError about an answer says about the exchange. */
function answerContext({ request, response }: SentAction) {
  return {
    method: request.method,
    url: request.url,
    clientRequestId: response.clientRequestId,
    status: response.status,
    body: response.text,
    ...(request.scenarioId ? { scenarioId: request.scenarioId } : {}),
  };
}

/** Parses an answer's body and decodes it with the action's answer codec; anything else is an `invalid-response`. */
function decodeAnswer<N extends AnsweringCallActionName>(name: N, sent: SentAction): CallActionAnswer<N> {
  const { request, response } = sent;
  const codec = callActionAnswer(name);
  let json: unknown;
  try {
    json = JSON.parse(response.text);
  } catch {
    throw new GraphError({
      ...answerContext(sent),
      kind: 'invalid-response',
      code: 'invalid-json',
      message: `${request.method} ${request.url}: expected a JSON body, found ${previewJson(response.text.replace(/\s+/g, ' ').trim(), 120)}`,
    });
  }
  const result = decode(codec, json);
  if (!result.ok) {
    throw new GraphError({
      ...answerContext(sent),
      kind: 'invalid-response',
      code: 'unexpected-shape',
      issues: result.errors,
      message: `${request.method} ${request.url}: the answer is not a ${codec.name}: ${result.errors
        .slice(0, 3)
        .map((e) => e.message)
        .join('; ')}`,
    });
  }
  return result.value;
}

/** The id of a created call, from the answer's `Location`; an `invalid-response` when it is missing or unusable. */
function createdCallId(sent: SentAction, scenarioId: string): string {
  const { request, response } = sent;
  const location = response.headers.get('location');
  const context = { ...answerContext(sent), scenarioId, kind: 'invalid-response' as const };
  if (!location) {
    throw new GraphError({
      ...context,
      code: 'missing-location',
      message: `POST ${request.url}: ${response.status} without a Location header: the call id is unknown, so it cannot be managed (do not create it again blindly)`,
    });
  }
  const id = locationId(location);
  const problem = id === undefined ? 'malformed percent-escape' : resourceIdProblem(id);
  if (id === undefined || problem !== undefined) {
    throw new GraphError({
      ...context,
      code: 'invalid-location',
      message: `POST ${request.url}: ${response.status} with a Location whose call id cannot be used in a URL (${problem}): ${previewJson(location, 120)}; the call may exist, so do not create it again blindly`,
    });
  }
  return id;
}

/** The last path segment of a create answer's Location, decoded; `undefined` when its escapes are malformed. */
function locationId(location: string): string | undefined {
  const segment =
    location
      .replace(/[?#].*$/, '')
      .replace(/\/+$/, '')
      .split('/')
      .pop() ?? '';
  try {
    return decodeURIComponent(segment);
  } catch (error) {
    if (error instanceof URIError) return undefined;
    throw error;
  }
}

/** Turns an error answer into a GraphError, reading Graph's error body when there is one. */
function httpError(
  request: GraphRequest,
  response: GraphResponse,
  clientRequestId: string,
  callRequest: CallRequest | undefined,
  roles: readonly string[] | undefined,
  action?: CallAction,
): GraphError {
  let code = `HTTP ${response.status}`;
  let message = '';
  let date: string | undefined;
  let requestId = response.headers.get('request-id') ?? undefined;
  try {
    // Any JSON value: `null` or a number parses too, and `error` and `innerError` may be anything.
    const parsed = JSON.parse(response.text) as {
      error?: { code?: unknown; message?: unknown; innerError?: Record<string, unknown> | null } | null;
    } | null;
    const error = parsed?.error;
    if (typeof error?.code === 'string') code = error.code;
    if (typeof error?.message === 'string') message = error.message;
    const inner = error?.innerError ?? {};
    if (typeof inner['date'] === 'string') date = inner['date'];
    if (typeof inner['request-id'] === 'string') requestId = inner['request-id'];
  } catch {
    // An HTML page from a proxy, or plain text: kept in `body`.
    message = `non-JSON answer (${response.headers.get('content-type') ?? 'no content type'}): ${previewJson(response.text.replace(/\s+/g, ' ').trim(), 120)}`;
  }
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  const hint = hintFor(response.status, code, message, callRequest, roles, action);
  return new GraphError({
    kind: 'http',
    status: response.status,
    code,
    message: `${request.method} ${request.url} answered ${response.status} ${code}${message ? `: ${message}` : ''}`,
    method: request.method,
    url: request.url,
    clientRequestId,
    ...(requestId ? { requestId } : {}),
    ...(request.scenarioId ? { scenarioId: request.scenarioId } : {}),
    ...(date ? { date } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    body: response.text,
    ...(hint ? { hint } : {}),
  });
}

/** The `roles` claim of a JWT, read without verifying it (only to explain a 403). */
function rolesOf(token: string | undefined): readonly string[] | undefined {
  const payload = token?.split('.')[1];
  if (!payload) return undefined;
  try {
    const roles = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { roles?: unknown } | null)?.roles;
    return Array.isArray(roles) ? roles.map(String) : undefined;
  } catch {
    return undefined;
  }
}
