import * as t from 'io-ts';
import { EndpointType } from './EndpointType';
import { graphObject, nullable, type Codec } from './codec/graphObject';
import { DirectoryIdentity, Identity, PhoneIdentity } from './Identity';

const IdentitySetCodec = graphObject(
  'identitySet',
  ['identitySet', 'communicationsIdentitySet'],
  {},
  {
    user: nullable(DirectoryIdentity),
    application: nullable(DirectoryIdentity),
    applicationInstance: nullable(DirectoryIdentity),
    device: nullable(Identity),
    phone: nullable(PhoneIdentity),
    guest: nullable(Identity),
    encrypted: nullable(Identity),
    onPremises: nullable(Identity),
    assertedIdentity: nullable(Identity),
    azureCommunicationServicesUser: nullable(Identity),
    endpointType: nullable(EndpointType),
  },
);

/**
 * Who a participant is. Usually one member is set. Members Graph adds later pass through
 * untouched (Graph types are open).
 */
export interface IdentitySet extends t.TypeOf<typeof IdentitySetCodec> {}
/** The codec of {@link IdentitySet}: decode with it, or use it in other codecs. */
export const IdentitySet: Codec<IdentitySet> = IdentitySetCodec;
