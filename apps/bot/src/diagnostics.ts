import type { CallbackRefusal } from './botServer';
import type { BotConfig } from './config';

/** How long a placed call may go without any notification before the CLI says so. */
export const SILENCE_MS = 5000;

/** The setting most likely behind a refused callback, by refusal code. */
const REFUSAL_CAUSES: ReadonlyMap<string, string> = new Map([
  [
    'keys-unavailable',
    'the bot cannot fetch the keys callbacks are signed with: set OPENID_CONFIGURATION_URL to those of the Graph that calls back (a standalone simulator prints its own)',
  ],
  ['unknown-key', 'the callback was signed with a key OPENID_CONFIGURATION_URL does not publish: is it the configuration of this Graph?'],
  ['bad-signature', 'the signature does not match the keys at OPENID_CONFIGURATION_URL: is it the configuration of this Graph?'],
  ['wrong-issuer', 'the token comes from an issuer the bot does not expect: check OPENID_CONFIGURATION_URL'],
  ['wrong-audience', 'the token is for another app: check GRAPH_APP_ID'],
  ['tenant-not-allowed', 'the token is from a tenant the bot does not accept: check GRAPH_TENANT_ID and BOT_ALLOWED_TENANTS'],
  ['missing-tenant', 'the token names no tenant: check OPENID_CONFIGURATION_URL'],
  ['expired', 'the token has expired: check this machine’s clock'],
  ['not-yet-valid', 'the token is not valid yet: check this machine’s clock'],
  ['missing-authorization', 'the request carried no token: something other than Graph is posting to /callback'],
  ['malformed-token', 'the request carried no valid token: something other than Graph is posting to /callback'],
]);

/** One line saying a callback was refused and which setting to check. */
export function explainRefusal(refusal: CallbackRefusal): string {
  const cause = REFUSAL_CAUSES.get(refusal.code) ?? 'the callback body was not a Graph notification';
  return `bot: a callback was refused (${refusal.status} ${refusal.code}: ${refusal.message}); ${cause}`;
}

/** One line for a call that has heard nothing from Graph: where Graph should have called, and why it may not have. */
export function explainSilence(
  callId: string,
  config: BotConfig,
  where: { readonly callbackUri: string; readonly listening: string },
  refused: boolean,
  seconds: number,
): string {
  const { callbackUri, listening } = where;
  const head = `bot: no notification for call ${callId} after ${seconds} s`;
  if (refused) return `${head}: Graph's callbacks are being refused (see above), so the bot cannot follow the call`;
  if (config.embedded) return `${head}: the embedded simulator has not reached ${callbackUri}; run with --verbose to see its requests`;
  if (config.publicUrl)
    return `${head}: nothing has reached ${callbackUri}; check that BOT_PUBLIC_URL is reachable from Graph over HTTPS and forwards to ${listening}`;
  return `${head}: nothing has reached ${callbackUri}; check that the Graph at ${config.graphBaseUrl ?? 'GRAPH_BASE_URL'} can reach this address (or set BOT_PUBLIC_URL)`;
}
