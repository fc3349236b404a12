import { callAction, type CallActionName, type CallingPermission } from '@graph-calling/models';

/** What an action needs: one of `anyOf`, and every one of `allOf`. */
export interface ActionPermissionRequirement {
  readonly action: CallActionName;
  readonly anyOf: readonly CallingPermission[];
  readonly allOf: readonly CallingPermission[];
}

/**
 * The application permissions an action needs, read from the models' actions table. Answering
 * with app-hosted media also needs Calls.AccessMedia.All.
 */
export function actionPermissions(name: CallActionName, options: { readonly appHostedMedia?: boolean } = {}): ActionPermissionRequirement {
  const action = callAction(name);
  const media = options.appHostedMedia === true && !action.permissions.includes('Calls.AccessMedia.All');
  return { action: name, anyOf: action.permissions, allOf: media ? ['Calls.AccessMedia.All'] : [] };
}

/** Compares an action's needs with the token's `roles` claim (case-insensitively); returns what is missing. */
export function missingActionPermissions(requirement: ActionPermissionRequirement, tokenRoles: readonly string[]): CallingPermission[] {
  const granted = new Set(tokenRoles.map((r) => r.toLowerCase()));
  const has = (p: CallingPermission) => granted.has(p.toLowerCase());
  return [...(requirement.anyOf.some(has) ? [] : requirement.anyOf), ...requirement.allOf.filter((p) => !has(p))];
}
