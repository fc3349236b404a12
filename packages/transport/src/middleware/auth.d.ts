import type { TokenProvider } from '../auth/TokenProvider';
import type { Middleware } from './types';
/**
 * Adds the bearer token. A 401 gets one more try with a freshly fetched token (a token revoked
 * or rotated early); the answer to that try stands.
 */
export declare function authMiddleware(provider: TokenProvider, onToken?: (token: string) => void): Middleware;
