import type { CallRequest } from '@graph-calling/models';
import { buildRequest, type CommonOptions } from './CommonOptions';
import { identityOf, type IdentityRef } from './identities';
import { record } from './validate';

/** A VoIP call from the bot to one user or application. */
export interface PeerToPeerCallOptions extends CommonOptions {
  readonly to: IdentityRef<'user' | 'application'>;
  /** The bot as the caller; Graph fills it in when omitted. */
  readonly source?: IdentityRef<'application' | 'applicationInstance'>;
}

/** Builds a peer-to-peer VoIP call (needs Calls.Initiate.All). For a phone number use `pstnCall`. */
export function peerToPeerCall(options: PeerToPeerCallOptions): CallRequest {
  const o = record('options', options);
  const to = identityOf('to', o['to'], ['user', 'application']);
  const source = o['source'] === undefined ? undefined : identityOf('source', o['source'], ['application', 'applicationInstance']);
  return buildRequest(options, { ...(source ? { source } : {}), targets: [to] }, ['to', 'source']);
}
