import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { CallbackReceiver } from './createCallbackReceiver';
import type { VerifiedCaller } from './createTokenVerifier';
import { NotificationBodyError } from './NotificationBodyError';
import { assertJsonContentType, DEFAULT_BODY_LIMIT } from './readJsonBody';
import { TokenError } from './TokenError';

/** Options of {@link graphCallbacks}. */
export interface GraphCallbacksOptions {
  readonly receiver: CallbackReceiver;
  /** The callback route (default `/callback`). */
  readonly path?: string;
  /** Largest body accepted, in bytes (default 4 MiB; fastify's own default of 1 MiB is too small for big rosters). */
  readonly bodyLimit?: number;
}

const callers = new WeakMap<object, VerifiedCaller>();

/**
 * A fastify plugin for the callback route: the token is verified in `onRequest`, before the
 * body is read; fastify parses the JSON (refusing `__proto__`); the route answers 202 and the
 * notifications are processed once the response has been written.
 */
// eslint-disable-next-line @typescript-eslint/require-await -- FastifyPluginAsync is the published type; fastify awaits the plugin
export const graphCallbacks: FastifyPluginAsync<GraphCallbacksOptions> = async (fastify: FastifyInstance, options) => {
  const { receiver } = options;
  fastify.setErrorHandler((error, _request, reply) => {
    if (error instanceof TokenError || error instanceof NotificationBodyError) {
      return reply.code(error.status).send({ error: { code: error.code, message: error.message } });
    }
    const status = typeof (error as { statusCode?: unknown }).statusCode === 'number' ? (error as { statusCode: number }).statusCode : 500;
    const code = status === 413 ? 'too-large' : status === 415 ? 'unsupported-media-type' : status === 400 ? 'invalid-json' : 'internal';
    const message = status < 500 && error instanceof Error ? error.message : 'the callback could not be handled';
    return reply.code(status).send({ error: { code, message } });
  });
  fastify.post(
    options.path ?? '/callback',
    {
      bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
      onRequest: async (request) => {
        callers.set(request, await receiver.verify(request.headers.authorization));
        assertJsonContentType(request.headers['content-type']);
      },
    },
    async (request, reply) => {
      const caller = callers.get(request) as VerifiedCaller;
      const accepted = receiver.parse(caller, request.body);
      reply.code(202).send();
      // After the 202 is written: a slow handler never delays Graph. (setImmediate is much cheaper
      // than a 'finish' listener on every response.)
      setImmediate(() => {
        // process() hands each notification's failure to the receiver's onError; it rejects only when that
        // handler itself throws, which is logged rather than left as an unhandled rejection.
        accepted.process().catch((error: unknown) => fastify.log.error({ err: error }, 'processing accepted notifications failed'));
      });
      return reply;
    },
  );
};
