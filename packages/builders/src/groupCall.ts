import type { CallRequest } from '@graph-calling/models';
import { BuilderError } from './BuilderError';
import { chatInfoOf, type ChatInfoInput } from './chatInfo';
import { buildRequest, type CommonOptions } from './CommonOptions';
import { identityOf, type IdentityRef } from './identities';
import { record, shown } from './validate';

/**
 * Graph's documented limit on the targets of a new group call ("up to 5 VoIP users"). The 2019 beta
 * page shows a phone number among a group call's targets but documents no allowance for phone
 * numbers of their own, so they count against the same limit; more are invited once the call is up.
 */
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
    throw new BuilderError('missing-targets', 'targets', 'at least one target', shown(list), 'a group call invites its targets');
  }
  // Counted before anything else is read, so a list of a million is refused without being walked.
  if (list.length > MAX_GROUP_VOIP_TARGETS) {
    throw new BuilderError(
      'too-many-targets',
      'targets',
      `at most ${MAX_GROUP_VOIP_TARGETS} targets (VoIP users, applications and phone numbers together)`,
      `${list.length}`,
      'Graph documents up to 5 VoIP users for a new group call and no allowance for phone numbers beyond them; invite more once it is established',
    );
  }
  const targets = list.map((t: unknown, i) => identityOf(`targets[${i}]`, t, ['user', 'application', 'phone']));
  const source = o['source'] === undefined ? undefined : identityOf('source', o['source'], ['application', 'applicationInstance']);
  const chatInfo = o['chatInfo'] === undefined ? undefined : chatInfoOf(o['chatInfo'], 'polymorphic');
  return buildRequest(options, { ...(source ? { source } : {}), targets, ...(chatInfo ? { chatInfo } : {}) }, [
    'targets',
    'source',
    'chatInfo',
  ]);
}
