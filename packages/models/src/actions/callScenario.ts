import type { CallRequest } from '../CallRequest';
import { isRecord } from '../isRecord';
import type { CallingPermission } from './CallingPermission';

/** What a create-call request does, as far as permissions and builders are concerned. */
export type CallScenario =
  'peerToPeer' | 'pstn' | 'groupCall' | 'joinMeeting' | 'joinMeetingAsGuest' | 'joinMeetingById' | 'joinMeetingWithToken';

/** The identitySet member a participantInfo names (`user`, `guest`, `phone`, …). */
export function identityKind(info: { identity?: unknown } | null | undefined): string | undefined {
  const set = info?.identity;
  if (!isRecord(set)) return undefined;
  return Object.keys(set).find((k) => k !== '@odata.type' && k !== 'endpointType' && set[k] != null);
}

/** The `displayName` of the identity {@link identityKind} names, when it is a string. */
export function identityDisplayName(info: { identity?: unknown } | null | undefined): string | undefined {
  const kind = identityKind(info);
  const set = info?.identity;
  const identity = kind !== undefined && isRecord(set) ? set[kind] : undefined;
  const name = isRecord(identity) ? identity['displayName'] : undefined;
  return typeof name === 'string' ? name : undefined;
}

/** True when the source joins as a guest: a guest identity, or the 2019 user-with-identityProvider shape. */
export function isGuestSource(request: Pick<CallRequest, 'source'>): boolean {
  const kind = identityKind(request.source);
  if (kind === 'guest') return true;
  return kind === 'user' && typeof request.source?.identity?.user?.identityProvider === 'string';
}

/**
 * Classifies a create-call request: meeting coordinates first, then the number and kind of
 * targets. A call is PSTN because its one target is a phone number — not because of who places
 * it: an application instance may also place a VoIP call to a user, and that is peer-to-peer.
 */
export function callScenario(request: Pick<CallRequest, 'meetingInfo' | 'targets' | 'source'>): CallScenario {
  const meeting = request.meetingInfo;
  if (meeting) {
    if ('joinMeetingId' in meeting) return 'joinMeetingById';
    if ('token' in meeting) return 'joinMeetingWithToken';
    return isGuestSource(request) ? 'joinMeetingAsGuest' : 'joinMeeting';
  }
  const targets = request.targets ?? [];
  if (targets.length === 1) return identityKind(targets[0]) === 'phone' ? 'pstn' : 'peerToPeer';
  return 'groupCall';
}

/** The permissions a create call of each scenario needs (one of them). */
export const CREATE_CALL_PERMISSIONS: Readonly<Record<CallScenario, readonly CallingPermission[]>> = {
  peerToPeer: ['Calls.Initiate.All'],
  pstn: ['Calls.Initiate.All'],
  groupCall: ['Calls.InitiateGroupCall.All'],
  joinMeeting: ['Calls.JoinGroupCall.All'],
  joinMeetingAsGuest: ['Calls.JoinGroupCallAsGuest.All'],
  joinMeetingById: ['Calls.JoinGroupCall.All', 'Calls.JoinGroupCallAsGuest.All'],
  joinMeetingWithToken: ['Calls.JoinGroupCall.All', 'Calls.JoinGroupCallAsGuest.All'],
};
