import { DEFAULT_APP, type Simulator } from '@graph-calling/simulator';
import { clientCredentials, createCallsClient, type CallsClient } from '@graph-calling/transport';

/** A calls client that reaches the simulator as its default app does: client credentials from its authority, its certificate trusted. */
export function simulatorClient(simulator: Simulator): CallsClient {
  return createCallsClient({
    baseUrl: simulator.url,
    ca: simulator.certificate.cert,
    auth: clientCredentials({
      tenantId: DEFAULT_APP.tenantId,
      clientId: DEFAULT_APP.appId,
      clientSecret: DEFAULT_APP.secret ?? '',
      authorityUrl: simulator.authorityUrl,
      ca: simulator.certificate.cert,
      scopes: ['https://graph.microsoft.com/.default'],
    }),
  });
}
