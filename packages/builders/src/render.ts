import type {
  AppHostedMediaConfig,
  IdentitySet,
  InvitationParticipantInfo,
  ParticipantInfo,
  ServiceHostedMediaConfig,
} from '@graph-calling/models';
import type { IdentityRef } from './identities';
import type { Media } from './media';

/**
 * Which objects carry `@odata.type`: `all` (the current docs' style), or only `polymorphic`
 * ones — mediaConfig and meetingInfo, where Graph needs it to tell the kinds apart (the 2019 style).
 */
export type Annotate = 'all' | 'polymorphic';

const type = (name: string, annotate: Annotate) => (annotate === 'all' ? { '@odata.type': `#microsoft.graph.${name}` } : {});

/** The identitySet member an identity kind goes in. */
export function identityKey(ref: IdentityRef): string {
  return ref.kind === 'legacyGuestUser' ? 'user' : ref.kind;
}

export function identitySet(ref: IdentityRef, annotate: Annotate): IdentitySet {
  const identity = {
    ...type('identity', annotate),
    ...(ref.displayName !== undefined ? { displayName: ref.displayName } : {}),
    id: ref.id,
    ...(ref.tenantId !== undefined ? { tenantId: ref.tenantId } : {}),
    ...(ref.identityProvider !== undefined ? { identityProvider: ref.identityProvider } : {}),
  };
  return { ...type('identitySet', annotate), [identityKey(ref)]: identity };
}

export function participantInfo(ref: IdentityRef, annotate: Annotate): ParticipantInfo {
  return { ...type('participantInfo', annotate), identity: identitySet(ref, annotate) };
}

export function invitation(ref: IdentityRef, annotate: Annotate): InvitationParticipantInfo {
  return { ...type('invitationParticipantInfo', annotate), identity: identitySet(ref, annotate) };
}

/** mediaConfig always names its kind: Graph cannot tell them apart otherwise. */
export function mediaConfig(media: Media): AppHostedMediaConfig | ServiceHostedMediaConfig {
  const remove = media.removeFromDefaultAudioGroup !== undefined ? { removeFromDefaultAudioGroup: media.removeFromDefaultAudioGroup } : {};
  if (media.kind === 'appHosted') return { '@odata.type': '#microsoft.graph.appHostedMediaConfig', blob: media.blob, ...remove };
  return {
    '@odata.type': '#microsoft.graph.serviceHostedMediaConfig',
    ...(media.preFetch !== undefined ? { preFetchMedia: media.preFetch.map((p) => ({ uri: p.uri, resourceId: p.resourceId })) } : {}),
    ...remove,
  };
}

export { type };
