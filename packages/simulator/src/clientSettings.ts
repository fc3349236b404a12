import type { Simulator } from './createSimulator';
import type { SimulatedApp } from './SimulatedApp';

/**
 * Ready-to-paste settings for the clients Node teams use against Graph, pointed at one simulator
 * and one of its apps: graph-js 3 with @azure/identity, msal-node, and our transport. Every client
 * trusts the simulator's certificate through `NODE_EXTRA_CA_CERTS` (or our transport's `ca`).
 */
export interface ClientSettings {
  /** Set before Node starts: the PEM file `--ca-out` wrote (absent when no file was written). */
  readonly env: { readonly NODE_EXTRA_CA_CERTS?: string };
  /** `Client.initWithMiddleware({ authProvider, baseUrl, customHosts: new Set(customHosts) })` and the provider's scopes. */
  readonly graphJs: { readonly baseUrl: string; readonly customHosts: readonly string[]; readonly scopes: readonly string[] };
  /** `new ClientSecretCredential(tenantId, clientId, clientSecret, options)`. */
  readonly azureIdentity: {
    readonly tenantId: string;
    readonly clientId: string;
    readonly clientSecret: string | undefined;
    readonly options: { readonly authorityHost: string; readonly disableInstanceDiscovery: true };
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
  readonly callbacks: { readonly openIdConfigurationUrl: string; readonly issuer: string; readonly audience: string };
}

const SCOPES = ['https://graph.microsoft.com/.default'] as const;

/** The settings for `app` (default: the simulator's first app); `caFile` is where its certificate was written. */
export function clientSettings(
  simulator: Simulator,
  options: { readonly app?: SimulatedApp; readonly caFile?: string } = {},
): ClientSettings {
  const app = options.app ?? simulator.apps[0];
  if (app === undefined) throw new RangeError('clientSettings: the simulator has no app registered');
  const caFile = options.caFile;
  return {
    env: caFile !== undefined ? { NODE_EXTRA_CA_CERTS: caFile } : {},
    graphJs: { baseUrl: simulator.url, customHosts: [new URL(simulator.url).hostname], scopes: [...SCOPES] },
    azureIdentity: {
      tenantId: app.tenantId,
      clientId: app.appId,
      clientSecret: app.secret,
      options: { authorityHost: simulator.authorityUrl, disableInstanceDiscovery: true },
    },
    msalNode: {
      auth: {
        clientId: app.appId,
        clientSecret: app.secret,
        authority: simulator.authority(app.tenantId),
        knownAuthorities: [simulator.authorityHost],
      },
      scopes: [...SCOPES],
    },
    transport: {
      baseUrl: simulator.url,
      caFile,
      auth: {
        tenantId: app.tenantId,
        clientId: app.appId,
        clientSecret: app.secret,
        authorityUrl: simulator.authorityUrl,
        scopes: [...SCOPES],
      },
    },
    callbacks: { openIdConfigurationUrl: simulator.openIdConfigurationUrl, issuer: simulator.callbackIssuer, audience: app.appId },
  };
}
