import type { Server } from 'node:http';

/** Time and connection limits of a callback server (every time in milliseconds). */
export interface ServerLimits {
  /** Headers must arrive within this long (node `headersTimeout`; default 10 s). */
  readonly headersTimeoutMs: number;
  /**
   * A whole request must arrive within this long (node `requestTimeout`; default 30 s). Node checks
   * it every 30 s, so the adapters also cut a slow body themselves (`bodyTimeoutMs`).
   */
  readonly requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this long (default 10 s). */
  readonly keepAliveTimeoutMs: number;
  /** A connection with no traffic at all is closed after this long (node `server.timeout`; default 30 s). */
  readonly idleTimeoutMs: number;
  /** Connections beyond this many are closed as they arrive (default 1000). */
  readonly maxConnections: number;
}

/** The limits {@link applyServerLimits} applies unless told otherwise. */
export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 10_000,
  idleTimeoutMs: 30_000,
  maxConnections: 1000,
};

/** Default time allowed for a callback body once its headers are in (see `bodyTimeoutMs` of the adapters). */
export const DEFAULT_BODY_TIMEOUT_MS = 20_000;

/**
 * Bounds how long and how many connections a server holds. A limit given in `limits` is set as
 * given; any other is tightened to its default when the server's own is looser (0 meaning none),
 * so a stricter setting made elsewhere survives. Returns the limits now in force.
 */
export function applyServerLimits(server: Server, limits: Partial<ServerLimits> = {}): ServerLimits {
  const pick = (key: keyof ServerLimits, current: number | undefined): number => {
    const explicit = limits[key];
    if (explicit !== undefined) return explicit;
    const fallback = DEFAULT_SERVER_LIMITS[key];
    return current === undefined || current <= 0 || !Number.isFinite(current) || current > fallback ? fallback : current;
  };
  // Writable here only: one limit may still be lowered below.
  const applied: { -readonly [K in keyof ServerLimits]: ServerLimits[K] } = {
    headersTimeoutMs: pick('headersTimeoutMs', server.headersTimeout),
    requestTimeoutMs: pick('requestTimeoutMs', server.requestTimeout),
    keepAliveTimeoutMs: pick('keepAliveTimeoutMs', server.keepAliveTimeout),
    idleTimeoutMs: pick('idleTimeoutMs', server.timeout),
    maxConnections: pick('maxConnections', server.maxConnections),
  };
  // Node requires headers to be due no later than the whole request.
  if (applied.requestTimeoutMs > 0 && applied.headersTimeoutMs > applied.requestTimeoutMs)
    applied.headersTimeoutMs = applied.requestTimeoutMs;
  server.headersTimeout = applied.headersTimeoutMs;
  server.requestTimeout = applied.requestTimeoutMs;
  server.keepAliveTimeout = applied.keepAliveTimeoutMs;
  server.setTimeout(applied.idleTimeoutMs);
  server.maxConnections = applied.maxConnections;
  return applied;
}
