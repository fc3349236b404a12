import { previewJson } from '@graph-calling/models';
import type { CallRequest } from '@graph-calling/models';
import { BuilderError } from './BuilderError';
import { chatInfoOf, type ChatInfoInput } from './chatInfo';
import { buildRequest, type CommonOptions } from './CommonOptions';
import { identityOf, type IdentityRef } from './identities';
import { record } from './validate';

/** Graph's documented limit on VoIP (user or application) targets of a new group call. */
export const MAX_GROUP_VOIP_TARGETS = 5;

/** A new ad hoc group call. */
export interface GroupCallOptions extends CommonOptions {
  readonly targets: ReadonlyArray<IdentityRef<'user' | 'application' | 'phone'>>;
  readonly source?: IdentityRef<'application' | 'applicationInstance'>;
  /** The 2019 pages attach a group call to an existing chat thread. */
  readonly chatInfo?: ChatInfoInput;
}

/** Builds a group call with several targets (needs Calls.InitiateGroupCall.All). */
export function groupCall(options: GroupCallOptions): CallRequest {
  const o = record('options', options);
  const list = o['targets'];
  if (!Array.isArray(list) || list.length === 0) {
    throw new BuilderError('missing-targets', 'targets', 'at least one target', previewJson(list), 'a group call invites its targets');
  }
  const targets = list.map((t: unknown, i) => identityOf(`targets[${i}]`, t, ['user', 'application', 'phone']));
  const voip = targets.filter((t) => t.kind !== 'phone').length;
  if (voip > MAX_GROUP_VOIP_TARGETS) {
    throw new BuilderError(
      'too-many-targets',
      'targets',
      `at most ${MAX_GROUP_VOIP_TARGETS} VoIP targets`,
      `${voip}`,
      'Graph supports up to 5 VoIP users in a new group call; invite more once it is established',
    );
  }
  const source = o['source'] === undefined ? undefined : identityOf('source', o['source'], ['application', 'applicationInstance']);
  const chatInfo = o['chatInfo'] === undefined ? undefined : chatInfoOf(o['chatInfo'], 'polymorphic');
  return buildRequest(options, { ...(source ? { source } : {}), targets, ...(chatInfo ? { chatInfo } : {}) }, [
    'targets',
    'source',
    'chatInfo',
  ]);
}
