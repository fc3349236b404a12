import type { CallRequest } from '@graph-calling/models';
import { chatInfoOf, type ChatInfoInput } from './chatInfo';
import { annotateOf, buildRequest, type CommonOptions } from './CommonOptions';
import { identityOf, type IdentityRef } from './identities';
import { identitySet } from './render';
import { bool, record } from './validate';

/** Join a scheduled or channel meeting by its chat thread and organizer. */
export interface JoinMeetingOptions extends CommonOptions {
  readonly chatInfo: ChatInfoInput;
  /** The organizer; give `tenantId` when the meeting is in another tenant. */
  readonly organizer: IdentityRef<'user'>;
  readonly allowConversationWithoutHost?: boolean;
  /**
   * Who the bot joins as: omit to join as the application; `guest(id, name)` to join as a guest
   * (needs Calls.JoinGroupCallAsGuest.All).
   */
  readonly source?: IdentityRef<'application' | 'guest' | 'legacyGuestUser'>;
}

/** Builds a meeting join (needs Calls.JoinGroupCall.All, or the guest permission with a guest source). */
export function joinMeeting(options: JoinMeetingOptions): CallRequest {
  const o = record('options', options);
  const annotate = annotateOf(o['annotate']);
  const organizer = identityOf('organizer', o['organizer'], ['user']);
  const allow = bool('allowConversationWithoutHost', o['allowConversationWithoutHost']);
  const source = o['source'] === undefined ? undefined : identityOf('source', o['source'], ['application', 'guest', 'legacyGuestUser']);
  return buildRequest(
    options,
    {
      ...(source ? { source } : {}),
      chatInfo: chatInfoOf(o['chatInfo'], annotate),
      meetingInfo: {
        '@odata.type': '#microsoft.graph.organizerMeetingInfo',
        organizer: identitySet(organizer, annotate),
        ...(allow !== undefined ? { allowConversationWithoutHost: allow } : {}),
      },
    },
    ['chatInfo', 'organizer', 'allowConversationWithoutHost', 'source'],
  );
}
