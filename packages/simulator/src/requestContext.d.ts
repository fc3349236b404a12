import type { FastifyInstance, FastifyRequest } from 'fastify';
/**
 * The request's `client-request-id`: the caller's, or one made for it (as Graph does), the same
 * for the response header and the error body's innerError.
 */
export declare function clientRequestIdOf(request: FastifyRequest): string;
/**
 * `scheme://host[:port]` as the client addressed this server: self-URLs (Location, jwks_uri,
 * discovery) must work for `127.0.0.1`, `localhost` and `[::1]` alike, and over http or https.
 */
export declare function publicBaseOf(request: FastifyRequest): string;
/**
 * JSON parsing where an empty body means "no body": Graph's bodiless POSTs (keepAlive) and DELETE
 * are sent by Microsoft's own SDKs with `Content-Type: application/json` and nothing after it.
 * Anything else goes through fastify's own parser, prototype-poisoning checks included.
 */
export declare function tolerateEmptyJson(app: FastifyInstance): void;
