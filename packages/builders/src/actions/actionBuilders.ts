import type { CallActionBody, CallActionName } from '@graph-calling/models';
import {
  addLargeGalleryView,
  cancelMediaProcessing,
  changeScreenSharingRole,
  mute,
  playPrompt,
  recordResponse,
  sendDtmfTones,
  subscribeToTone,
  transfer,
  unmute,
  updateRecordingStatus,
} from './inCall';
import { answer, redirect, reject } from './incomingCall';
import { inviteParticipants, muteAllParticipants, muteParticipant, startHoldMusic, stopHoldMusic } from './participants';

/**
 * The builder of each in-call action's body, under the action's name in the models' CALL_ACTIONS table:
 * what a client sends for action `N` is `ACTION_BUILDERS[N](options)`. Actions with no body (get, delete,
 * keepAlive, the participant reads) and the resource actions the builders do not cover are absent.
 */
export const ACTION_BUILDERS = {
  answer,
  reject,
  redirect,
  transfer,
  playPrompt,
  recordResponse,
  subscribeToTone,
  sendDtmfTones,
  cancelMediaProcessing,
  mute,
  unmute,
  changeScreenSharingRole,
  updateRecordingStatus,
  addLargeGalleryView,
  inviteParticipants,
  muteParticipant,
  muteAllParticipants,
  startHoldMusic,
  stopHoldMusic,
} as const satisfies { readonly [N in CallActionName]?: (options: never) => CallActionBody<N> };

/** The actions {@link ACTION_BUILDERS} builds a body for. */
export type BuiltCallActionName = keyof typeof ACTION_BUILDERS;

/** The options of action `N`'s builder. */
export type ActionBuilderOptions<N extends BuiltCallActionName> = NonNullable<Parameters<(typeof ACTION_BUILDERS)[N]>[0]>;

const BUILD: { readonly [N in BuiltCallActionName]: (options: ActionBuilderOptions<N>) => CallActionBody<N> } = ACTION_BUILDERS;

/** Builds action `name`'s body from `options` with its builder (throws its BuilderError on bad options). */
export function buildActionBody<N extends BuiltCallActionName>(name: N, options: ActionBuilderOptions<N>): CallActionBody<N> {
  return BUILD[name](options);
}
