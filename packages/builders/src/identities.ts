import { previewJson } from '@graph-calling/models';
import { BuilderError } from './BuilderError';
import { deepFreeze } from './deepFreeze';
import { e164, guid, optionalGuid, optionalText, record, text } from './validate';

/** The kinds of party a request can name. `legacyGuestUser` is the deprecated 2019 guest shape. */
export type IdentityKind = 'user' | 'application' | 'applicationInstance' | 'phone' | 'guest' | 'legacyGuestUser';

/** A party of a call, made by {@link user}, {@link application}, {@link phone}, … and rendered by the builders. */
export interface IdentityRef<K extends IdentityKind = IdentityKind> {
  readonly kind: K;
  readonly id: string;
  readonly displayName?: string;
  /**
   * The identity's home tenant: needed for a meeting organizer; on call targets this is the
   * 2019 shape, kept for compatibility.
   */
  readonly tenantId?: string;
  /** On {@link legacyGuestUser}, and on a user invited as the participant-invite examples do (`AAD`). */
  readonly identityProvider?: string;
}

/** Display name and home tenant of an identity. */
export interface IdentityOptions {
  readonly displayName?: string;
  readonly tenantId?: string;
  /** The directory that issued a user identity (`AAD`), as the participant-invite examples send it. */
  readonly identityProvider?: string;
}

function directory<K extends 'user' | 'application' | 'applicationInstance'>(
  kind: K,
  id: unknown,
  nameOrOptions: string | IdentityOptions | undefined,
): IdentityRef<K> {
  const options: IdentityOptions =
    typeof nameOrOptions === 'string'
      ? { displayName: nameOrOptions }
      : nameOrOptions === undefined
        ? {}
        : record(`${kind}.options`, nameOrOptions);
  return make(kind, { id, displayName: options.displayName, tenantId: options.tenantId, identityProvider: options.identityProvider }, kind);
}

/** What each kind of identity may carry besides `kind`. */
const FIELDS: Readonly<Record<IdentityKind, readonly string[]>> = {
  user: ['id', 'displayName', 'tenantId', 'identityProvider'],
  application: ['id', 'displayName', 'tenantId', 'identityProvider'],
  applicationInstance: ['id', 'displayName', 'tenantId', 'identityProvider'],
  phone: ['id', 'displayName'],
  guest: ['id', 'displayName'],
  legacyGuestUser: ['id', 'displayName', 'identityProvider'],
};

/**
 * One set of rules for every identity, whoever made it: the helpers below, or a caller writing
 * `{ kind: 'user', id }` by hand. `at` names the field in errors (`user.id`, or the option: `to.id`).
 */
function make<K extends IdentityKind>(kind: K, fields: Readonly<Record<string, unknown>>, at: string): IdentityRef<K> {
  switch (kind) {
    case 'user':
    case 'application':
    case 'applicationInstance': {
      const displayName = optionalText(`${at}.displayName`, fields['displayName'], 256);
      const tenantId = optionalGuid(`${at}.tenantId`, fields['tenantId']);
      const identityProvider = optionalText(`${at}.identityProvider`, fields['identityProvider'], 64);
      return deepFreeze({
        kind,
        id: guid(`${at}.id`, fields['id']),
        ...(displayName !== undefined ? { displayName } : {}),
        ...(tenantId !== undefined ? { tenantId } : {}),
        ...(identityProvider !== undefined ? { identityProvider } : {}),
      });
    }
    case 'phone': {
      const displayName = optionalText(`${at}.displayName`, fields['displayName'], 256);
      return deepFreeze({ kind, id: e164(`${at}.id`, fields['id']), ...(displayName !== undefined ? { displayName } : {}) });
    }
    case 'guest':
    case 'legacyGuestUser': {
      if (fields['displayName'] === undefined) {
        throw new BuilderError('missing-display-name', `${at}.displayName`, 'the name the meeting shows for the guest', 'undefined');
      }
      const base = { kind, id: text(`${at}.id`, fields['id']), displayName: text(`${at}.displayName`, fields['displayName'], 256) };
      return deepFreeze(
        kind === 'guest' ? base : { ...base, identityProvider: text(`${at}.identityProvider`, fields['identityProvider'] ?? 'None', 64) },
      );
    }
  }
}

/** A Teams user, by Entra ID object id: `user(id)`, `user(id, 'Name')`, `user(id, { displayName, tenantId })`. */
export function user(id: string, nameOrOptions?: string | IdentityOptions): IdentityRef<'user'> {
  return directory('user', id, nameOrOptions);
}

/** An application (a bot), by app id. */
export function application(id: string, nameOrOptions?: string | IdentityOptions): IdentityRef<'application'> {
  return directory('application', id, nameOrOptions);
}

/** An application instance (a bot with a phone number), by its object id: the source of PSTN calls. */
export function applicationInstance(id: string, nameOrOptions?: string | IdentityOptions): IdentityRef<'applicationInstance'> {
  return directory('applicationInstance', id, nameOrOptions);
}

/** A phone number in E.164 form (`+14255550123`). */
export function phone(number: string, displayName?: string): IdentityRef<'phone'> {
  return make('phone', { id: number, displayName }, 'phone');
}

/** A guest: the bot joins a meeting as an anonymous participant with this display name. */
export function guest(id: string, displayName: string): IdentityRef<'guest'> {
  return make('guest', { id, displayName }, 'guest');
}

/**
 * The 2019 guest shape: a user identity with an `identityProvider`.
 * @deprecated Use {@link guest}; Graph documents this shape only in its 2019 pages.
 */
export function legacyGuestUser(id: string, displayName: string, identityProvider = 'None'): IdentityRef<'legacyGuestUser'> {
  return make('legacyGuestUser', { id, displayName, identityProvider }, 'legacyGuestUser');
}

const KINDS: ReadonlySet<string> = new Set(['user', 'application', 'applicationInstance', 'phone', 'guest', 'legacyGuestUser']);

/**
 * The identity a caller passed for `field`, of an allowed kind, held to the same rules as the
 * helpers' output: a hand-written `{ kind: 'user', id: 'nope' }` is refused as `user('nope')` would
 * be, and a property the kind does not have is refused rather than dropped.
 */
export function identityOf<K extends IdentityKind>(field: string, value: unknown, allowed: readonly K[]): IdentityRef<K> {
  const ref = value as Partial<IdentityRef> | undefined;
  if (typeof ref !== 'object' || ref === null || Array.isArray(ref) || typeof ref.kind !== 'string' || !KINDS.has(ref.kind)) {
    throw new BuilderError('invalid-value', field, `an identity made by ${allowed.map((k) => `${k}()`).join(' or ')}`, previewJson(value));
  }
  if (!(allowed as readonly string[]).includes(ref.kind)) {
    throw new BuilderError('invalid-value', field, `${allowed.map((k) => `${k}()`).join(' or ')}`, `${ref.kind}(${previewJson(ref.id)})`);
  }
  const kind = ref.kind as K;
  for (const key of Object.keys(ref)) {
    if (key !== 'kind' && !FIELDS[kind].includes(key)) {
      throw new BuilderError('invalid-value', `${field}.${key}`, `only ${FIELDS[kind].join(', ')} on a ${kind} identity`, previewJson(key));
    }
  }
  return make(kind, ref, field);
}
