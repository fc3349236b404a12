import type {
  AddLargeGalleryViewRequest,
  CancelMediaProcessingRequest,
  ChangeScreenSharingRoleRequest,
  MuteRequest,
  PlayPromptRequest,
  RecordResponseRequest,
  SendDtmfTonesRequest,
  SubscribeToToneRequest,
  Tone,
  TransferRequest,
  UnmuteRequest,
  UpdateRecordingStatusRequest,
} from '@graph-calling/models';
import { Tone as ToneCodec, previewJson } from '@graph-calling/models';
import { BuilderError } from '../BuilderError';
import { deepFreeze } from '../deepFreeze';
import { identityOf, type IdentityRef } from '../identities';
import { invitation, participantInfo, type Annotate } from '../render';
import { text } from '../validate';
import { annotationOf, clientContextOf, flag, integer, oneOf, optionsOf, promptOf, promptsOf, type PromptInput } from './actionOptions';

/** Options every operation-starting action accepts. */
export interface ClientContextOptions {
  /** Your correlation string (at most 256 characters); Graph echoes it in the operation. */
  readonly clientContext?: string;
}

/** Options of {@link transfer}. */
export interface TransferOptions extends ClientContextOptions {
  /** Who takes the call. */
  readonly to: IdentityRef<'user' | 'application' | 'applicationInstance' | 'phone'>;
  /** `default` unless the target is a voicemail or Skype for Business endpoint. */
  readonly endpointType?: 'default' | 'voicemail' | 'skypeForBusiness' | 'skypeForBusinessVoipPhone';
  /** Consultative transfer: the participant being transferred (the other party of this call). */
  readonly transferee?: IdentityRef<'user' | 'application' | 'applicationInstance' | 'phone'>;
  /** Consultative transfer: the id of the call with the target that this transfer replaces. */
  readonly replacesCallId?: string;
  readonly annotate?: Annotate;
}

/** Builds the body that hands the call to someone else (blind, or consultative with `replacesCallId`). */
export function transfer(options: TransferOptions): TransferRequest {
  const o = optionsOf('transfer', options, ['to', 'endpointType', 'transferee', 'replacesCallId', 'clientContext', 'annotate']);
  const annotate = annotationOf(o);
  const to = identityOf('to', o['to'], ['user', 'application', 'applicationInstance', 'phone']);
  const endpointType =
    o['endpointType'] === undefined
      ? undefined
      : oneOf('endpointType', o['endpointType'], ['default', 'voicemail', 'skypeForBusiness', 'skypeForBusinessVoipPhone'] as const);
  const replacesCallId = o['replacesCallId'] === undefined ? undefined : text('replacesCallId', o['replacesCallId'], 256);
  const transferee =
    o['transferee'] === undefined
      ? undefined
      : identityOf('transferee', o['transferee'], ['user', 'application', 'applicationInstance', 'phone']);
  const target = invitation(to, annotate);
  return deepFreeze({
    transferTarget: {
      ...(endpointType !== undefined ? { endpointType } : {}),
      ...target,
      ...(replacesCallId !== undefined ? { replacesCallId } : {}),
    },
    ...(transferee !== undefined ? { transferee: participantInfo(transferee, annotate) } : {}),
    ...clientContextOf(o),
  });
}

/** Options of {@link playPrompt}. */
export interface PlayPromptOptions extends ClientContextOptions {
  /** 1 to 20 prompts, played in order. */
  readonly prompts: readonly PromptInput[];
  /** beta: repeat until cancelled. */
  readonly loop?: boolean;
  readonly annotate?: Annotate;
}

/** Builds the body that plays prompts (service-hosted media only; answers with a playPromptOperation). */
export function playPrompt(options: PlayPromptOptions): PlayPromptRequest {
  const o = optionsOf('playPrompt', options, ['prompts', 'loop', 'clientContext', 'annotate']);
  const prompts = promptsOf('prompts', o['prompts'], 1, 20, annotationOf(o));
  const loop = flag('loop', o['loop']);
  return deepFreeze({ ...clientContextOf(o), prompts, ...(loop !== undefined ? { loop } : {}) });
}

/** Options of {@link recordResponse}. */
export interface RecordResponseOptions extends ClientContextOptions {
  /** At most one prompt, played before recording. */
  readonly prompt?: PromptInput;
  readonly bargeInAllowed?: boolean;
  /** Seconds of silence before the caller starts, 1 to 120 (Graph's default 5). */
  readonly initialSilenceTimeoutInSeconds?: number;
  /** Seconds of pause once the caller has started, 1 to 120 (default 5). */
  readonly maxSilenceTimeoutInSeconds?: number;
  /** Longest recording, 1 to 120 seconds (default 5). */
  readonly maxRecordDurationInSeconds?: number;
  readonly playBeep?: boolean;
  /** Keys that end the recording: `#`, `*`, `0`–`9`. */
  readonly stopTones?: readonly string[];
  readonly annotate?: Annotate;
}

