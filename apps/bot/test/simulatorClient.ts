import { DEFAULT_APP, type Simulator } from '@graph-calling/simulator';
import { createCallsClient, type CallsClient } from '@graph-calling/transport';
import { simulatorAuth } from '@graph-calling/test-support/simulatorAuth';

/** A calls client that reaches the simulator as its default app does: client credentials from its authority, its certificate trusted. */
export function simulatorClient(simulator: Simulator): CallsClient {
  return createCallsClient({
    baseUrl: simulator.url,
    ca: simulator.certificate.cert,
    auth: simulatorAuth(simulator, DEFAULT_APP),
  });
}
