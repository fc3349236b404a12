/**
 * A fetch that also trusts `ca` (PEM): for a Graph base URL behind a corporate TLS proxy, or the
 * simulator's self-signed HTTPS on loopback. The system roots stay trusted; nothing is switched off.
 */
export declare function trustedFetch(ca: string | readonly string[]): typeof fetch;
