import type { Middleware } from './types';
/** Gives each attempt `ms` to answer (and to finish sending its body); the caller's signal still aborts. */
export declare function timeoutMiddleware(ms: number): Middleware;