const STOP_TONE = /^[0-9#*A-Da-d]$/;

/** The settings of a recording that `recordResponse` takes as they are in the body (its snippet writer reads the same list). */
export const RECORD_SETTINGS = [
  'bargeInAllowed',
  'initialSilenceTimeoutInSeconds',
  'maxSilenceTimeoutInSeconds',
  'maxRecordDurationInSeconds',
  'playBeep',
  'stopTones',
] as const;

/** Builds the body that records a short answer from the caller (answers with a recordOperation). */
export function recordResponse(options: RecordResponseOptions = {}): RecordResponseRequest {
  const o = optionsOf('recordResponse', options, ['prompt', ...RECORD_SETTINGS, 'clientContext', 'annotate']);
  const annotate = annotationOf(o);
  const prompt = o['prompt'] === undefined ? undefined : promptOf('prompt', o['prompt'], annotate);
  let stopTones: string[] | undefined;
  if (o['stopTones'] !== undefined) {
    if (!Array.isArray(o['stopTones']))
      throw new BuilderError('invalid-value', 'stopTones', 'an array of keys such as "#"', previewJson(o['stopTones']));
    stopTones = o['stopTones'].map((tone: unknown, i) => {
      if (typeof tone !== 'string' || !STOP_TONE.test(tone))
        throw new BuilderError('invalid-value', `stopTones[${i}]`, 'one key: 0-9, #, * or A-D', previewJson(tone));
      return tone;
    });
  }
  const fields: Array<[string, unknown]> = [
    ['bargeInAllowed', flag('bargeInAllowed', o['bargeInAllowed'])],
    ...clientContextEntries(o),
    ['prompts', prompt !== undefined ? [prompt] : undefined],
    ['maxRecordDurationInSeconds', integer('maxRecordDurationInSeconds', o['maxRecordDurationInSeconds'], 1, 120)],
    ['initialSilenceTimeoutInSeconds', integer('initialSilenceTimeoutInSeconds', o['initialSilenceTimeoutInSeconds'], 1, 120)],
    ['maxSilenceTimeoutInSeconds', integer('maxSilenceTimeoutInSeconds', o['maxSilenceTimeoutInSeconds'], 1, 120)],
    ['playBeep', flag('playBeep', o['playBeep'])],
    ['stopTones', stopTones],
  ];
  return deepFreeze(Object.fromEntries(fields.filter(([, v]) => v !== undefined)));
}

function clientContextEntries(o: Record<string, unknown>): Array<[string, unknown]> {
  return Object.entries(clientContextOf(o));
}

/** Builds the body that subscribes the bot to the caller's DTMF keys (they arrive as `toneInfo` notifications). */
export function subscribeToTone(options: ClientContextOptions = {}): SubscribeToToneRequest {
  return deepFreeze({ ...clientContextOf(optionsOf('subscribeToTone', options, ['clientContext'])) });
}

/** Options of {@link sendDtmfTones}. */
export interface SendDtmfTonesOptions extends ClientContextOptions {
  readonly tones: readonly Tone[];
  /** Pause between tones in milliseconds (0 to 10000). */
  readonly delayBetweenTonesMs?: number;
}

/** Builds the body that sends DTMF tones into the call (to navigate another IVR, say). */
export function sendDtmfTones(options: SendDtmfTonesOptions): SendDtmfTonesRequest {
  const o = optionsOf('sendDtmfTones', options, ['tones', 'delayBetweenTonesMs', 'clientContext']);
  const raw = o['tones'];
  if (!Array.isArray(raw) || raw.length === 0)
    throw new BuilderError('invalid-value', 'tones', 'a non-empty array of tones (tone0…tone9, star, pound, a…d, flash)', previewJson(raw));
  const tones = raw.map((tone: unknown, i) => {
    if (!ToneCodec.is(tone))
      throw new BuilderError('invalid-value', `tones[${i}]`, 'tone0…tone9, star, pound, a, b, c, d or flash', previewJson(tone));
    return tone;
  });
  const delay = integer('delayBetweenTonesMs', o['delayBetweenTonesMs'], 0, 10_000);
  return deepFreeze({
    tones,
    ...(delay !== undefined ? { delayBetweenTonesMs: delay } : {}),
    ...clientContextOf(o),
  });
}

/** Builds the body that stops every prompt and recording in progress or queued. */
export function cancelMediaProcessing(options: ClientContextOptions = {}): CancelMediaProcessingRequest {
  return deepFreeze({ ...clientContextOf(optionsOf('cancelMediaProcessing', options, ['clientContext'])) });
}

/** Builds the body that mutes the bot itself. */
export function mute(options: ClientContextOptions = {}): MuteRequest {
  return deepFreeze({ ...clientContextOf(optionsOf('mute', options, ['clientContext'])) });
}

/** Builds the body that unmutes the bot itself. */
export function unmute(options: ClientContextOptions = {}): UnmuteRequest {
  return deepFreeze({ ...clientContextOf(optionsOf('unmute', options, ['clientContext'])) });
}

/** Builds the body that makes the bot a screen-sharing viewer or sharer. */
export function changeScreenSharingRole(options: { readonly role: 'viewer' | 'sharer' }): ChangeScreenSharingRoleRequest {
  const o = optionsOf('changeScreenSharingRole', options, ['role']);
  return deepFreeze({ role: oneOf('role', o['role'], ['viewer', 'sharer'] as const) });
}

/** Options of {@link updateRecordingStatus}. */
export interface UpdateRecordingStatusOptions extends ClientContextOptions {
  readonly status: 'notRecording' | 'recording' | 'failed';
}

/** Builds the body a compliance-recording bot sends to say whether it records. */
export function updateRecordingStatus(options: UpdateRecordingStatusOptions): UpdateRecordingStatusRequest {
  const o = optionsOf('updateRecordingStatus', options, ['status', 'clientContext']);
  const status = oneOf('status', o['status'], ['notRecording', 'recording', 'failed'] as const);
  return deepFreeze({ ...clientContextOf(o), status });
}

/** Builds the body that adds the large gallery view to the bot's video (group calls). */
export function addLargeGalleryView(options: ClientContextOptions = {}): AddLargeGalleryViewRequest {
  return deepFreeze({ ...clientContextOf(optionsOf('addLargeGalleryView', options, ['clientContext'])) });
}
