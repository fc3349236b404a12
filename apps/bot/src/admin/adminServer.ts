import Fastify, { type FastifyInstance, type FastifyPluginCallback } from 'fastify';
import { listen } from '../botServer';
import type { AdminConfig } from './adminConfig';
import { DEFAULT_ADMIN_PORT } from './adminConfig';
import { adminRoutes, type AdminSource } from './adminRoutes';

/** Where the admin routes ended up: their own listener (its URL), the public one (token), or nowhere. */
export type AdminPlace = (
  | { readonly mode: 'listener'; readonly url: string; readonly server: FastifyInstance; readonly token: boolean }
  | { readonly mode: 'public' }
  | { readonly mode: 'off' }
) & {
  /** Stops feeding the admin routes, ends live consoles, closes the admin listener. */
  readonly close: () => Promise<void>;
};

const NOTHING = () => Promise.resolve();

/**
 * Registers the admin routes on the public server when the configuration says `public` (token
 * required). Call before the public server listens.
 */
export async function mountPublicAdmin(server: FastifyInstance, config: AdminConfig | undefined, source: AdminSource): Promise<void> {
  if (config?.mode !== 'public') return;
  await server.register(adminRoutes, { source, guard: { token: config.token } });
}

/**
 * Starts the admin listener when the configuration asks for one (the default: loopback, port 3979,
 * or any free port when the callback port is 0). Its `Host` check accepts loopback names, the bound
 * address and BOT_ADMIN_HOSTS.
 */
export async function startAdmin(
  config: AdminConfig | undefined,
  callbackPort: number,
  source: AdminSource,
  serverSpans?: FastifyPluginCallback,
): Promise<AdminPlace> {
  const admin = config ?? { mode: 'listener', host: '127.0.0.1', allowedHosts: [] };
  if (admin.mode === 'off') return { mode: 'off', close: NOTHING };
  if (admin.mode === 'public') {
    const unfeed = source.start?.() ?? (() => undefined);
    return { mode: 'public', close: () => Promise.resolve(unfeed()) };
  }
  // Live consoles hold their responses open: closing the listener ends them rather than wait.
  const server = Fastify({ logger: false, bodyLimit: 16 * 1024, forceCloseConnections: true });
  if (serverSpans !== undefined) await server.register(serverSpans);
  await server.register(adminRoutes, {
    source,
    guard: { ...(admin.token ? { token: admin.token } : {}), host: { boundAddress: admin.host, allowedHosts: admin.allowedHosts } },
  });
  server.get('/livez', () => ({ status: 'ok' }));
  const port = admin.port ?? (callbackPort === 0 ? 0 : DEFAULT_ADMIN_PORT);
  try {
    const url = await listen(server, admin.host, port, 'admin');
    const unfeed = source.start?.() ?? (() => undefined);
    return {
      mode: 'listener',
      url,
      server,
      token: admin.token !== undefined,
      async close() {
        unfeed();
        await server.close();
      },
    };
  } catch (error) {
    await server.close();
    throw error;
  }
}
