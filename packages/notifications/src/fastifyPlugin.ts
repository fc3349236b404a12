import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { CallbackReceiver } from './createCallbackReceiver';
import type { VerifiedCaller } from './createTokenVerifier';
import { NotificationBodyError } from './NotificationBodyError';
import { answerCommitted, type Acknowledge } from './acknowledge';
import { assertJsonContentType, DEFAULT_BODY_LIMIT } from './readJsonBody';
import { TokenError } from './TokenError';

/** Options of {@link graphCallbacks}. */
export interface GraphCallbacksOptions {
  readonly receiver: CallbackReceiver;
  /** The callback route (default `/callback`). */
  readonly path?: string;
  /** Largest body accepted, in bytes (default 4 MiB; fastify's own default of 1 MiB is too small for big rosters). */
  readonly bodyLimit?: number;
  /**
   * When to answer 202: once the notifications are `stored` (default: a store that fails is
   * answered 503 with Retry-After, so Graph retries and nothing is acknowledged unstored), or as
   * soon as the callback is verified and parsed (`received`: storing happens after the answer).
   */
  readonly acknowledge?: Acknowledge;
}

const callers = new WeakMap<object, VerifiedCaller>();

/**
 * A fastify plugin for the callback route: the token is verified in `onRequest`, before the
 * body is read; fastify parses the JSON (refusing `__proto__`); the route answers 202 and the
 * notifications are processed once the response has been written.
 */
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
      if (options.acknowledge === 'received') {
        reply.code(202).send();
        // After the 202 is written: a slow handler never delays Graph. (setImmediate is much cheaper
        // than a 'finish' listener on every response.)
        setImmediate(() => void accepted.process());
        return reply;
      }
      const committed = await accepted.commit();
      const answer = answerCommitted(committed);
      for (const [name, value] of Object.entries(answer.headers)) void reply.header(name, value);
      reply.code(answer.status).send(answer.body);
      setImmediate(() => void committed.dispatch());
      return reply;
    },
  );
};
