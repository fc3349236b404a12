import type { CallRequest } from '@graph-calling/models';
import { buildRequest, type CommonOptions } from './CommonOptions';
import { identityOf, type IdentityRef } from './identities';
import { record } from './validate';

/** A call to a phone number, placed by an application instance that has a PSTN number. */
export interface PstnCallOptions extends CommonOptions {
  readonly from: IdentityRef<'applicationInstance'>;
  readonly to: IdentityRef<'phone'>;
}

/** Builds a peer-to-peer PSTN call (needs Calls.Initiate.All and a licensed application instance). */
export function pstnCall(options: PstnCallOptions): CallRequest {
  const o = record('options', options);
  const from = identityOf('from', o['from'], ['applicationInstance']);
  const to = identityOf('to', o['to'], ['phone']);
  return buildRequest(options, { source: from, targets: [to] }, ['from', 'to']);
}
