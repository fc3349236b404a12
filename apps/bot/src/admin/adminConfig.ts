import { ConfigError } from '../configError';

/**
 * Where the admin routes (health, status, metrics, the console) live:
 * - `listener`: their own listener, loopback by default, apart from Graph's callbacks;
 * - `public`: on the callback listener, each request carrying `Authorization: Bearer <token>`;
 * - `off`: nowhere (the callback listener still answers `/livez`).
 */
export type AdminConfig =
  | {
      readonly mode: 'listener';
      readonly host: string;
      /** Absent: 3979, or any free port when the callback port is 0. */
      readonly port?: number;
      /** When set, the admin listener also wants the bearer token. */
      readonly token?: string;
      /** `Host` names accepted besides loopback names and the bound address (e.g. a name behind an SSH tunnel). */
      readonly allowedHosts: readonly string[];
    }
  | { readonly mode: 'public'; readonly token: string; readonly allowedHosts: readonly string[] }
  | { readonly mode: 'off' };

/** The admin port when the callback port is fixed and BOT_ADMIN_PORT is not set. */
export const DEFAULT_ADMIN_PORT = 3979;

/** Shortest bearer token accepted: guessing one must be out of reach. */
const MIN_TOKEN_LENGTH = 24;

/** Flags of the admin surface (they override the BOT_ADMIN_* variables). */
export interface AdminFlags {
  readonly adminPort?: string | undefined;
  readonly adminHost?: string | undefined;
}

/**
 * Reads BOT_ADMIN_PORT (`<port>`, `off`, or `public`), BOT_ADMIN_HOST (default 127.0.0.1),
 * BOT_ADMIN_TOKEN and BOT_ADMIN_HOSTS (comma-separated names accepted in `Host`).
 */
export function loadAdminConfig(env: NodeJS.ProcessEnv, flags: AdminFlags = {}): AdminConfig {
  const where = flags.adminPort ?? env['BOT_ADMIN_PORT'] ?? '';
  const token = env['BOT_ADMIN_TOKEN'] || undefined;
  if (token !== undefined && (token.length < MIN_TOKEN_LENGTH || /\s/.test(token)))
    throw new ConfigError(
      `BOT_ADMIN_TOKEN: expected at least ${MIN_TOKEN_LENGTH} characters without spaces (e.g. \`openssl rand -hex 32\`), found ${token.length} characters`,
    );
  const allowedHosts = (env['BOT_ADMIN_HOSTS'] ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  if (where === 'off') return { mode: 'off' };
  if (where === 'public') {
    if (token === undefined)
      throw new ConfigError(
        'BOT_ADMIN_PORT=public: expected BOT_ADMIN_TOKEN too (the admin routes on the public listener need a bearer token), found none',
      );
    return { mode: 'public', token, allowedHosts };
  }
  let port: number | undefined;
  if (where !== '') {
    port = Number(where);
    if (!/^\d+$/.test(where) || port > 65535)
      throw new ConfigError(`BOT_ADMIN_PORT / --admin-port: expected a port number 0–65535, off or public, found ${JSON.stringify(where)}`);
  }
  const host = flags.adminHost ?? env['BOT_ADMIN_HOST'] ?? '127.0.0.1';
  return { mode: 'listener', host, ...(port !== undefined ? { port } : {}), ...(token ? { token } : {}), allowedHosts };
}
