import { BuilderError } from './BuilderError';
import { deepFreeze } from './deepFreeze';
import { e164, guid, optionalGuid, optionalText, record, shown, text } from './validate';

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
        : (record(`${kind}.options`, nameOrOptions) as IdentityOptions);
  const displayName = optionalText(`${kind}.displayName`, options.displayName, 256);
  const tenantId = optionalGuid(`${kind}.tenantId`, options.tenantId);
  const identityProvider = optionalText(`${kind}.identityProvider`, options.identityProvider, 64);
  return deepFreeze({
    kind,
    id: guid(`${kind}.id`, id),
    ...(displayName !== undefined ? { displayName } : {}),
    ...(tenantId !== undefined ? { tenantId } : {}),
    ...(identityProvider !== undefined ? { identityProvider } : {}),
  });
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
  const name = optionalText('phone.displayName', displayName, 256);
  return deepFreeze({ kind: 'phone', id: e164('phone.id', number), ...(name !== undefined ? { displayName: name } : {}) });
}

/** A guest: the bot joins a meeting as an anonymous participant with this display name. */
export function guest(id: string, displayName: string): IdentityRef<'guest'> {
  if (displayName === undefined) {
    throw new BuilderError('missing-display-name', 'guest.displayName', 'the name the meeting shows for the guest', shown(displayName));
  }
  return deepFreeze({ kind: 'guest', id: text('guest.id', id), displayName: text('guest.displayName', displayName, 256) });
}

/**
 * The 2019 guest shape: a user identity with an `identityProvider`.
 * @deprecated Use {@link guest}; Graph documents this shape only in its 2019 pages.
 */
export function legacyGuestUser(id: string, displayName: string, identityProvider = 'None'): IdentityRef<'legacyGuestUser'> {
  if (displayName === undefined) {
    throw new BuilderError(
      'missing-display-name',
      'legacyGuestUser.displayName',
      'the name the meeting shows for the guest',
      shown(displayName),
    );
  }
  return deepFreeze({
    kind: 'legacyGuestUser',
    id: text('legacyGuestUser.id', id),
    displayName: text('legacyGuestUser.displayName', displayName, 256),
    identityProvider: text('legacyGuestUser.identityProvider', identityProvider, 64),
  });
}

const KINDS: ReadonlySet<string> = new Set(['user', 'application', 'applicationInstance', 'phone', 'guest', 'legacyGuestUser']);

/** Checks that an untyped caller passed one of the identity helpers' results, of an allowed kind. */
export function identityOf<K extends IdentityKind>(field: string, value: unknown, allowed: readonly K[]): IdentityRef<K> {
  const ref = value as Partial<IdentityRef> | undefined;
  if (typeof ref !== 'object' || ref === null || typeof ref.kind !== 'string' || !KINDS.has(ref.kind) || typeof ref.id !== 'string') {
    throw new BuilderError('invalid-value', field, `an identity made by ${allowed.map((k) => `${k}()`).join(' or ')}`, shown(value));
  }
  if (!(allowed as readonly string[]).includes(ref.kind)) {
    throw new BuilderError('invalid-value', field, `${allowed.map((k) => `${k}()`).join(' or ')}`, `${ref.kind}(${shown(ref.id)})`);
  }
  return ref as IdentityRef<K>;
}
