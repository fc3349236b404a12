import { ConfidentialClientApplication, type Configuration } from '@azure/msal-node';
import { CLOUDS, type Cloud } from '../clouds';
import { msalNetworkClient } from './msalNetworkClient';
import type { TokenProvider } from './TokenProvider';

/** Options of {@link clientCredentials}. */
export interface ClientCredentialsOptions {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret?: string;
  /** Certificate credentials: the private key (PEM) and the certificate's SHA-256 thumbprint (hex). */
  readonly certificate?: { readonly privateKey: string; readonly thumbprintSha256: string; readonly x5c?: string };
  readonly cloud?: Cloud;
  /** An authority base other than the cloud's (the simulator's): `https://127.0.0.1:4001`. */
  readonly authorityUrl?: string;
  /** Extra CA certificates (PEM) to trust when talking to the authority. */
  readonly ca?: string | readonly string[];
  /** Default: `<graph>/.default` for the cloud. */
  readonly scopes?: readonly string[];
  /** Fetch a new token this long before the current one expires (default 5 min). */
  readonly refreshBeforeMs?: number;
}

/**
 * Client-credential tokens through @azure/msal-node (secret or certificate). Tokens are cached
 * and refreshed before they expire; concurrent requests share one fetch.
 */
export function clientCredentials(options: ClientCredentialsOptions): TokenProvider {
  if (!options.clientSecret && !options.certificate) throw new TypeError('clientCredentials: give clientSecret or certificate');
  const cloud = CLOUDS[options.cloud ?? 'global'];
  const authorityBase = (options.authorityUrl ?? cloud.authority).replace(/\/+$/, '');
  const config: Configuration = {
    auth: {
      clientId: options.clientId,
      authority: `${authorityBase}/${options.tenantId}`,
      ...(options.authorityUrl ? { knownAuthorities: [new URL(authorityBase).host] } : {}),
      ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
      ...(options.certificate ? { clientCertificate: { ...options.certificate } } : {}),
    },
    ...(options.ca ? { system: { networkClient: msalNetworkClient({ ca: options.ca }) } } : {}),
  };
  const app = new ConfidentialClientApplication(config);
  const scopes = [...(options.scopes ?? [`${cloud.graph}/.default`])];
  const refreshBefore = options.refreshBeforeMs ?? 5 * 60_000;
  let cached: { token: string; expiresAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  const fetchToken = async (forceRefresh: boolean): Promise<string> => {
    const result = await app.acquireTokenByClientCredential({ scopes, skipCache: forceRefresh });
    if (!result?.accessToken) throw new Error('the authority returned no access token');
    cached = { token: result.accessToken, expiresAt: result.expiresOn?.getTime() ?? Date.now() + 3_000_000 };
    return result.accessToken;
  };

  return {
    refreshable: true,
    getToken(request) {
      const force = request?.forceRefresh ?? false;
      if (!force && cached && Date.now() < cached.expiresAt - refreshBefore) return Promise.resolve(cached.token);
      inFlight ??= fetchToken(force).finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
  };
}
