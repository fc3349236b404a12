import { Agent, fetch as undiciFetch } from 'undici';

/**
 * A fetch that also trusts `ca` (PEM): for a Graph base URL behind a corporate TLS proxy, or the
 * simulator's self-signed HTTPS on loopback. The system roots stay trusted; nothing is switched off.
 */
export function trustedFetch(ca: string | readonly string[]): typeof fetch {
  const dispatcher = new Agent({ connect: { ca: typeof ca === 'string' ? [ca] : [...ca] } });
  // undici's fetch is the global fetch's own implementation; only its declared types differ (hence the casts).
  return ((input: Parameters<typeof fetch>[0], init?: RequestInit) =>
    undiciFetch(input as Parameters<typeof undiciFetch>[0], {
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher,
    })) as typeof fetch;
}
