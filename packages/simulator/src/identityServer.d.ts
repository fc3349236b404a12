import { type FastifyInstance } from 'fastify';
import type { Certificate } from './certificate';
import type { SigningKey } from './SigningKey';
import type { SimulatedApp } from './SimulatedApp';
/**
 * The audience a client-credential scope names, when it names Microsoft Graph in one of the forms
 * Entra ID accepts: the resource URL (with or without a doubled slash) or Graph's application id.
 */
export declare function graphAudienceOf(scope: string): string | undefined;
/**
 * The simulated Entra ID authority, served over HTTPS (msal-node insists): per-tenant OpenID
 * configuration and the client-credentials token endpoint, for secrets and certificate assertions.
 */
export declare function startIdentityServer(options: {
    readonly host: string;
    readonly port: number;
    readonly certificate: Certificate;
    readonly key: SigningKey;
    readonly apps: () => readonly SimulatedApp[];
    /** Lower-case domain name → tenant id: an authority may name its tenant either way, as with Entra ID. */
    readonly tenantDomains: ReadonlyMap<string, string>;
    readonly tokenLifetimeSeconds: number;
    /** Called for every token issued (the control API counts them). */
    readonly onTokenIssued?: (appId: string, tenantId: string) => void;
}): Promise<{
    app: FastifyInstance;
    url: string;
}>;
