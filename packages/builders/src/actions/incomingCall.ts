import { Modality, type AnswerRequest, type RedirectRequest, type RejectRequest, previewJson } from '@graph-calling/models';
import { BuilderError } from '../BuilderError';
import { deepFreeze } from '../deepFreeze';
import { identityOf, type IdentityRef } from '../identities';
import { mediaOf, type Media } from '../media';
import { invitation, mediaConfig, type, type Annotate } from '../render';
import { bool, callbackUri } from '../validate';
import { annotationOf, flag, integer, oneOf, optionsOf } from './actionOptions';

/** Options of {@link answer}. */
export interface AnswerOptions {
  readonly media: Media;
  /** Where Graph sends this call's later notifications; the app's global callback when omitted. */
  readonly callbackUri?: string;
  /** What the bot accepts; default `['audio']`. */
  readonly modalities?: readonly ('audio' | 'video' | 'videoBasedScreenSharing')[];
  readonly callOptions?: { readonly hideBotAfterEscalation?: boolean; readonly isContentSharingNotificationEnabled?: boolean };
  /** Participants the bot can handle (policy-based recording). */
  readonly participantCapacity?: number;
  readonly annotate?: Annotate;
}

const ANSWER_KEYS = ['media', 'callbackUri', 'modalities', 'callOptions', 'participantCapacity', 'annotate'];
const ACCEPTED: readonly string[] = ['audio', 'video', 'videoBasedScreenSharing'];

/** Builds the body that answers an incoming call (within 15 seconds of the incoming notification). */
export function answer(options: AnswerOptions): AnswerRequest {
  const o = optionsOf('answer', options, ANSWER_KEYS);
  const annotate = annotationOf(o);
  const media = mediaOf('media', o['media']);
  const uri = o['callbackUri'] === undefined ? undefined : callbackUri('callbackUri', o['callbackUri']);
  const raw = o['modalities'] ?? ['audio'];
  if (!Array.isArray(raw) || raw.length === 0)
    throw new BuilderError('invalid-value', 'modalities', 'a non-empty array of modalities', previewJson(raw));
  const acceptedModalities = raw.map((m: unknown, i) => {
    if (!Modality.is(m) || !ACCEPTED.includes(m))
      throw new BuilderError('unknown-modality', `modalities[${i}]`, 'audio, video or videoBasedScreenSharing', previewJson(m));
    return m;
  });
  let callOptions: Record<string, unknown> | undefined;
  if (o['callOptions'] !== undefined) {
    const c = optionsOf('callOptions', o['callOptions'], ['hideBotAfterEscalation', 'isContentSharingNotificationEnabled']);
    const hide = bool('callOptions.hideBotAfterEscalation', c['hideBotAfterEscalation']);
    const sharing = bool('callOptions.isContentSharingNotificationEnabled', c['isContentSharingNotificationEnabled']);
    if (hide !== undefined || sharing !== undefined)
      callOptions = {
        ...type('incomingCallOptions', annotate),
        ...(hide !== undefined ? { hideBotAfterEscalation: hide } : {}),
        ...(sharing !== undefined ? { isContentSharingNotificationEnabled: sharing } : {}),
      };
  }
  const capacity = integer('participantCapacity', o['participantCapacity'], 1, 10_000);
  return deepFreeze({
    ...(uri !== undefined ? { callbackUri: uri } : {}),
    acceptedModalities,
    mediaConfig: mediaConfig(media),
    ...(callOptions !== undefined ? { callOptions } : {}),
    ...(capacity !== undefined ? { participantCapacity: capacity } : {}),
  });
}

/** Options of {@link reject}. */
export interface RejectOptions {
  /** `busy`: the bot cannot take the call now; `forbidden`: it will not; `none` (default when omitted). */
  readonly reason?: 'none' | 'busy' | 'forbidden';
  readonly callbackUri?: string;
}

/** Builds the body that declines an incoming call. */
export function reject(options: RejectOptions = {}): RejectRequest {
  const o = optionsOf('reject', options, ['reason', 'callbackUri']);
  const reason = o['reason'] === undefined ? undefined : oneOf('reason', o['reason'], ['none', 'busy', 'forbidden'] as const);
  const uri = o['callbackUri'] === undefined ? undefined : callbackUri('callbackUri', o['callbackUri']);
  return deepFreeze({ ...(reason !== undefined ? { reason } : {}), ...(uri !== undefined ? { callbackUri: uri } : {}) });
}

/** Options of {@link redirect}. */
export interface RedirectOptions {
  /** Where the call goes: users, applications or phone numbers. */
  readonly targets: readonly IdentityRef<'user' | 'application' | 'applicationInstance' | 'phone'>[];
  readonly callbackUri?: string;
  /** Seconds to ring the targets (15 to 90). */
  readonly timeout?: number;
  /** beta: ring all targets at once, or forward. */
  readonly targetDisposition?: 'default' | 'simultaneousRing' | 'forward';
  readonly maskCallee?: boolean;
  readonly maskCaller?: boolean;
  readonly annotate?: Annotate;
}

/** Builds the body that sends an incoming call elsewhere before it is answered. */
export function redirect(options: RedirectOptions): RedirectRequest {
  const o = optionsOf('redirect', options, [
    'targets',
    'callbackUri',
    'timeout',
    'targetDisposition',
    'maskCallee',
    'maskCaller',
    'annotate',
  ]);
  const annotate = annotationOf(o);
  const raw = o['targets'];
  if (!Array.isArray(raw) || raw.length === 0)
    throw new BuilderError('missing-targets', 'targets', 'at least one target: user(…), application(…) or phone(…)', previewJson(raw));
  const targets = raw.map((t: unknown, i) => identityOf(`targets[${i}]`, t, ['user', 'application', 'applicationInstance', 'phone']));
  const uri = o['callbackUri'] === undefined ? undefined : callbackUri('callbackUri', o['callbackUri']);
  const timeout = integer('timeout', o['timeout'], 15, 90);
  const disposition =
    o['targetDisposition'] === undefined
      ? undefined
      : oneOf('targetDisposition', o['targetDisposition'], ['default', 'simultaneousRing', 'forward'] as const);
  const maskCallee = flag('maskCallee', o['maskCallee']);
  const maskCaller = flag('maskCaller', o['maskCaller']);
  return deepFreeze({
    targets: targets.map((t) => invitation(t, annotate)),
    ...(disposition !== undefined ? { targetDisposition: disposition } : {}),
    ...(timeout !== undefined ? { timeout } : {}),
    ...(maskCallee !== undefined ? { maskCallee } : {}),
    ...(maskCaller !== undefined ? { maskCaller } : {}),
    ...(uri !== undefined ? { callbackUri: uri } : {}),
  });
}
