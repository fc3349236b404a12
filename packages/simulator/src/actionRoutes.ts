import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actionPermissions, missingActionPermissions } from '@graph-calling/builders';
import { CALL_ACTIONS, decode, type CallAction } from '@graph-calling/models';
import { CALLING_ERRORS, SimulatedGraphError } from './graphError';
import { publicBaseOf } from './requestContext';
import type { SimCall } from './SimCall';
import type { SimCallActions } from './SimCallActions';

/** What the action routes need from the Graph routes they extend. */
export interface ActionRouteDeps {
  readonly actions: SimCallActions;
  readonly callerOf: (request: FastifyRequest) => { readonly roles: readonly string[] };
  readonly ownCall: (request: FastifyRequest<{ Params: { id: string; participantId?: string } }>) => SimCall;
}

/** Actions the Graph routes already serve (create, get, delete, keep-alive, roster). */
const SERVED_ELSEWHERE = new Set(['create', 'get', 'delete', 'keepAlive', 'listParticipants']);

const route = (template: string) => template.replace('{callId}', ':id').replace('{participantId}', ':participantId');

/**
 * Every other action of the models' CALL_ACTIONS table, at its path (and its `/app/calls` path
 * in beta): the body decoded by the action's codec, the caller's roles checked against the
 * action's permissions, then run by {@link SimCallActions}. Errors are Graph-shaped.
 */
export function registerActionRoutes(app: FastifyInstance, version: 'v1.0' | 'beta', deps: ActionRouteDeps): void {
  for (const action of CALL_ACTIONS) {
    if (SERVED_ELSEWHERE.has(action.name) || !action.versions.includes(version)) continue;
    const paths = [action.path, ...(version === 'beta' && action.legacyPath !== undefined ? [action.legacyPath] : [])];
    for (const path of paths) {
      // Routes the Graph routes already serve (a participant GET, say) stay theirs.
      if (app.hasRoute({ method: action.method, url: `${app.prefix}${route(path)}` })) continue;
      app.route<{ Params: { id: string; participantId?: string } }>({
        method: action.method,
        url: route(path),
        handler: async (request, reply) => {
          const call = deps.ownCall(request);
          if (action.name === 'getParticipant') return participantOf(call, request.params.participantId);
          const body = check(action, request.body, deps.callerOf(request).roles, call);
          const result = deps.actions.run(action.name, call, body, request.params.participantId);
          if (result === undefined) return reply.code(action.status).send();
          const location = `${publicBaseOf(request)}/${version}/communications/calls/${call.id}/operations/${String(result['id'])}`;
          return reply
            .code(action.status)
            .header('location', location)
            .send({
              '@odata.context': `https://graph.microsoft.com/${version}/$metadata#${String(result['@odata.type']).slice(1)}`,
              ...result,
            });
        },
      });
    }
  }
}

function check(action: CallAction, raw: unknown, roles: readonly string[], call: SimCall): Record<string, unknown> {
  let body: Record<string, unknown> = {};
  if (action.request !== undefined) {
    const decoded = decode(action.request, raw ?? {});
    if (!decoded.ok)
      throw new SimulatedGraphError(
        400,
        'BadRequest',
        `Invalid ${action.name} request: ${decoded.errors
          .slice(0, 5)
          .map((e) => e.message)
          .join('; ')}`,
      );
    body = decoded.value as Record<string, unknown>;
  }
  const media = (action.name === 'answer' ? body['mediaConfig'] : call.request.mediaConfig) as { '@odata.type'?: string } | undefined;
  const requirement = actionPermissions(action.name, {
    appHostedMedia: media?.['@odata.type'] === '#microsoft.graph.appHostedMediaConfig',
  });
  if (missingActionPermissions(requirement, roles).length > 0) {
    const error = CALLING_ERRORS.insufficientPermissions;
    throw new SimulatedGraphError(error.status, error.code, error.message);
  }
  return body;
}

function participantOf(call: SimCall, participantId: string | undefined): Record<string, unknown> {
  const p = participantId !== undefined ? call.participants.get(participantId) : undefined;
  if (p === undefined)
    throw new SimulatedGraphError(404, 'ItemNotFound', `The participant ${participantId ?? ''} is not in call ${call.id}.`);
  return {
    '@odata.type': '#microsoft.graph.participant',
    id: p.id,
    info: { '@odata.type': '#microsoft.graph.participantInfo', identity: p.identity },
    mediaStreams: p.mediaStreams,
    isMuted: p.isMuted,
    isInLobby: p.isInLobby,
  };
}
