import type { INetworkModule } from '@azure/msal-node';
/**
 * An msal-node network module over node:https that also trusts `ca` (PEM): for a corporate TLS
 * proxy, or the simulator's self-signed authority on loopback.
 */
export declare function msalNetworkClient(options: {
    readonly ca: string | readonly string[];
    readonly timeoutMs?: number;
}): INetworkModule;
