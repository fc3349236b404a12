import * as t from 'io-ts';
import { EndpointType } from './EndpointType';
import { graphObject, nullable } from './codec/graphObject';
import { DirectoryIdentity, Identity, PhoneIdentity } from './Identity';

/**
 * Who a participant is. Usually one member is set. Members Graph adds later pass through
 * untouched (Graph types are open).
 */
export const IdentitySet = graphObject(
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
export type IdentitySet = t.TypeOf<typeof IdentitySet>;
