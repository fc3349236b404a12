import { randomUUID } from 'node:crypto';
import { VERSION } from '../version';
import type { Middleware } from './types';

export const USER_AGENT = `graph-calling-transport/${VERSION} (Node.js ${process.version})`;

/** Correlation: a new `client-request-id` per request, the call flow's `scenario-id`, and our User-Agent. */
export function telemetryMiddleware(userAgent: string = USER_AGENT): Middleware {
  return (request, next) =>
    next({
      ...request,
      headers: {
        ...request.headers,
        'client-request-id': request.headers['client-request-id'] ?? randomUUID(),
        ...(request.scenarioId ? { 'scenario-id': request.scenarioId } : {}),
        'user-agent': userAgent,
      },
    });
}
