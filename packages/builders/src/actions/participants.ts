import { previewJson } from '@graph-calling/models';
import type {
  InviteParticipantsRequest,
  MuteAllParticipantsRequest,
  MuteParticipantRequest,
  StartHoldMusicRequest,
  StopHoldMusicRequest,
} from '@graph-calling/models';
import { BuilderError } from '../BuilderError';
import { deepFreeze } from '../deepFreeze';
import { identityOf, type IdentityRef } from '../identities';
import { invitation, type Annotate } from '../render';
import { text } from '../validate';
import { annotationOf, clientContextOf, optionsOf, promptOf, type PromptInput } from './actionOptions';
import type { ClientContextOptions } from './inCall';

/** Graph invites at most five participants at once. */
export const MAX_INVITED = 5;

/** Options of {@link inviteParticipants}. */
export interface InviteParticipantsOptions extends ClientContextOptions {
  readonly participants: readonly IdentityRef<'user' | 'application' | 'applicationInstance' | 'phone'>[];
  /** Moves the invitees' existing call with the bot into this one. */
  readonly replacesCallId?: string;
  readonly annotate?: Annotate;
}

/** Builds the body that invites 1 to 5 participants into a group call (answers with an inviteParticipantsOperation). */
export function inviteParticipants(options: InviteParticipantsOptions): InviteParticipantsRequest {
  const o = optionsOf('inviteParticipants', options, ['participants', 'replacesCallId', 'clientContext', 'annotate']);
  const annotate = annotationOf(o);
  const raw = o['participants'];
  if (!Array.isArray(raw) || raw.length === 0)
    throw new BuilderError(
      'missing-targets',
      'participants',
      'at least one participant: user(…), application(…) or phone(…)',
      previewJson(raw),
    );
  if (raw.length > MAX_INVITED)
    throw new BuilderError('too-many-targets', 'participants', `at most ${MAX_INVITED} participants`, `${raw.length}`);
  const replaces = o['replacesCallId'] === undefined ? undefined : text('replacesCallId', o['replacesCallId'], 256);
  const participants = raw.map((p: unknown, i) => {
    const { '@odata.type': odata, ...rest } = invitation(
      identityOf(`participants[${i}]`, p, ['user', 'application', 'applicationInstance', 'phone']),
      annotate,
    );
    // Graph's examples put replacesCallId right after the type annotation; the order does not matter to Graph.
    return {
      ...(odata !== undefined ? { '@odata.type': odata } : {}),
      ...(replaces !== undefined ? { replacesCallId: replaces } : {}),
      ...rest,
    };
  });
  return deepFreeze({ participants, ...clientContextOf(o) });
}

/** Builds the body that mutes one participant of a group call. */
export function muteParticipant(options: ClientContextOptions = {}): MuteParticipantRequest {
  return deepFreeze({ ...clientContextOf(optionsOf('muteParticipant', options, ['clientContext'])) });
}

/** Options of {@link muteAllParticipants}. */
export interface MuteAllParticipantsOptions extends ClientContextOptions {
  /** Participant ids, as the beta page documents them. */
  readonly participants?: readonly string[];
}

/** Builds the body of the beta `participants/muteAll` action. */
export function muteAllParticipants(options: MuteAllParticipantsOptions = {}): MuteAllParticipantsRequest {
  const o = optionsOf('muteAllParticipants', options, ['participants', 'clientContext']);
  let participants: string[] | undefined;
  if (o['participants'] !== undefined) {
    if (!Array.isArray(o['participants']))
      throw new BuilderError('invalid-value', 'participants', 'an array of participant ids', previewJson(o['participants']));
    participants = o['participants'].map((id: unknown, i) => text(`participants[${i}]`, id, 256));
  }
  return deepFreeze({ ...(participants !== undefined ? { participants } : {}), ...clientContextOf(o) });
}

/** Options of {@link startHoldMusic}. */
export interface StartHoldMusicOptions extends ClientContextOptions {
  /** Music to play instead of Graph's default. */
  readonly prompt?: PromptInput;
  readonly annotate?: Annotate;
}

/** Builds the body that puts a participant on hold with music. */
export function startHoldMusic(options: StartHoldMusicOptions = {}): StartHoldMusicRequest {
  const o = optionsOf('startHoldMusic', options, ['prompt', 'clientContext', 'annotate']);
  const prompt = o['prompt'] === undefined ? undefined : promptOf('prompt', o['prompt'], annotationOf(o));
  return deepFreeze({ ...(prompt !== undefined ? { customPrompt: prompt } : {}), ...clientContextOf(o) });
}

/** Builds the body that takes a participant off hold. */
export function stopHoldMusic(options: ClientContextOptions = {}): StopHoldMusicRequest {
  return deepFreeze({ ...clientContextOf(optionsOf('stopHoldMusic', options, ['clientContext'])) });
}
