import type { TokenProvider } from '../auth/TokenProvider';
import type { Middleware } from './types';

/**
 * Adds the bearer token. A 401 gets one more try with a freshly fetched token (a token revoked
 * or rotated early); the answer to that try stands.
 */
export function authMiddleware(provider: TokenProvider, onToken?: (token: string) => void): Middleware {
  return async (request, next) => {
    const token = await provider.getToken();
    onToken?.(token);
    const response = await next({ ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } });
    if (response.status !== 401 || !provider.refreshable) return response;
    const fresh = await provider.getToken({ forceRefresh: true });
    if (fresh === token) return response;
    onToken?.(fresh);
    return next({ ...request, headers: { ...request.headers, authorization: `Bearer ${fresh}` } });
  };
}
