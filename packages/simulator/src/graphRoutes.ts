import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checkPermissions } from '@graph-calling/builders';
import { CallRequest, checkResourceId, ResourceIdError, type CallsCollection } from '@graph-calling/models';
import { registerActionRoutes, type ActionRequest } from './actionRoutes';
import { callbackUrlProblem } from './callbackUrl';
import type { FaultInjector } from './faults';
import { publicBaseOf } from './requestContext';
import { CALLING_ERRORS, decodedOr400, SimulatedGraphError } from './graphError';
import { callResource, participantResource, type Simulation } from './Simulation';
import type { SigningKey } from './SigningKey';
import type { SimCall } from './SimCall';
import type { SimCallActions } from './SimCallActions';
import { displayNameOf, type SimulatedApp } from './SimulatedApp';

interface Caller {
  readonly appId: string;
  readonly tenantId: string;
  readonly roles: readonly string[];
}

const callers = new WeakMap<FastifyRequest, Caller>();

/** Options of {@link registerGraphRoutes}. */
export interface GraphRouteOptions {
  readonly simulation: Simulation;
  readonly key: SigningKey;
  readonly faults: FaultInjector;
  readonly apps: () => readonly SimulatedApp[];
  /** Allow callback URLs that are not on loopback (they would send traffic off this machine). */
  readonly allowNonLoopbackCallbacks: boolean;
  /** Meeting joins naming another tenant: refused with 7505 (`own`, as Graph) or joined (`any`; see `SimulatorOptions`). */
  readonly meetingTenants?: 'own' | 'any';
  /** Serves every other action of the models' CALL_ACTIONS table (answer, playPrompt, invite, …). */
  readonly actions?: SimCallActions;
}

/** The Graph calls API under one version prefix (`/v1.0` or `/beta`). */
export function registerGraphRoutes(app: FastifyInstance, version: 'v1.0' | 'beta', options: GraphRouteOptions): void {
  registerCallerHooks(app, options);
  const { simulation } = options;
  const context = (what: string) => metadataContext(version, what);
  const ownCall = callOwnedBy(options);
  // Create, get, delete, keep-alive and the roster are handled here, at the paths the models' table gives them.
  registerActionRoutes(app, version, {
    actions: options.actions,
    callerOf: callerOf,
    ownCall,
    served: {
      create: createCallRoute(version, options),
      get: (request) => ({ '@odata.context': context('communications/calls/$entity'), ...callResource(ownCall(request)) }),
      delete: async (request, reply) => {
        simulation.hangUpByBot(ownCall(request).id);
        return reply.code(204).send();
      },
      keepAlive: async (request, reply) => {
        simulation.keepAlive(ownCall(request).id);
        return reply.code(200).send();
      },
      listParticipants: (request) => {
        const call = ownCall(request);
        return {
          '@odata.context': context(`communications/calls('${call.id}')/participants`),
          value: [...call.participants.values()].map((p) => participantResource(p)),
        };
      },
      getParticipant: (request) => {
        const call = ownCall(request);
        const participantId = request.params.participantId ?? '';
        const participant = call.participants.get(participantId);
        if (!participant) throw new SimulatedGraphError(404, 'ItemNotFound', `The participant ${participantId} is not in call ${call.id}.`);
        return {
          '@odata.context': context(`communications/calls('${call.id}')/participants/$entity`),
          ...participantResource(participant),
        };
      },
    },
  });
}

/** The `@odata.context` Graph gives `what` under `version`. */
function metadataContext(version: 'v1.0' | 'beta', what: string): string {
  return `https://graph.microsoft.com/${version}/$metadata#${what}`;
}

/** The caller of a request, set by the `onRequest` hook before any handler runs. */
function callerOf(request: FastifyRequest): Caller {
  return callers.get(request) as Caller;
}

/**
 * Who calls (every request authenticated first), then the injected faults: a throttle before
 * anything happens, a slow answer after the work is done.
 */
function registerCallerHooks(app: FastifyInstance, options: GraphRouteOptions): void {
  const slow = new WeakMap<FastifyRequest, number>();
  app.addHook('onRequest', async (request) => {
    callers.set(request, await authenticate(request.headers.authorization, options));
  });
  // Faults are decided once the body is read, so that each call (and each create flow, named by its
  // callback URL) draws from its own stream: the same seed gives the same faults however calls interleave.
  // eslint-disable-next-line @typescript-eslint/require-await -- fastify treats a hook as promise-based only when it is async (otherwise it waits for done())
  app.addHook('preHandler', async (request) => {
    const fate = options.faults.forRequest(faultStream(request, options.simulation));
    if (fate.delayMs > 0) slow.set(request, fate.delayMs);
    if (fate.status !== undefined) {
      // Throttled before anything happens: the request had no effect and may be retried.
      const code = fate.status === 429 ? 'TooManyRequests' : 'ServiceUnavailable';
      const message =
        fate.status === 429
          ? 'Too many requests, retry after the indicated time.'
          : 'The service is temporarily unavailable, retry after the indicated time.';
      throw new SimulatedGraphError(fate.status, code, message, { 'retry-after': fate.retryAfter ?? '1' });
    }
  });
  // A slow answer comes after the work is done: the case where a client that gives up must not retry a create.
  app.addHook('onSend', async (request, _reply, payload) => {
    const delay = slow.get(request);
    if (delay !== undefined) await new Promise((r) => setTimeout(r, delay));
    return payload;
  });
}

