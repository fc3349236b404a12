import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actionPermissions, missingActionPermissions } from '@graph-calling/builders';
import {
  CALL_ACTIONS,
  callAction,
  callActionPath,
  type CallAction,
  type CallActionBody,
  type CallActionName,
  type CallsCollection,
  type TypedCallAction,
} from '@graph-calling/models';
import { CALLING_ERRORS, decodedOr400, SimulatedGraphError } from './graphError';
import { publicBaseOf } from './requestContext';
import type { SimCall } from './SimCall';
import { notImplemented, type SimCallActions } from './SimCallActions';

/** The path parameters of an action route (`{callId}` is `id`, `{applicationId}` is `appId`). */
export type ActionRouteParams = { readonly id: string; readonly participantId?: string; readonly appId?: string };

/** A request to one action's route. */
export type ActionRequest = FastifyRequest<{ Params: ActionRouteParams }>;

/** Serves one action whose handling is the Graph routes' own (create, get, delete, keep-alive, roster). */
export type ServedAction = (request: ActionRequest, reply: FastifyReply, collection: CallsCollection) => unknown;

/** What the action routes need from the Graph routes they extend. */
export interface ActionRouteDeps {
  /** Runs the in-call actions (answer, playPrompt, invite, …); without it only `served` actions are routed. */
  readonly actions: SimCallActions | undefined;
  readonly callerOf: (request: FastifyRequest) => { readonly roles: readonly string[] };
  readonly ownCall: (request: ActionRequest) => SimCall;
  /** The actions the Graph routes handle themselves, at the path the table gives them. */
  readonly served: Partial<Record<CallActionName, ServedAction>>;
}

/** The collections a version serves: the deprecated beta ones only in beta. */
const COLLECTIONS: Record<'v1.0' | 'beta', readonly CallsCollection[]> = {
  'v1.0': ['communications'],
  beta: ['communications', 'app', 'applications'],
};

/** A table template as a fastify route: `{callId}` → `:id`, `{applicationId}` → `:appId`, `{x}` → `:x`. */
const route = (template: string) =>
  template
    .replace('{callId}', ':id')
    .replace('{applicationId}', ':appId')
    .replace(/\{(\w+)\}/g, ':$1');

/**
 * Every action of the models' CALL_ACTIONS table, at its path under each calls collection the version
 * has (`/app/calls` and `/applications/{id}/calls` in beta): one path definition for client and
 * simulator. Actions in `served` run their own handler; every other one has its body decoded by
 * the action's codec, the caller's roles checked against the action's permissions, then is run by
 * {@link SimCallActions}. Errors are Graph-shaped.
 */
export function registerActionRoutes(app: FastifyInstance, version: 'v1.0' | 'beta', deps: ActionRouteDeps): void {
  for (const action of Object.values<CallAction>(CALL_ACTIONS)) {
    if (!action.versions.includes(version)) continue;
    const served = deps.served[action.name];
    const actions = deps.actions;
    const handler: ServedAction | undefined =
      served ?? (actions !== undefined ? (request, reply) => runAction(action, actions, deps, version, request, reply) : undefined);
    if (handler === undefined) continue;
    for (const collection of COLLECTIONS[version]) {
      const path = callActionPath(action, collection);
      if (path === undefined) continue;
      app.route<{ Params: ActionRouteParams }>({
        method: action.method,
        url: route(path),
        handler: (request, reply) => handler(request, reply, collection),
      });
    }
  }
}

async function runAction(
  action: CallAction,
  actions: SimCallActions,
  deps: ActionRouteDeps,
  version: 'v1.0' | 'beta',
  request: ActionRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  // Actions on no call (logTeleconferenceDeviceQuality) have no simulation yet.
  if (request.params.id === undefined) throw notImplemented(action.name);
  const call = deps.ownCall(request);
  const body = check(callAction(action.name), request.body, deps.callerOf(request).roles, call);
  const result = actions.run(action.name, call, body, request.params.participantId);
  if (result === undefined) return reply.code(action.status).send();
  const location = `${publicBaseOf(request)}/${version}/communications/calls/${call.id}/operations/${String(result['id'])}`;
  return reply
    .code(action.status)
    .header('location', location)
    .send({
      '@odata.context': `https://graph.microsoft.com/${version}/$metadata#${String(result['@odata.type']).slice(1)}`,
      ...result,
    });
}

function check(
  action: TypedCallAction<CallActionName>,
  raw: unknown,
  roles: readonly string[],
  call: SimCall,
): CallActionBody<CallActionName> {
  const body: CallActionBody<CallActionName> =
    action.request !== undefined ? decodedOr400(action.request, raw ?? {}, `${action.name} request`) : undefined;
  const media = action.name === 'answer' && body !== undefined && 'mediaConfig' in body ? body.mediaConfig : call.request.mediaConfig;
  const requirement = actionPermissions(action.name, {
    appHostedMedia: media?.['@odata.type'] === '#microsoft.graph.appHostedMediaConfig',
  });
  if (missingActionPermissions(requirement, roles).length > 0) {
    const error = CALLING_ERRORS.insufficientPermissions;
    throw new SimulatedGraphError(error.status, error.code, error.message);
  }
  return body;
}
