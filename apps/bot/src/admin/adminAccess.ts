import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/** Why an admin request was refused. */
export type AdminRefusal = {
  readonly status: 401 | 421;
  readonly code: 'missing-token' | 'bad-token' | 'host-not-allowed';
  readonly message: string;
};

const LOOPBACK_NAMES: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '::1']);

/** The host name of a `Host` header (`[::1]:3979` → `::1`), lower-cased; undefined when malformed. */
export function hostName(header: string | undefined): string | undefined {
  if (header === undefined || header === '') return undefined;
  const text = header.trim().toLowerCase();
  if (text.startsWith('[')) {
    const end = text.indexOf(']');
    if (end < 0) return undefined;
    const rest = text.slice(end + 1);
    if (rest !== '' && !/^:\d{1,5}$/.test(rest)) return undefined;
    return text.slice(1, end);
  }
  const match = /^([a-z0-9.-]+)(?::\d{1,5})?$/.exec(text);
  return match?.[1];
}

/**
 * The `Host` check of the admin listener against DNS rebinding: a page on another site whose name
 * now resolves to 127.0.0.1 still sends its own name, so only loopback names, the address the
 * listener is bound to and the names configured (BOT_ADMIN_HOSTS) are served.
 */
export function hostAllowed(header: string | undefined, boundAddress: string, allowed: readonly string[]): boolean {
  const name = hostName(header);
  if (name === undefined) return false;
  if (LOOPBACK_NAMES.has(name) || (name.startsWith('127.') && isIP(name) === 4)) return true;
  const bound = boundAddress.toLowerCase();
  if (bound !== '0.0.0.0' && bound !== '::' && name === bound) return true;
  return allowed.includes(name);
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Checks `Authorization: Bearer <token>` in constant time (both sides hashed first, so neither the
 * content nor the length of the token leaks through timing).
 */
export function bearerMatches(header: string | undefined, token: string): AdminRefusal | undefined {
  const match = /^Bearer +(\S+)\s*$/i.exec(header ?? '');
  if (!match?.[1])
    return { status: 401, code: 'missing-token', message: 'expected Authorization: Bearer <BOT_ADMIN_TOKEN>, found no bearer token' };
  return timingSafeEqual(digest(match[1]), digest(token))
    ? undefined
    : { status: 401, code: 'bad-token', message: 'expected the bearer token of BOT_ADMIN_TOKEN, found another' };
}

/** What the admin routes check on every request. */
export interface AdminGuard {
  /** Bearer token wanted (BOT_ADMIN_TOKEN), if any. */
  readonly token?: string;
  /** Check `Host` against loopback names, this address and `allowedHosts` (the admin listener), or not (token-protected public listener). */
  readonly host?: { readonly boundAddress: string; readonly allowedHosts: readonly string[] };
}

/** The refusal of a request to an admin route, or undefined when it may be served. */
export function checkAdminRequest(
  guard: AdminGuard,
  headers: { host?: string | undefined; authorization?: string | undefined },
): AdminRefusal | undefined {
  if (guard.host && !hostAllowed(headers.host, guard.host.boundAddress, guard.host.allowedHosts))
    return {
      status: 421,
      code: 'host-not-allowed',
      message: `expected Host to be a loopback name, ${guard.host.boundAddress} or one of BOT_ADMIN_HOSTS, found ${JSON.stringify(headers.host ?? '')}`,
    };
  return guard.token !== undefined ? bearerMatches(headers.authorization, guard.token) : undefined;
}