/** /applications/{id}/calls names the calling app: another app's id is refused before anything happens. */
function checkApplication(request: FastifyRequest, caller: Caller): void {
  const named = (request.params as { appId?: string }).appId;
  if (named !== undefined && named.toLowerCase() !== caller.appId.toLowerCase()) {
    const { status, code, message } = CALLING_ERRORS.applicationMismatch;
    throw new SimulatedGraphError(status, code, message);
  }
}

/** The live call a request names, when it belongs to the calling app (404 otherwise, as Graph). */
function callOwnedBy(options: GraphRouteOptions): (request: ActionRequest) => SimCall {
  return (request) => {
    const caller = callerOf(request);
    checkApplication(request, caller);
    checkId(request.params.id, 'call id');
    if (request.params.participantId !== undefined) checkId(request.params.participantId, 'participant id');
    const call = options.simulation.calls.get(request.params.id);
    if (!call || call.state === 'terminated' || call.appId !== caller.appId) {
      throw new SimulatedGraphError(404, 'ItemNotFound', `The call ${request.params.id} does not exist or has ended.`);
    }
    return call;
  };
}

/** `POST …/calls`: the body decoded and checked as Graph does, then the call started. */
function createCallRoute(
  version: 'v1.0' | 'beta',
  options: GraphRouteOptions,
): (request: FastifyRequest, reply: FastifyReply, api: CallsCollection) => Promise<FastifyReply> {
  return async (request, reply, api) => {
    const caller = callerOf(request);
    checkApplication(request, caller);
    const body = acceptableCall(request.body, caller, options);
    const app = options.apps().find((a) => a.appId === caller.appId);
    const call = options.simulation.create(
      body,
      { appId: caller.appId, tenantId: caller.tenantId, displayName: displayNameOf(app) },
      version,
      api,
    );
    const collection = api === 'applications' ? `applications/${encodeURIComponent(caller.appId)}` : api;
    const location = `${publicBaseOf(request)}/${version}/${collection}/calls/${call.id}`;
    return reply
      .code(201)
      .header('location', location)
      .send({ '@odata.context': metadataContext(version, 'communications/calls/$entity'), ...callResource(call) });
  };
}

/** A create body Graph would accept from `caller`: decoded, its callback reachable, permitted, in the caller's tenant. */
function acceptableCall(value: unknown, caller: Caller, options: GraphRouteOptions): CallRequest {
  const body = decodedOr400(CallRequest, value, 'call');
  const callbackProblem = callbackUrlProblem(body.callbackUri, options.allowNonLoopbackCallbacks);
  if (callbackProblem !== undefined) throw new SimulatedGraphError(400, 'BadRequest', callbackProblem);
  if (!checkPermissions(body, caller.roles).ok) {
    const { status, code, message } = CALLING_ERRORS.insufficientPermissions;
    throw new SimulatedGraphError(status, code, message);
  }
  const meetingJoin = body.meetingInfo != null || body.chatInfo != null;
  const anyTenant = meetingJoin && options.meetingTenants === 'any';
  if (body.tenantId && body.tenantId.toLowerCase() !== caller.tenantId.toLowerCase() && !anyTenant) {
    const { status, code, message } = CALLING_ERRORS.tenantMismatch;
    throw new SimulatedGraphError(status, code, message);
  }
  return body;
}

/** Graph answers 400 for an id that cannot be one (a dot segment, a lone surrogate, too long), naming it. */
function checkId(id: string, field: string): void {
  try {
    checkResourceId(id, field);
  } catch (error) {
    if (error instanceof ResourceIdError) throw new SimulatedGraphError(400, 'BadRequest', error.message);
    throw error;
  }
}

/** The fault stream a request draws from: its call's, or its create flow's (by callback URL). */
function faultStream(request: FastifyRequest, simulation: Simulation): string | undefined {
  const id = (request.params as { id?: unknown } | undefined)?.id;
  if (typeof id === 'string') return simulation.calls.get(id)?.faultStream;
  const callbackUri = (request.body as { callbackUri?: unknown } | null | undefined)?.callbackUri;
  return request.method === 'POST' && typeof callbackUri === 'string' ? `create ${callbackUri}` : undefined;
}

async function authenticate(authorization: string | undefined, options: GraphRouteOptions): Promise<Caller> {
  if (!authorization) throw new SimulatedGraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match) throw new SimulatedGraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await options.key.verify(match[1] as string, {
      audience: ['https://graph.microsoft.com', '00000003-0000-0000-c000-000000000000'],
    }));
  } catch (error) {
    const expired = (error as { code?: string }).code === 'ERR_JWT_EXPIRED';
    throw new SimulatedGraphError(
      401,
      'InvalidAuthenticationToken',
      expired ? 'Lifetime validation failed, the token is expired.' : 'Access token validation failure.',
    );
  }
  const claim = (name: string): string => {
    const value = payload[name];
    return typeof value === 'string' ? value : '';
  };
  const appId = claim('appid') || claim('azp');
  const tenantId = claim('tid');
  if (!options.apps().some((a) => a.appId === appId && a.tenantId === tenantId)) {
    throw new SimulatedGraphError(
      401,
      'InvalidAuthenticationToken',
      'Access token validation failure. The app is not registered in the token\u2019s tenant.',
    );
  }
  const roles = Array.isArray(payload['roles']) ? (payload['roles'] as unknown[]).map(String) : [];
  return { appId, tenantId, roles };
}
