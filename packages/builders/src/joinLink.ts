import { GraphCallingError, previewJson } from '@graph-calling/models';
import type { CallRequest } from '@graph-calling/models';
import { BuilderError } from './BuilderError';
import type { CommonOptions } from './CommonOptions';
import { user, type IdentityRef } from './identities';
import { joinMeeting } from './joinMeeting';
import { joinMeetingById } from './joinMeetingById';

/** A Teams meeting link, read. */
export type JoinLink =
  | {
      readonly kind: 'meetup-join';
      readonly threadId: string;
      readonly messageId: string;
      /** `Tid` of the link's context: the meeting's tenant. */
      readonly tenantId: string;
      /** `Oid` of the link's context: the organizer's object id. */
      readonly organizerId: string;
      /** `MessageId` of the context, present on channel meeting links. */
      readonly replyChainMessageId?: string;
      /** A meeting posted in a channel (`@thread.skype` / `@thread.tacv2` thread). */
      readonly channel: boolean;
      /** What was repaired on the way (an unwrapped Safe Links URL, a missing thread suffix). */
      readonly normalized: readonly string[];
    }
  | { readonly kind: 'meet'; readonly meetingId: string; readonly passcode?: string; readonly normalized: readonly string[] };

/** Why a Teams link could not be read. */
export type JoinLinkErrorCode =
  | 'not-a-url'
  | 'not-a-teams-link'
  | 'unknown-path'
  | 'invalid-thread'
  | 'missing-message'
  | 'invalid-context'
  | 'invalid-meeting-id'
  | 'missing-coordinates';

/** Why a link could not be read: what was recognised, and what was not. */
export class JoinLinkError extends GraphCallingError<JoinLinkErrorCode> {
  override readonly name = 'JoinLinkError';
  constructor(
    code: JoinLinkErrorCode,
    readonly recognised: Readonly<Record<string, string>>,
    readonly unrecognised: string,
    detail: string,
  ) {
    const seen = Object.entries(recognised)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    super(code, `${detail}; recognised: ${seen || 'nothing'}; not recognised: ${unrecognised}`);
  }
}

const TEAMS_HOST =
  /(^|\.)(teams\.microsoft\.com|teams\.microsoft\.us|teams\.cloud\.microsoft|teams\.live\.com|teams\.microsoftonline\.cn)$/i;
const SAFE_LINKS = /\.safelinks\.protection\.outlook\.(com|us|cn)$/i;
const THREAD = /^19:[^/@\s]+@thread\.(v2|skype|tacv2)$/i;

/**
 * Reads a Teams join link: the classic `/l/meetup-join/<thread>/<message>?context={"Tid","Oid"}`
 * (URL-encoded or not, scheduled or channel meetings) and the short `/meet/<id>?p=<passcode>`.
 * Safe Links wrappers are unwrapped. Anything else — including a classic link whose context lacks
 * `Tid` or `Oid` (`missing-coordinates`) — is a {@link JoinLinkError} naming what was and was not
 * recognised, so that no incomplete join can be built from what it returns.
 */
export function parseJoinLink(link: string): JoinLink {
  const normalized: string[] = [];
  let url = toUrl(link);
  if (SAFE_LINKS.test(url.hostname) && url.searchParams.has('url')) {
    url = toUrl(url.searchParams.get('url') ?? '');
    normalized.push('unwrapped a Safe Links URL');
  }
  const recognised: Record<string, string> = { host: url.hostname };
  if (!TEAMS_HOST.test(url.hostname))
    throw new JoinLinkError('not-a-teams-link', recognised, url.hostname, 'expected a Teams host (teams.microsoft.com, teams.live.com, …)');
  const segments = url.pathname.split('/').filter((s) => s !== '');
  if (segments[0]?.toLowerCase() === 'meet' && segments.length === 2) return meet(segments[1] ?? '', url, recognised, normalized);
  if (segments[0]?.toLowerCase() === 'l' && segments[1]?.toLowerCase() === 'meetup-join')
    return meetupJoin(segments.slice(2), url, recognised, normalized);
  throw new JoinLinkError(
    'unknown-path',
    recognised,
    url.pathname,
    'expected /l/meetup-join/<thread>/<message> or /meet/<id>?p=<passcode>',
  );
}

function toUrl(link: unknown): URL {
  if (typeof link !== 'string' || link.trim() === '')
    throw new JoinLinkError('not-a-url', {}, previewJson(link), 'expected a Teams meeting link');
  try {
    return new URL(link.trim());
  } catch {
    throw new JoinLinkError('not-a-url', {}, previewJson(link), 'expected an absolute https URL');
  }
}

function decode(part: string): string {
  let out = part;
  // Links are pasted encoded once, twice, or not at all.
  for (let i = 0; i < 3 && /%[0-9a-f]{2}/i.test(out); i += 1) {
    try {
      out = decodeURIComponent(out);
    } catch {
      break;
    }
  }
  return out;
}

