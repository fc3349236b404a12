import type { FastifyInstance } from 'fastify';

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
    /** Which listener: Graph's callbacks, or the admin routes. */
    readonly listener: 'callback' | 'admin' = 'callback',
  ) {
    const [portFlag, hostFlag] = listener === 'admin' ? ['--admin-port', 'BOT_ADMIN'] : ['--port', 'BOT'];
    super(
      code === 'port-in-use'
        ? `port ${port} on ${host} is already in use: choose another with ${portFlag} <n> or ${hostFlag}_PORT=<n> (0 picks a free one${listener === 'admin' ? ', off disables the admin listener' : ''})`
        : code === 'permission-denied'
          ? `may not listen on port ${port} on ${host}: choose a port above 1023 with ${portFlag} <n> or ${hostFlag}_PORT=<n>`
          : `cannot listen on ${host}: expected an address of this machine (${listener === 'admin' ? '--admin-host or BOT_ADMIN_HOST' : '--host or BOT_HOST'})`,
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
export async function listen(
  server: FastifyInstance,
  host: string,
  port: number,
  listener: 'callback' | 'admin' = 'callback',
): Promise<string> {
  try {
    return (await server.listen({ host, port })).replace('localhost', '127.0.0.1');
  } catch (error) {
    const code = LISTEN_ERRORS.get((error as NodeJS.ErrnoException).code ?? '');
    if (code) throw new ListenError(code, host, port, { cause: error }, listener);
    throw error;
  }
}
