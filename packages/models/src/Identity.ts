import * as t from 'io-ts';
import { E164String, GuidString } from './codec/checkedString';
import { graphObject, nullable } from './codec/graphObject';

/** `@odata.type` names an identity may carry: the base type and its communications subtypes. */
const IDENTITY_TYPES = [
  'identity',
  'communicationsIdentity',
  'communicationsUserIdentity',
  'communicationsApplicationIdentity',
  'communicationsApplicationInstanceIdentity',
  'communicationsPhoneIdentity',
  'communicationsGuestIdentity',
  'communicationsEncryptedIdentity',
  'azureCommunicationServicesUserIdentity',
] as const;

const identityOf = (name: string, id: t.Type<string, string, unknown>) =>
  graphObject(
    name,
    IDENTITY_TYPES,
    {},
    {
      displayName: nullable(t.string),
      id: nullable(id),
      /** Present on user identities from other tenants (and in the 2019 examples). */
      tenantId: nullable(GuidString),
      /** 2019 guest joins mark a user identity with `identityProvider`. */
      identityProvider: nullable(t.string),
    },
  );

/** An identity (user, application, device, guest, …): `id` and `displayName`. */
export const Identity = identityOf('identity', t.string);
export type Identity = t.TypeOf<typeof Identity>;

/** An identity whose `id` is an Entra ID object id (user, application, application instance): a GUID. */
export const DirectoryIdentity = identityOf('identity (directory object)', GuidString);
export type DirectoryIdentity = t.TypeOf<typeof DirectoryIdentity>;

/** A phone identity: `id` is an E.164 number. */
export const PhoneIdentity = identityOf('identity (phone)', E164String);
export type PhoneIdentity = t.TypeOf<typeof PhoneIdentity>;
