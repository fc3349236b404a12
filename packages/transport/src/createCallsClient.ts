import { randomUUID } from 'node:crypto';
import {
  Call,
  callAction,
  callActionPath,
  checkResourceId,
  resourceIdProblem,
  decode,
  GuidString,
  previewJson,
  type CallAction,
  type CallActionName,
  type CallRequest,
  type CallsCollection,
  type DecodeResult,
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
import { compose, type GraphRequest, type GraphResponse, type Middleware } from './middleware/types';
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

/**
 * A Graph client for calls: auth → telemetry → tracing → retry → timeout → fetch, every answer decoded by
 * the models, every failure a {@link GraphError}.
 */
export function createCallsClient(options: CallsClientOptions): CallsClient {
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
  const baseUrl = `${root}/${version}`;
  const collection: CallsCollection = applicationId !== undefined ? 'applications' : options.useAppCallsPath ? 'app' : 'communications';
  let lastToken: string | undefined;
  const send = compose(
    [
      authMiddleware(options.auth, (token) => (lastToken = token)),
      telemetryMiddleware(options.userAgent ?? USER_AGENT),
      tracingMiddleware(),
      ...(options.middleware ?? []),
      retryMiddleware(options.retry),
      timeoutMiddleware(options.timeoutMs ?? 30_000),
    ],
    fetchHandler(options.fetch ?? (options.ca !== undefined ? trustedFetch(options.ca) : undefined)),
  );
  // Calls that end without our DELETE (far side, timeout) would otherwise stay here for ever.
  const scenarios = new LRUCache<string, string>({ max: Math.max(1, options.maxTrackedCalls ?? 10_000) });

  async function exchange(
    request: GraphRequest,
    callRequest?: CallRequest,
    accept?: (response: GraphResponse) => boolean,
    action?: CallAction,
  ): Promise<GraphResponse & { clientRequestId: string }> {
    const clientRequestId = randomUUID();
    const response = await send({ ...request, headers: { ...request.headers, 'client-request-id': clientRequestId } }).catch(
      (error: unknown) => {
        if (error instanceof GraphError) throw error;
        throw new GraphError({
          kind: 'auth',
          message: `could not get a token: ${error instanceof Error ? error.message : String(error)}`,
          method: request.method,
          url: request.url,
          clientRequestId,
          cause: error,
        });
      },
    );
    if ((response.status >= 200 && response.status < 300) || accept?.(response) === true) return { ...response, clientRequestId };
    throw httpError(request, response, clientRequestId, callRequest, rolesOf(lastToken), action);
  }

  /** Parses and decodes an answer with `decodeJson`; `shape` names what was expected in the error. */
  function decodeBody<A>(
    shape: string,
    decodeJson: (json: unknown) => DecodeResult<A>,
    request: GraphRequest,
    response: GraphResponse & { clientRequestId: string },
  ): A {
    const base = {
      method: request.method,
      url: request.url,
      clientRequestId: response.clientRequestId,
      status: response.status,
      body: response.text,
      ...(request.scenarioId ? { scenarioId: request.scenarioId } : {}),
    };
    let json: unknown;
    try {
      json = JSON.parse(response.text);
    } catch {
      throw new GraphError({
        ...base,
        kind: 'invalid-response',
        code: 'invalid-json',
        message: `${request.method} ${request.url}: expected a JSON body, found ${previewJson(response.text.replace(/\s+/g, ' ').trim(), 120)}`,
      });
    }
    const result = decodeJson(json);
    if (!result.ok) {
      throw new GraphError({
        ...base,
        kind: 'invalid-response',
        code: 'unexpected-shape',
        issues: result.errors,
        message: `${request.method} ${request.url}: the answer is not a ${shape}: ${result.errors
          .slice(0, 3)
          .map((e) => e.message)
          .join('; ')}`,
      });
    }
    return result.value;
  }

  const requestFor = (
    method: GraphRequest['method'],
    path: string,
    idempotent: boolean,
    opts: RequestOptions | undefined,
    scenarioId: string | undefined,
    body?: unknown,
  ): GraphRequest => ({
    method,
    url: `${baseUrl}/${path}`,
    headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    ...(opts?.signal ? { signal: opts.signal } : {}),
    idempotent,
    ...(scenarioId ? { scenarioId } : {}),
  });
  const scenarioFor = (id: string, opts?: RequestOptions) => opts?.scenarioId ?? scenarios.get(id);

  /**
   * The URL path of an action under the client's calls collection (its `/communications/calls` path when the
   * deprecated collections lack it). Ids are checked before they go in: `..` would make `calls/../keepAlive`
   * a POST to `/communications/keepAlive`.
   */
  const pathOf = (action: CallAction, params: ActionParams): string =>
    (callActionPath(action, collection) ?? action.path)
      .replace('{applicationId}', () => applicationId ?? '')
      .replace('{callId}', () => (params.callId === undefined ? '' : encodeURIComponent(checkResourceId(params.callId, 'call id'))))
      .replace('{participantId}', () =>
        params.participantId === undefined ? '' : encodeURIComponent(checkResourceId(params.participantId, 'participant id')),
      )
      .replace(/^\//, '');

  /**
   * Every request goes through here: path, method and retry rule (`idempotent`) come from the action's entry in
   * the models' table. `accept` lets a non-2xx answer through (a DELETE's 404 after a retry).
   */
  async function sendAction(
    name: CallActionName,
    params: ActionParams,
    body: unknown,
    opts: RequestOptions | undefined,
    extra: {
      readonly scenarioId?: string;
      readonly callRequest?: CallRequest;
      readonly accept?: (response: GraphResponse) => boolean;
    } = {},
  ) {
    const action = callAction(name);
    const scenarioId = extra.scenarioId ?? (params.callId === undefined ? undefined : scenarioFor(params.callId, opts));
    const request = requestFor(action.method, pathOf(action, params), action.idempotent, opts, scenarioId, body);
    const response = await exchange(request, extra.callRequest, extra.accept, action);
    return { action, request, response };
  }

  /** The answer decoded by the action's response codec; with `optional`, an empty body is no answer. */
  function decodeAnswer({ action, request, response }: Awaited<ReturnType<typeof sendAction>>, optional: boolean): unknown {
    const codec = action.response;
    if (codec === undefined || (optional && response.text.trim() === '')) return undefined;
    return decodeBody<unknown>(codec.name, (json) => decode(codec, json), request, response);
  }

  const invoke: InvokeAction = async (name, params, body, opts) => decodeAnswer(await sendAction(name, params, body, opts), true);

  return {
    baseUrl,
    calls: {
      ...callActionMethods(invoke, options.operations),
      async create(callRequest, opts) {
        const scenarioId = opts?.scenarioId ?? randomUUID();
        const sent = await sendAction('create', {}, callRequest, opts, { scenarioId, callRequest });
        const { request, response } = sent;
        const location = response.headers.get('location');
        const common = {
          method: request.method,
          url: request.url,
          clientRequestId: response.clientRequestId,
          status: response.status,
          body: response.text,
          scenarioId,
        };
        if (!location) {
          throw new GraphError({
            ...common,
            kind: 'invalid-response',
            code: 'missing-location',
            message: `POST ${request.url}: ${response.status} without a Location header: the call id is unknown, so it cannot be managed (do not create it again blindly)`,
          });
        }
        const id = locationId(location);
        const problem = id === undefined ? 'malformed percent-escape' : resourceIdProblem(id);
        if (id === undefined || problem !== undefined) {
          throw new GraphError({
            ...common,
            kind: 'invalid-response',
            code: 'invalid-location',
            message: `POST ${request.url}: ${response.status} with a Location whose call id cannot be used in a URL (${problem}): ${previewJson(location, 120)}; the call may exist, so do not create it again blindly`,
          });
        }
        // The create entry's codec is Call: a created call is decoded as every other answer is.
        const call = decodeAnswer(sent, false) as Call;
        scenarios.set(id, scenarioId);
        return {
          id,
          location,
          call,
          scenarioId,
          requestId: response.headers.get('request-id') ?? undefined,
          clientRequestId: response.clientRequestId,
        };
      },
      async get(id, opts) {
        return decodeAnswer(await sendAction('get', { callId: id }, undefined, opts), false) as Call;
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
    const parsed = JSON.parse(response.text) as { error?: { code?: unknown; message?: unknown; innerError?: Record<string, unknown> } };
    if (typeof parsed.error?.code === 'string') code = parsed.error.code;
    if (typeof parsed.error?.message === 'string') message = parsed.error.message;
    const inner = parsed.error?.innerError ?? {};
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
    const roles = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { roles?: unknown }).roles;
    return Array.isArray(roles) ? roles.map(String) : undefined;
  } catch {
    return undefined;
  }
}
