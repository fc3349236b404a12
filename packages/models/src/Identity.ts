import * as t from 'io-ts';
import { E164String, GuidString } from './codec/checkedString';
import { graphObject, nullable, type Codec } from './codec/graphObject';

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

const IdentityCodec = identityOf('identity', t.string);

/** An identity (user, application, device, guest, …): `id` and `displayName`. */
export interface Identity extends t.TypeOf<typeof IdentityCodec> {}
/** The codec of {@link Identity}: decode with it, or use it in other codecs. */
export const Identity: Codec<Identity> = IdentityCodec;

const DirectoryIdentityCodec = identityOf('identity (directory object)', GuidString);

/** An identity whose `id` is an Entra ID object id (user, application, application instance): a GUID. */
export interface DirectoryIdentity extends t.TypeOf<typeof DirectoryIdentityCodec> {}
/** The codec of {@link DirectoryIdentity}: decode with it, or use it in other codecs. */
export const DirectoryIdentity: Codec<DirectoryIdentity> = DirectoryIdentityCodec;

const PhoneIdentityCodec = identityOf('identity (phone)', E164String);

/** A phone identity: `id` is an E.164 number. */
export interface PhoneIdentity extends t.TypeOf<typeof PhoneIdentityCodec> {}
/** The codec of {@link PhoneIdentity}: decode with it, or use it in other codecs. */
export const PhoneIdentity: Codec<PhoneIdentity> = PhoneIdentityCodec;
