import { phone, user, type IdentityRef } from '@graph-calling/builders';

/** What `bot serve` does with a call that rings it. */
export type IncomingPolicy =
  | { readonly kind: 'answer' }
  | { readonly kind: 'reject'; readonly reason: 'none' | 'busy' | 'forbidden' }
  | { readonly kind: 'redirect'; readonly to: IdentityRef<'user' | 'phone'> }
  /** Answer, play the welcome prompt, read one key, record a message (ended by #), then transfer. */
  | { readonly kind: 'ivr'; readonly transferTo: IdentityRef<'user' | 'phone'> }
  | { readonly kind: 'ignore' };

/** A policy the CLI or BOT_INCOMING names wrongly. */
export class IncomingPolicyError extends Error {
  override readonly name = 'IncomingPolicyError';
  readonly code = 'INVALID_INCOMING_POLICY' as const;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function target(what: string, value: string | undefined): IdentityRef<'user' | 'phone'> {
  if (value === undefined || value === '')
    throw new IncomingPolicyError(`${what}: expected a target after ":" (an E.164 number such as +14255550123, or a user's object id)`);
  if (value.startsWith('+')) return phone(value);
  if (GUID.test(value)) return user(value);
  throw new IncomingPolicyError(`${what}: expected an E.164 number or a user's object id, found ${JSON.stringify(value)}`);
}

/**
 * Reads `answer`, `reject[:none|busy|forbidden]`, `redirect:<+number|user id>`,
 * `ivr:<+number|user id>` or `ignore`.
 */
export function parseIncomingPolicy(text: string): IncomingPolicy {
  const [kind = '', arg] = text.trim().split(/:(.*)/s, 2);
  switch (kind) {
    case 'answer':
      return { kind: 'answer' };
    case 'ignore':
      return { kind: 'ignore' };
    case 'reject': {
      const reason = arg === undefined || arg === '' ? 'busy' : arg;
      if (reason !== 'none' && reason !== 'busy' && reason !== 'forbidden')
        throw new IncomingPolicyError(`reject: expected none, busy or forbidden, found ${JSON.stringify(reason)}`);
      return { kind: 'reject', reason };
    }
    case 'redirect':
      return { kind: 'redirect', to: target('redirect', arg) };
    case 'ivr':
      return { kind: 'ivr', transferTo: target('ivr', arg) };
    default:
      throw new IncomingPolicyError(
        `expected answer, reject[:reason], redirect:<+number|user id>, ivr:<+number|user id> or ignore, found ${JSON.stringify(text)}`,
      );
  }
}
