/** The Graph application permissions (app roles) the calling APIs check. */
export type CallingPermission =
  | 'Calls.Initiate.All'
  | 'Calls.InitiateGroupCall.All'
  | 'Calls.JoinGroupCall.All'
  | 'Calls.JoinGroupCallAsGuest.All'
  | 'Calls.AccessMedia.All';

/** Every calling permission: any one of them lets an app read or end a call it is in. */
export const CALLING_PERMISSIONS: readonly CallingPermission[] = [
  'Calls.Initiate.All',
  'Calls.InitiateGroupCall.All',
  'Calls.JoinGroupCall.All',
  'Calls.JoinGroupCallAsGuest.All',
  'Calls.AccessMedia.All',
];
