import { clientSettings, type SimulatedApp, type Simulator } from '@graph-calling/simulator';
import { clientCredentials, type TokenProvider } from '@graph-calling/transport';

/**
 * Client credentials of one of the simulator's apps (default: its first), from the simulator's own
 * transport settings and trusting its certificate: what a bot configures to reach it.
 */
export function simulatorAuth(simulator: Simulator, app?: SimulatedApp): TokenProvider {
  const { auth } = clientSettings(simulator, app !== undefined ? { app } : {}).transport;
  return clientCredentials({ ...auth, clientSecret: auth.clientSecret ?? '', ca: simulator.certificate.cert });
}
