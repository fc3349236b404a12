import type { Simulator } from './createSimulator';
import type { SimulatedApp } from './SimulatedApp';
/**
 * Ready-to-paste settings for the clients Node teams use against Graph, pointed at one simulator
 * and one of its apps: graph-js 3 with @azure/identity, msal-node, and our transport. Every client
 * trusts the simulator's certificate through `NODE_EXTRA_CA_CERTS` (or our transport's `ca`).
 */
export interface ClientSettings {
    /** Set before Node starts: the PEM file `--ca-out` wrote (absent when no file was written). */
    readonly env: {
        readonly NODE_EXTRA_CA_CERTS?: string;
    };
    /** `Client.initWithMiddleware({ authProvider, baseUrl, customHosts: new Set(customHosts) })` and the provider's scopes. */
    readonly graphJs: {
        readonly baseUrl: string;
        readonly customHosts: readonly string[];
        readonly scopes: readonly string[];
    };
    /** `new ClientSecretCredential(tenantId, clientId, clientSecret, options)`. */
    readonly azureIdentity: {
        readonly tenantId: string;
        readonly clientId: string;
        readonly clientSecret: string | undefined;
        readonly options: {
            readonly authorityHost: string;
            readonly disableInstanceDiscovery: true;
        };
    };
    /** `new ConfidentialClientApplication({ auth })`, then `acquireTokenByClientCredential({ scopes })`. */
    readonly msalNode: {
        readonly auth: {
            readonly clientId: string;
            readonly clientSecret: string | undefined;
            readonly authority: string;
            readonly knownAuthorities: readonly string[];
        };
        readonly scopes: readonly string[];
    };
    /** `createCallsClient({ baseUrl, ca, auth: clientCredentials(auth) })` (the CA as PEM text, read from the file). */
    readonly transport: {
        readonly baseUrl: string;
        readonly caFile: string | undefined;
        readonly auth: {
            readonly tenantId: string;
            readonly clientId: string;
            readonly clientSecret: string | undefined;
            readonly authorityUrl: string;
            readonly scopes: readonly string[];
        };
    };
    /** What a callback server verifies tokens against (`createTokenVerifier`, or jose with the JWKS it names). */
    readonly callbacks: {
        readonly openIdConfigurationUrl: string;
        readonly issuer: string;
        readonly audience: string;
    };
}
/** The settings for `app` (default: the simulator's first app); `caFile` is where its certificate was written. */
export declare function clientSettings(simulator: Simulator, options?: {
    readonly app?: SimulatedApp;
    readonly caFile?: string;
}): ClientSettings;
