import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const generated = new WeakMap<FastifyRequest, string>();

/**
 * The request's `client-request-id`: the caller's, or one made for it (as Graph does), the same
 * for the response header and the error body's innerError.
 */
export function clientRequestIdOf(request: FastifyRequest): string {
  const sent = request.headers['client-request-id'];
  if (typeof sent === 'string' && sent !== '') return sent;
  let made = generated.get(request);
  if (made === undefined) generated.set(request, (made = randomUUID()));
  return made;
}

/**
 * `scheme://host[:port]` as the client addressed this server: self-URLs (Location, jwks_uri,
 * discovery) must work for `127.0.0.1`, `localhost` and `[::1]` alike, and over http or https.
 */
export function publicBaseOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/**
 * JSON parsing where an empty body means "no body": Graph's bodiless POSTs (keepAlive) and DELETE
 * are sent by Microsoft's own SDKs with `Content-Type: application/json` and nothing after it.
 * Anything else goes through fastify's own parser, prototype-poisoning checks included.
 */
export function tolerateEmptyJson(app: FastifyInstance): void {
  const strict = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (typeof body === 'string' && body.trim() === '') done(null, undefined);
    else strict(request, body as string, done);
  });
}
