import Fastify, { type FastifyInstance } from 'fastify';
import { listen } from '../listen';
import type { ServedRequest } from './adminChannel';
import { adminRoutes, type AdminSource } from './adminRoutes';
import { AnswerPace } from './AnswerPace';

/** Where the admin listener listens and what it checks (the `listener` mode of the admin configuration, port resolved). */
export interface AdminListenerConfig {
  readonly host: string;
  readonly port: number;
  readonly token?: string;
  readonly allowedHosts: readonly string[];
}

/**
 * Builds the admin listener — the admin routes behind the `Host` check (and the token when one is
 * set), plus `/livez`, every answer paced ({@link AnswerPace}: 1000 a second) — and listens. It runs in the admin worker (adminWorker.ts); `onServed` hears
 * of every answered request but the console's event streams (for the bot's HTTP server spans). Resolves with the server and its URL; a port in use or an
 * address not of this machine rejects with a `ListenError` naming the admin settings.
 */
export async function startAdminListener(
  config: AdminListenerConfig,
  source: AdminSource,
  onServed?: (request: ServedRequest) => void,
): Promise<{ readonly server: FastifyInstance; readonly url: string }> {
  // Live consoles hold their responses open: closing the listener ends them rather than wait.
  const server = Fastify({ logger: false, bodyLimit: 16 * 1024, forceCloseConnections: true });
  // Even in its own thread the listener shares the machine's cores with the callbacks: paced, however many ask.
  const pace = new AnswerPace();
  server.addHook('onRequest', async (_request, reply) => {
    if (await pace.turn()) return;
    await reply
      .code(503)
      .header('retry-after', '1')
      .send({ error: { code: 'busy', message: 'expected fewer admin requests at once; try again in a second' } });
  });
  try {
    if (onServed !== undefined)
      server.addHook('onResponse', (request, reply, done) => {
        const route = request.routeOptions.url;
        if (route !== undefined && !route.endsWith('/events')) {
          const end = Date.now();
          onServed({ method: request.method, route, status: reply.statusCode, start: end - reply.elapsedTime, end });
        }
        done();
      });
    await server.register(adminRoutes, {
      source,
      guard: { ...(config.token ? { token: config.token } : {}), host: { boundAddress: config.host, allowedHosts: config.allowedHosts } },
    });
    server.get('/livez', () => ({ status: 'ok' }));
    return { server, url: await listen(server, config.host, config.port, 'admin') };
  } catch (error) {
    await server.close();
    throw error;
  }
}
