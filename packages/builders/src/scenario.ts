import type { CallRequest } from '@graph-calling/models';

/** What a create-call request does, as far as permissions and builders are concerned. */
export type CallScenario =
  'peerToPeer' | 'pstn' | 'groupCall' | 'joinMeeting' | 'joinMeetingAsGuest' | 'joinMeetingById' | 'joinMeetingWithToken';

/** The identitySet member a participantInfo names (`user`, `guest`, `phone`, …). */
export function identityKind(info: { identity?: unknown } | null | undefined): string | undefined {
  const set = info?.identity;
  if (typeof set !== 'object' || set === null) return undefined;
  return Object.keys(set).find((k) => k !== '@odata.type' && k !== 'endpointType' && (set as Record<string, unknown>)[k] != null);
}

/** True when the source joins as a guest: a guest identity, or the 2019 user-with-identityProvider shape. */
export function isGuestSource(request: CallRequest): boolean {
  const kind = identityKind(request.source);
  if (kind === 'guest') return true;
  const user = (request.source?.identity as Record<string, unknown> | undefined)?.['user'] as Record<string, unknown> | undefined;
  return kind === 'user' && typeof user?.['identityProvider'] === 'string';
}

/** Classifies a request: meeting coordinates first, then the number and kind of targets. */
export function callScenario(request: CallRequest): CallScenario {
  const meeting = request.meetingInfo as Record<string, unknown> | null | undefined;
  if (meeting) {
    if ('joinMeetingId' in meeting) return 'joinMeetingById';
    if ('token' in meeting) return 'joinMeetingWithToken';
    return isGuestSource(request) ? 'joinMeetingAsGuest' : 'joinMeeting';
  }
  const targets = request.targets ?? [];
  if (targets.length === 1) {
    const target = identityKind(targets[0]);
    return target === 'phone' || identityKind(request.source) === 'applicationInstance' ? 'pstn' : 'peerToPeer';
  }
  return 'groupCall';
}
