import { Modality, type CallOptions, type CallRequest, type ChatInfo, type MeetingInfo, previewJson } from '@graph-calling/models';
import { BuilderError } from './BuilderError';
import { deepFreeze } from './deepFreeze';
import type { IdentityRef } from './identities';
import { mediaOf, type Media } from './media';
import { invitation, mediaConfig, participantInfo, type, type Annotate } from './render';
import { bool, callbackUri, optionalGuid, optionalText, record } from './validate';

/** Call options Graph accepts at creation. */
export interface CallOptionsInput {
  readonly hideBotAfterEscalation?: boolean;
  readonly isContentSharingNotificationEnabled?: boolean;
  readonly isDeltaRosterEnabled?: boolean;
  readonly isInteractiveRosterEnabled?: boolean;
}

/** Options every scenario accepts. */
export interface CommonOptions {
  /** Where Graph POSTs notifications: https (http only for loopback, e.g. the simulator). */
  readonly callbackUri: string;
  readonly media: Media;
  readonly subject?: string;
  /** The tenant the call or meeting belongs to. */
  readonly tenantId?: string;
  /** Requested modalities; default `['audio']`. */
  readonly modalities?: readonly Modality[];
  readonly callOptions?: CallOptionsInput;
  /** Which objects carry `@odata.type`; default `all`. */
  readonly annotate?: Annotate;
}

/** The scenario-specific parts of a request, already validated. */
export interface RequestParts {
  readonly source?: IdentityRef;
  readonly targets?: readonly IdentityRef[];
  readonly chatInfo?: ChatInfo;
  readonly meetingInfo?: MeetingInfo;
}

const CALL_OPTION_KEYS = [
  'hideBotAfterEscalation',
  'isContentSharingNotificationEnabled',
  'isDeltaRosterEnabled',
  'isInteractiveRosterEnabled',
] as const;

const COMMON_KEYS = ['callbackUri', 'media', 'subject', 'tenantId', 'modalities', 'callOptions', 'annotate'];

/**
 * Validates the common options and assembles an immutable request in Graph's property order.
 * `ownKeys` are the scenario's own options; any other key is refused (a typo such as
 * `callbackUrl`, or `targets` given to a meeting join, would otherwise be silently ignored).
 */
export function buildRequest(options: CommonOptions, parts: RequestParts, ownKeys: readonly string[]): CallRequest {
  const o = record('options', options);
  for (const key of Object.keys(o)) {
    if (!COMMON_KEYS.includes(key) && !ownKeys.includes(key)) {
      const hint = key === 'targets' ? 'this scenario invites nobody' : undefined;
      throw new BuilderError('invalid-value', key, `one of the options ${[...ownKeys, ...COMMON_KEYS].join(', ')}`, previewJson(key), hint);
    }
  }
  const annotate = annotateOf(o['annotate']);
  const uri = callbackUri('callbackUri', o['callbackUri']);
  const media = mediaOf('media', o['media']);
  const subject = optionalText('subject', o['subject']);
  const tenantId = optionalGuid('tenantId', o['tenantId']);
  const modalities = modalitiesOf(o['modalities']);
  const callOptions = callOptionsOf(o['callOptions'], annotate);
  const request = {
    ...type('call', annotate),
    ...(subject !== undefined ? { subject } : {}),
    callbackUri: uri,
    ...(parts.source !== undefined ? { source: participantInfo(parts.source, annotate) } : {}),
    ...(parts.targets !== undefined ? { targets: parts.targets.map((t) => invitation(t, annotate)) } : {}),
    requestedModalities: modalities,
    mediaConfig: mediaConfig(media),
    ...(parts.chatInfo !== undefined ? { chatInfo: parts.chatInfo } : {}),
    ...(parts.meetingInfo !== undefined ? { meetingInfo: parts.meetingInfo } : {}),
    ...(callOptions !== undefined ? { callOptions } : {}),
    ...(tenantId !== undefined ? { tenantId } : {}),
  };
  return deepFreeze(request);
}

export function annotateOf(value: unknown): Annotate {
  if (value === undefined || value === 'all' || value === 'polymorphic') return value ?? 'all';
  throw new BuilderError('invalid-value', 'annotate', '"all" or "polymorphic"', previewJson(value));
}

function modalitiesOf(value: unknown): Modality[] {
  if (value === undefined) return ['audio'];
  if (!Array.isArray(value) || value.length === 0)
    throw new BuilderError('invalid-value', 'modalities', 'a non-empty array of modalities', previewJson(value));
  return value.map((m: unknown, i) => {
    if (!Modality.is(m) || m === 'unknownFutureValue') {
      throw new BuilderError('unknown-modality', `modalities[${i}]`, 'audio, video, videoBasedScreenSharing or data', previewJson(m));
    }
    return m;
  });
}

function callOptionsOf(value: unknown, annotate: Annotate): CallOptions | undefined {
  if (value === undefined) return undefined;
  const o = record('callOptions', value);
  const out: Record<string, unknown> = { ...type('outgoingCallOptions', annotate) };
  for (const key of CALL_OPTION_KEYS) {
    const v = bool(`callOptions.${key}`, o[key]);
    if (v !== undefined) out[key] = v;
  }
  for (const key of Object.keys(o)) {
    if (!(CALL_OPTION_KEYS as readonly string[]).includes(key))
      throw new BuilderError('invalid-value', `callOptions.${key}`, `one of ${CALL_OPTION_KEYS.join(', ')}`, previewJson(key));
  }
  // No option set means no callOptions object at all, rather than an empty one.
  return CALL_OPTION_KEYS.some((key) => key in out) ? out : undefined;
}
