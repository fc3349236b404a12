import type { Handler } from './types';
/** The end of the chain: one HTTP exchange with fetch, the body read in full. */
export declare function fetchHandler(fetchImpl?: typeof fetch): Handler;
