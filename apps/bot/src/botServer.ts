import Fastify, { type FastifyInstance } from 'fastify';
import type { CallbackReceiver } from '@graph-calling/notifications';
import { graphCallbacks } from '@graph-calling/notifications/fastify';
import type { CallStatus } from './callStatus';
import { statusPage } from './statusPage';

/** What the bot's HTTP routes read. */
export interface BotServerOptions {
  readonly receiver: CallbackReceiver;
  /** The body of `GET /health`. */
  readonly health: () => Record<string, unknown>;
  /** The calls shown by `GET /status` and `GET /status.html`. */
  readonly status: () => CallStatus[];
}

/** The bot's HTTP server: Graph's callbacks on `/callback`, plus health and status routes. */
export async function createBotServer(options: BotServerOptions): Promise<FastifyInstance> {
  const server = Fastify({ logger: false });
  await server.register(graphCallbacks, { receiver: options.receiver, path: '/callback' });
  server.get('/health', async () => options.health());
  server.get('/status', async () => ({ calls: options.status() }));
  server.get('/status.html', async (_request, reply) => reply.type('text/html; charset=utf-8').send(statusPage(options.status())));
  return server;
}

/** Listens and returns the base URL, with `localhost` spelled as the loopback address Graph reaches. */
export async function listen(server: FastifyInstance, host: string, port: number): Promise<string> {
  return (await server.listen({ host, port })).replace('localhost', '127.0.0.1');
}
