import type { CallRequest } from '@graph-calling/models';
import { buildRequest, type CommonOptions } from './CommonOptions';
import { identityOf, type IdentityRef } from './identities';
import { record, text } from './validate';

/** Join a meeting with a meeting token (`tokenMeetingInfo`). */
export interface JoinMeetingWithTokenOptions extends CommonOptions {
  readonly token: string;
  readonly source?: IdentityRef<'application' | 'guest'>;
}

/** Builds a join with a meeting token. */
export function joinMeetingWithToken(options: JoinMeetingWithTokenOptions): CallRequest {
  const o = record('options', options);
  const token = text('token', o['token'], 8192);
  const source = o['source'] === undefined ? undefined : identityOf('source', o['source'], ['application', 'guest']);
  return buildRequest(
    options,
    { ...(source ? { source } : {}), meetingInfo: { '@odata.type': '#microsoft.graph.tokenMeetingInfo', token } },
    ['token', 'source'],
  );
}
