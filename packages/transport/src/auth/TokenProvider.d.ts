/** Gives the transport a Graph access token. */
export interface TokenProvider {
    getToken(options?: {
        readonly forceRefresh?: boolean;
    }): Promise<string>;
    /** True when `forceRefresh` can produce a different token. */
    readonly refreshable?: boolean;
}
/** A fixed token (tests, tokens obtained elsewhere). */
export declare function staticToken(token: string): TokenProvider;
/** A token from your own code, called for every request (cache it yourself). */
export declare function tokenCallback(get: (options: {
    readonly forceRefresh: boolean;
}) => Promise<string>): TokenProvider;
