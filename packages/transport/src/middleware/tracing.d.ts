import type { Middleware } from './types';
/**
 * A span per Graph request (`graph <action>`, client kind), made with `@opentelemetry/api` only:
 * a no-op until the application installs an SDK. It sits outside the retry middleware, so one span
 * covers every attempt, and carries what joins it to Graph's side and to the notifications that
 * answer it: the action name from the models' table, the call id, `client-request-id`,
 * `scenario-id`, Graph's `request-id`, the status and the retries. Duration and retries are
 * also recorded as metrics by action.
 */
export declare function tracingMiddleware(): Middleware;
