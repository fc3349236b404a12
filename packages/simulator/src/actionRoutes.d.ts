import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type CallActionName, type CallsCollection } from '@graph-calling/models';
import type { SimCall } from './SimCall';
import { type SimCallActions } from './SimCallActions';
/** The path parameters of an action route (`{callId}` is `id`, `{applicationId}` is `appId`). */
export type ActionRouteParams = {
    readonly id: string;
    readonly participantId?: string;
    readonly appId?: string;
};
/** A request to one action's route. */
export type ActionRequest = FastifyRequest<{
    Params: ActionRouteParams;
}>;
/** Serves one action whose handling is the Graph routes' own (create, get, delete, keep-alive, roster). */
export type ServedAction = (request: ActionRequest, reply: FastifyReply, collection: CallsCollection) => unknown;
/** What the action routes need from the Graph routes they extend. */
export interface ActionRouteDeps {
    /** Runs the in-call actions (answer, playPrompt, invite, …); without it only `served` actions are routed. */
    readonly actions: SimCallActions | undefined;
    readonly callerOf: (request: FastifyRequest) => {
        readonly roles: readonly string[];
    };
    readonly ownCall: (request: ActionRequest) => SimCall;
    /** The actions the Graph routes handle themselves, at the path the table gives them. */
    readonly served: Partial<Record<CallActionName, ServedAction>>;
}
/**
 * Every action of the models' CALL_ACTIONS table, at its path under each calls collection the version
 * has (`/app/calls` and `/applications/{id}/calls` in beta): one path definition for client and
 * simulator. Actions in `served` run their own handler; every other one has its body decoded by
 * the action's codec, the caller's roles checked against the action's permissions, then is run by
 * {@link SimCallActions}. Errors are Graph-shaped.
 */
export declare function registerActionRoutes(app: FastifyInstance, version: 'v1.0' | 'beta', deps: ActionRouteDeps): void;
