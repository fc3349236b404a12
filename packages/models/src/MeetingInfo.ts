import * as t from 'io-ts';
import { graphObject, nullable, type Codec } from './codec/graphObject';
import { taggedUnion } from './codec/taggedUnion';
import { IdentitySet } from './IdentitySet';

/** Properties of the base meetingInfo type (beta), shared by every kind. */
const meetingInfoBase = { allowConversationWithoutHost: nullable(t.boolean) };

const OrganizerMeetingInfoCodec = graphObject(
  'organizerMeetingInfo',
  ['organizerMeetingInfo'],
  { organizer: IdentitySet },
  meetingInfoBase,
);

/** Join a meeting by its organizer (with `chatInfo`). */
export interface OrganizerMeetingInfo extends t.TypeOf<typeof OrganizerMeetingInfoCodec> {}
/** The codec of {@link OrganizerMeetingInfo}: decode with it, or use it in other codecs. */
export const OrganizerMeetingInfo: Codec<OrganizerMeetingInfo> = OrganizerMeetingInfoCodec;

const TokenMeetingInfoCodec = graphObject('tokenMeetingInfo', ['tokenMeetingInfo'], { token: t.string }, meetingInfoBase);

/** Join a meeting by token. */
export interface TokenMeetingInfo extends t.TypeOf<typeof TokenMeetingInfoCodec> {}
/** The codec of {@link TokenMeetingInfo}: decode with it, or use it in other codecs. */
export const TokenMeetingInfo: Codec<TokenMeetingInfo> = TokenMeetingInfoCodec;

const JoinMeetingIdMeetingInfoCodec = graphObject(
  'joinMeetingIdMeetingInfo',
  ['joinMeetingIdMeetingInfo'],
  { joinMeetingId: t.string },
  {
    ...meetingInfoBase,
    passcode: nullable(t.string),
  },
);

/** Join a meeting by its meeting id and passcode. */
export interface JoinMeetingIdMeetingInfo extends t.TypeOf<typeof JoinMeetingIdMeetingInfoCodec> {}
/** The codec of {@link JoinMeetingIdMeetingInfo}: decode with it, or use it in other codecs. */
export const JoinMeetingIdMeetingInfo: Codec<JoinMeetingIdMeetingInfo> = JoinMeetingIdMeetingInfoCodec;

/** How a meeting is named, discriminated by `@odata.type`, else by its key property. */
export const MeetingInfo = taggedUnion<OrganizerMeetingInfo | TokenMeetingInfo | JoinMeetingIdMeetingInfo>('meetingInfo', [
  { name: 'organizerMeetingInfo', codec: OrganizerMeetingInfo, matches: (u) => 'organizer' in u },
  { name: 'tokenMeetingInfo', codec: TokenMeetingInfo, matches: (u) => 'token' in u },
  { name: 'joinMeetingIdMeetingInfo', codec: JoinMeetingIdMeetingInfo, matches: (u) => 'joinMeetingId' in u },
]);
/** A MeetingInfo as decoded: one of its members. */
export type MeetingInfo = t.TypeOf<typeof MeetingInfo>;