function meet(id: string, url: URL, recognised: Record<string, string>, normalized: string[]): JoinLink {
  recognised['path'] = '/meet/<id>';
  const meetingId = decode(id).replace(/\s+/g, '');
  if (!/^\d{6,20}$/.test(meetingId))
    throw new JoinLinkError('invalid-meeting-id', recognised, previewJson(id), 'expected a numeric meeting id after /meet/');
  const passcode = url.searchParams.get('p') ?? undefined;
  return { kind: 'meet', meetingId, ...(passcode ? { passcode } : {}), normalized };
}

function meetupJoin(rest: string[], url: URL, recognised: Record<string, string>, normalized: string[]): JoinLink {
  recognised['path'] = '/l/meetup-join';
  // A thread id that was not encoded may have been split at its "/" by nobody: ids never contain one.
  let threadId = decode(rest[0] ?? '');
  if (threadId === '')
    throw new JoinLinkError('invalid-thread', recognised, 'no thread id', 'expected the meeting thread after /l/meetup-join/');
  if (/^19:meeting_[^@]+$/i.test(threadId)) {
    threadId += '@thread.v2';
    normalized.push('added the missing @thread.v2 suffix to the thread id');
  }
  if (!THREAD.test(threadId))
    throw new JoinLinkError('invalid-thread', recognised, previewJson(threadId), 'expected a thread id like 19:meeting_…@thread.v2');
  recognised['threadId'] = threadId;
  const messageId = decode(rest[1] ?? '');
  if (!/^\d+$/.test(messageId))
    throw new JoinLinkError(
      'missing-message',
      recognised,
      previewJson(rest[1] ?? ''),
      'expected the message id (0 for scheduled meetings) after the thread',
    );
  recognised['messageId'] = messageId;
  const context = readContext(url.searchParams.get('context'), recognised);
  const tenantId = context['tid'];
  const organizerId = context['oid'];
  // Without both, no join can be built from the link: say so here, as joinFromLink would, rather
  // than hand back thread and message ids that look complete.
  if (!tenantId || !organizerId) {
    const missing = [...(tenantId ? [] : ['context.Tid']), ...(organizerId ? [] : ['context.Oid'])].join(' / ');
    throw new JoinLinkError(
      'missing-coordinates',
      recognised,
      missing,
      'expected the organizer (Oid) and tenant (Tid) in the link context to join by chat thread',
    );
  }
  const channel = /@thread\.(skype|tacv2)$/i.test(threadId);
  return {
    kind: 'meetup-join',
    threadId,
    messageId,
    channel,
    tenantId,
    organizerId,
    ...(context['messageid'] && context['messageid'] !== messageId ? { replyChainMessageId: context['messageid'] } : {}),
    normalized,
  };
}

/** The `context` query: JSON with Tid, Oid (and MessageId for channels), keys in any case. */
function readContext(raw: string | null, recognised: Record<string, string>): Record<string, string> {
  if (raw === null) return {};
  let value: unknown;
  try {
    value = JSON.parse(decode(raw));
  } catch {
    throw new JoinLinkError(
      'invalid-context',
      recognised,
      previewJson(raw),
      'expected the context parameter to be JSON such as {"Tid":"…","Oid":"…"}',
    );
  }
  if (typeof value !== 'object' || value === null)
    throw new JoinLinkError('invalid-context', recognised, previewJson(raw), 'expected a JSON object in context');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string' || typeof v === 'number') out[k.toLowerCase()] = String(v);
  if (out['tid']) recognised['tenantId'] = out['tid'];
  if (out['oid']) recognised['organizerId'] = out['oid'];
  return out;
}

/** Options of {@link joinFromLink}: the common options, and optionally who to join as. */
export interface JoinFromLinkOptions extends CommonOptions {
  readonly source?: IdentityRef<'application' | 'guest'>;
}

/**
 * Builds the join request for a Teams link: `joinMeeting` for a meetup-join link (organizer and
 * tenant from its context), `joinMeetingById` for a `/meet/` link.
 */
export function joinFromLink(link: string, options: JoinFromLinkOptions): CallRequest {
  const parsed = parseJoinLink(link);
  if (parsed.kind === 'meet') {
    return joinMeetingById({
      ...options,
      meetingId: parsed.meetingId,
      ...(parsed.passcode !== undefined ? { passcode: parsed.passcode } : {}),
    });
  }
  try {
    return joinMeeting({
      ...options,
      tenantId: options.tenantId ?? parsed.tenantId,
      chatInfo: {
        threadId: parsed.threadId,
        messageId: parsed.messageId,
        ...(parsed.replyChainMessageId ? { replyChainMessageId: parsed.replyChainMessageId } : {}),
      },
      organizer: user(parsed.organizerId, { tenantId: parsed.tenantId }),
    });
  } catch (error) {
    if (error instanceof BuilderError) throw new BuilderError(error.code, `link context: ${error.field}`, error.expected, error.received);
    throw error;
  }
}
