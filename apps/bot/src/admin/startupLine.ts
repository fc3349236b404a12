import type { Bot } from '../Bot';
import type { BotConfig } from '../config';
import { DEFAULT_ADMIN_PORT } from './adminConfig';

/**
 * The line `bot serve` starts with: where Graph's callbacks go (and the public listener's only other
 * route, `/livez`), and where the admin routes live — their own listener, the public one behind the
 * token, or nowhere.
 */
export function startupLine(bot: Bot): string {
  const callbacks = `listening on ${bot.url} (public: /callback and /livez only)`;
  const admin = bot.admin;
  switch (admin.mode) {
    case 'listener':
      return `${callbacks}; admin on ${admin.url} (/health, /status, /metrics, console ${admin.url}/console${admin.token ? '; bearer token required' : ''})`;
    case 'public':
      return `${callbacks}; admin routes on ${bot.url} behind the bearer token of BOT_ADMIN_TOKEN (/health, /status, /metrics, /console)`;
    case 'off':
      return `${callbacks}; admin routes off (BOT_ADMIN_PORT=off)`;
  }
}

/** Where the admin routes of a `bot serve` started with this configuration are (undefined when off). */
export function runningAdminAt(config: BotConfig, servedAt: string): { readonly url: string; readonly token?: string } | undefined {
  const admin = config.admin ?? { mode: 'listener', host: '127.0.0.1', allowedHosts: [] };
  if (admin.mode === 'off') return undefined;
  if (admin.mode === 'public') return { url: servedAt, token: admin.token };
  const host = admin.host === '0.0.0.0' || admin.host === '::' ? '127.0.0.1' : admin.host.includes(':') ? `[${admin.host}]` : admin.host;
  const port = admin.port ?? DEFAULT_ADMIN_PORT;
  return { url: `http://${host}:${port}`, ...(admin.token !== undefined ? { token: admin.token } : {}) };
}
