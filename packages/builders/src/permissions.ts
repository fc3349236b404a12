import { callScenario, CREATE_CALL_PERMISSIONS, type CallingPermission, type CallRequest, type CallScenario } from '@graph-calling/models';

/** What a request needs: one of `anyOf`, and every one of `allOf`. */
export interface PermissionRequirement {
  readonly scenario: CallScenario;
  readonly anyOf: readonly CallingPermission[];
  readonly allOf: readonly CallingPermission[];
}

/**
 * The application permissions a create-call request needs. App-hosted media always adds
 * Calls.AccessMedia.All. A PSTN call also needs an application instance with a phone number
 * and licence, which no permission grants.
 */
export function requiredPermissions(request: CallRequest): PermissionRequirement {
  const scenario = callScenario(request);
  const appHosted =
    request.mediaConfig?.['@odata.type'] === '#microsoft.graph.appHostedMediaConfig' || 'blob' in (request.mediaConfig ?? {});
  return { scenario, anyOf: CREATE_CALL_PERMISSIONS[scenario], allOf: appHosted ? ['Calls.AccessMedia.All'] : [] };
}

/** The outcome of {@link checkPermissions}. */
export interface PermissionCheck {
  readonly ok: boolean;
  readonly requirement: PermissionRequirement;
  /** Empty when one of `anyOf` is granted; otherwise the set to choose one from. */
  readonly missingAnyOf: readonly CallingPermission[];
  readonly missingAllOf: readonly CallingPermission[];
  /** A sentence for a log or an error: what is missing and where to grant it. */
  readonly message: string;
}

/**
 * Compares a request's needs with the `roles` claim of the app's token. Role names compare
 * case-insensitively (the docs themselves spell them inconsistently).
 */
export function checkPermissions(request: CallRequest, tokenRoles: readonly string[]): PermissionCheck {
  const requirement = requiredPermissions(request);
  const granted = new Set(tokenRoles.map((r) => r.toLowerCase()));
  const has = (p: CallingPermission) => granted.has(p.toLowerCase());
  const missingAnyOf = requirement.anyOf.some(has) ? [] : [...requirement.anyOf];
  const missingAllOf = requirement.allOf.filter((p) => !has(p));
  const ok = missingAnyOf.length === 0 && missingAllOf.length === 0;
  const parts: string[] = [];
  if (missingAnyOf.length > 0) parts.push(missingAnyOf.length === 1 ? (missingAnyOf[0] as string) : `one of ${missingAnyOf.join(', ')}`);
  parts.push(...missingAllOf);
  const message = ok
    ? `the token grants what a ${requirement.scenario} request needs`
    : `a ${requirement.scenario} request needs ${parts.join(' and ')}: add ${parts.length > 1 ? 'them' : 'it'} as application permissions of the app registration and grant admin consent` +
      (tokenRoles.length ? ` (the token has ${tokenRoles.join(', ')})` : ' (the token has no roles)');
  return { ok, requirement, missingAnyOf, missingAllOf, message };
}
