import { checkPermissions, requiredPermissions } from '@graph-calling/builders';
import type { CallAction, CallRequest } from '@graph-calling/models';

/** Graph's permission and tenant errors for calls. */
const INSUFFICIENT_PERMISSIONS = '7504';
const TENANT_MISMATCH = '7505';

/**
 * An actionable sentence for the common calling failures: which permission `requiredPermissions`
 * says is missing, what a tenant mismatch means, why a callback may be refused.
 */
export function hintFor(
  status: number,
  code: string,
  message: string,
  request: CallRequest | undefined,
  tokenRoles: readonly string[] | undefined,
  action?: CallAction,
): string | undefined {
  if (code === INSUFFICIENT_PERMISSIONS || (status === 403 && /permission/i.test(message))) {
    if (request === undefined && action !== undefined)
      return `${action.name} needs ${action.permissions.length > 1 ? `one of ${action.permissions.join(', ')}` : action.permissions[0]}${tokenRoles !== undefined ? ` (the token has ${tokenRoles.join(', ') || 'no roles'})` : ''}; grant it as an application permission and give admin consent`;
    if (request === undefined)
      return 'the app lacks an application permission this call needs; grant it in the app registration and give admin consent';
    if (tokenRoles !== undefined) {
      const check = checkPermissions(request, tokenRoles);
      if (!check.ok) return check.message;
    }
    const need = requiredPermissions(request);
    const all = [need.anyOf.length > 1 ? `one of ${need.anyOf.join(', ')}` : need.anyOf[0], ...need.allOf].filter(Boolean);
    return `a ${need.scenario} request needs ${all.join(' and ')}; grant it as an application permission and give admin consent in the tenant`;
  }
  if (code === TENANT_MISMATCH) {
    return `the token's tenant is not the tenant the request names${request?.tenantId ? ` (${request.tenantId})` : ''}: get the token for that tenant, where the app must be consented`;
  }
  if (/callback/i.test(message)) return 'Graph could not use the callbackUri: it must be a public HTTPS URL that answers POSTs';
  if (status === 401) return 'Graph refused the token: check the app id, tenant and that the token is for https://graph.microsoft.com';
  if (status === 429 || status === 503) return 'Graph is throttling: the request was retried as Retry-After asked, and still refused';
  return undefined;
}
