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
export const ALL_CALLING_ROLES = [
  'Calls.Initiate.All',
  'Calls.InitiateGroupCall.All',
  'Calls.JoinGroupCall.All',
  'Calls.JoinGroupCallAsGuest.All',
  'Calls.AccessMedia.All',
] as const;

/** The app the simulator registers when none is given (the bot's embedded default). */
export const DEFAULT_APP: SimulatedApp = {
  appId: '6b3b4e2c-1d2a-4c5e-9f10-5a6b7c8d9e0f',
  secret: 'graph-calling-simulator-secret',
  tenantId: '0c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e',
  roles: ALL_CALLING_ROLES,
  displayName: 'graph-calling sample bot',
};

/** The name Graph shows for the app (a call's synthesized source): its registration's, or one made from its id. */
export function displayNameOf(app: SimulatedApp | undefined): string {
  if (app === undefined) return 'Unregistered app';
  return app.displayName ?? `Simulated app ${app.appId.slice(0, 8)}`;
}
