import type { Middleware } from './types';
export declare const USER_AGENT: string;
/** Correlation: a new `client-request-id` per request, the call flow's `scenario-id`, and our User-Agent. */
export declare function telemetryMiddleware(userAgent?: string): Middleware;
