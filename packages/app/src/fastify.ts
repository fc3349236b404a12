import type { FastifyPluginAsync } from 'fastify';
import { graphCallbacks, type GraphCallbacksOptions } from '@graph-calling/notifications/fastify';
import type { CallingApp } from './createCallingApp';

/** Options of {@link callingApp}: the app, and the callback route's options (see `graphCallbacks`). */
export interface CallingAppPluginOptions extends Omit<GraphCallbacksOptions, 'receiver'> {
  readonly app: Pick<CallingApp, 'receiver'>;
}

/**
 * A fastify plugin serving a calling app's callback route (default `/callback`): the notifications
 * package's `graphCallbacks` plugin bound to the app's receiver.
 */
export const callingApp: FastifyPluginAsync<CallingAppPluginOptions> = async (fastify, options) => {
  const { app, ...rest } = options;
  await fastify.register(graphCallbacks, { ...rest, receiver: app.receiver });
};
