// The fastify entry point (`@graph-calling/notifications/fastify`): kept apart from the root entry
// so that consumers without fastify (an optional peer) never meet its types.
export { graphCallbacks } from './fastifyPlugin';

export type { GraphCallbacksOptions } from './fastifyPlugin';
