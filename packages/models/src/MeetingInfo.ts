import * as t from 'io-ts';
import { graphObject, nullable } from './codec/graphObject';
import { taggedUnion } from './codec/taggedUnion';
import { IdentitySet } from './IdentitySet';

/** Properties of the base meetingInfo type (beta), shared by every kind. */
const meetingInfoBase = { allowConversationWithoutHost: nullable(t.boolean) };

/** Join a meeting by its organizer (with `chatInfo`). */
export const OrganizerMeetingInfo = graphObject(
  'organizerMeetingInfo',
  ['organizerMeetingInfo'],
  { organizer: IdentitySet },
  meetingInfoBase,
);
export type OrganizerMeetingInfo = t.TypeOf<typeof OrganizerMeetingInfo>;

/** Join a meeting by token. */
export const TokenMeetingInfo = graphObject('tokenMeetingInfo', ['tokenMeetingInfo'], { token: t.string }, meetingInfoBase);
export type TokenMeetingInfo = t.TypeOf<typeof TokenMeetingInfo>;

/** Join a meeting by its meeting id and passcode. */
export const JoinMeetingIdMeetingInfo = graphObject(
  'joinMeetingIdMeetingInfo',
  ['joinMeetingIdMeetingInfo'],
  { joinMeetingId: t.string },
  {
    ...meetingInfoBase,
    passcode: nullable(t.string),
  },
);
export type JoinMeetingIdMeetingInfo = t.TypeOf<typeof JoinMeetingIdMeetingInfo>;

/** How a meeting is named, discriminated by `@odata.type`, else by its key property. */
export const MeetingInfo = taggedUnion<OrganizerMeetingInfo | TokenMeetingInfo | JoinMeetingIdMeetingInfo>('meetingInfo', [
  { name: 'organizerMeetingInfo', codec: OrganizerMeetingInfo, matches: (u) => 'organizer' in u },
  { name: 'tokenMeetingInfo', codec: TokenMeetingInfo, matches: (u) => 'token' in u },
  { name: 'joinMeetingIdMeetingInfo', codec: JoinMeetingIdMeetingInfo, matches: (u) => 'joinMeetingId' in u },
]);
export type MeetingInfo = t.TypeOf<typeof MeetingInfo>;
