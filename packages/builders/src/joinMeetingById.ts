import { previewJson } from '@graph-calling/models';
import type { CallRequest } from '@graph-calling/models';
import { BuilderError } from './BuilderError';
import { buildRequest, type CommonOptions } from './CommonOptions';
import { identityOf, type IdentityRef } from './identities';
import { optionalText, record, text } from './validate';

/** Join a meeting by the numeric meeting id and passcode shown in the invitation. */
export interface JoinMeetingByIdOptions extends CommonOptions {
  readonly meetingId: string;
  readonly passcode?: string;
  readonly source?: IdentityRef<'application' | 'guest'>;
}

/** Builds a join by meeting id (`joinMeetingIdMeetingInfo`). Spaces in the id are removed. */
export function joinMeetingById(options: JoinMeetingByIdOptions): CallRequest {
  const o = record('options', options);
  const meetingId = text('meetingId', o['meetingId'], 64).replace(/\s+/g, '');
  if (!/^\d{6,20}$/.test(meetingId))
    throw new BuilderError('invalid-value', 'meetingId', 'the numeric meeting id (6–20 digits)', previewJson(o['meetingId']));
  const passcode = optionalText('passcode', o['passcode'], 64);
  const source = o['source'] === undefined ? undefined : identityOf('source', o['source'], ['application', 'guest']);
  return buildRequest(
    options,
    {
      ...(source ? { source } : {}),
      meetingInfo: {
        '@odata.type': '#microsoft.graph.joinMeetingIdMeetingInfo',
        joinMeetingId: meetingId,
        ...(passcode !== undefined ? { passcode } : {}),
      },
    },
    ['meetingId', 'passcode', 'source'],
  );
}
