/** An app registration the simulator knows: who may get tokens, and which roles they carry. */
export interface SimulatedApp {
    readonly appId: string;
    /** Client secret for client-credential grants. */
    readonly secret?: string;
    /** PEM certificate whose key signs client assertions (certificate credentials). */
    readonly certificate?: string;
    /** The tenant the app is consented in; tokens for other tenants are refused. */
    readonly tenantId: string;
    /** Application permissions granted (the token's `roles`). */
    readonly roles: readonly string[];
    readonly displayName?: string;
}
/** Every calling permission: what an app with full consent holds. */
export declare const ALL_CALLING_ROLES: readonly ["Calls.Initiate.All", "Calls.InitiateGroupCall.All", "Calls.JoinGroupCall.All", "Calls.JoinGroupCallAsGuest.All", "Calls.AccessMedia.All"];
/** The app the simulator registers when none is given (the bot's embedded default). */
export declare const DEFAULT_APP: SimulatedApp;
/** The name Graph shows for the app (a call's synthesized source): its registration's, or one made from its id. */
export declare function displayNameOf(app: SimulatedApp | undefined): string;
