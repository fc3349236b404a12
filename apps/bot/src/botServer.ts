import Fastify, { type FastifyInstance } from 'fastify';
import { NotificationBodyError, TokenError, type CallbackReceiver } from '@graph-calling/notifications';
import { graphCallbacks } from '@graph-calling/notifications/fastify';
import type { CallStatus } from './callStatus';
import { statusPage } from './statusPage';

/** A callback the server refused, as the bot reports it (never the token). */
export interface CallbackRefusal {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/** What the bot's HTTP routes read. */
export interface BotServerOptions {
  readonly receiver: CallbackReceiver;
  /** The body of `GET /health`. */
  readonly health: () => Record<string, unknown> | Promise<Record<string, unknown>>;
  /** The calls shown by `GET /status` and `GET /status.html`. */
  readonly status: () => CallStatus[] | Promise<CallStatus[]>;
  /** Told about every refused callback, so a bot whose callbacks all fail does not fail silently. */
  readonly onCallbackRefused?: (refusal: CallbackRefusal) => void;
}

/** The bot's HTTP server: Graph's callbacks on `/callback`, plus health and status routes. */
export async function createBotServer(options: BotServerOptions): Promise<FastifyInstance> {
  const server = Fastify({ logger: false });
  const onRefused = options.onCallbackRefused;
  if (onRefused) {
    // Registered on the root, so it also sees the errors of the callback plugin's routes.
    server.addHook('onError', async (_request, _reply, error) => {
      if (error instanceof TokenError || error instanceof NotificationBodyError)
        onRefused({ status: error.status, code: error.code, message: error.message });
    });
  }
  await server.register(graphCallbacks, { receiver: options.receiver, path: '/callback' });
  server.get('/health', async () => options.health());
  server.get('/status', async () => ({ calls: await options.status() }));
  server.get('/status.html', async (_request, reply) => reply.type('text/html; charset=utf-8').send(statusPage(await options.status())));
  return server;
}

/** Why the server could not listen: the port is taken, or the address is not this machine's. */
export type ListenErrorCode = 'port-in-use' | 'address-unavailable' | 'permission-denied';

/** The callback server could not listen; the message names the setting to change. */
export class ListenError extends Error {
  override readonly name = 'ListenError';

  constructor(
    readonly code: ListenErrorCode,
    readonly host: string,
    readonly port: number,
    options?: { cause?: unknown },
  ) {
    super(
      code === 'port-in-use'
        ? `port ${port} on ${host} is already in use: choose another with --port <n> or BOT_PORT=<n> (0 picks a free one)`
        : code === 'permission-denied'
          ? `may not listen on port ${port} on ${host}: choose a port above 1023 with --port <n> or BOT_PORT=<n>`
          : `cannot listen on ${host}: expected an address of this machine (--host or BOT_HOST)`,
      options,
    );
  }
}

const LISTEN_ERRORS: ReadonlyMap<string, ListenErrorCode> = new Map([
  ['EADDRINUSE', 'port-in-use'],
  ['EADDRNOTAVAIL', 'address-unavailable'],
  ['ENOTFOUND', 'address-unavailable'],
  ['EACCES', 'permission-denied'],
]);

/** Listens and returns the base URL, with `localhost` spelled as the loopback address Graph reaches. */
export async function listen(server: FastifyInstance, host: string, port: number): Promise<string> {
  try {
    return (await server.listen({ host, port })).replace('localhost', '127.0.0.1');
  } catch (error) {
    const code = LISTEN_ERRORS.get((error as NodeJS.ErrnoException).code ?? '');
    if (code) throw new ListenError(code, host, port, { cause: error });
    throw error;
  }
}
