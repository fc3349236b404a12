import { type Cloud } from '../clouds';
import type { TokenProvider } from './TokenProvider';
/** Options of {@link clientCredentials}. */
export interface ClientCredentialsOptions {
    readonly tenantId: string;
    readonly clientId: string;
    readonly clientSecret?: string;
    /** Certificate credentials: the private key (PEM) and the certificate's SHA-256 thumbprint (hex). */
    readonly certificate?: {
        readonly privateKey: string;
        readonly thumbprintSha256: string;
        readonly x5c?: string;
    };
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
export declare function clientCredentials(options: ClientCredentialsOptions): TokenProvider;
