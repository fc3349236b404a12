import type { CallAction, CallRequest } from '@graph-calling/models';
/**
 * An actionable sentence for the common calling failures: which permission `requiredPermissions`
 * says is missing, what a tenant mismatch means, why a callback may be refused.
 */
export declare function hintFor(status: number, code: string, message: string, request: CallRequest | undefined, tokenRoles: readonly string[] | undefined, action?: CallAction): string | undefined;
