import { createTokenVerifier, type TokenVerifier } from '@graph-calling/notifications';
import { createSimulator, type Simulator, type SimulatorOptions } from '@graph-calling/simulator';
import { clientCredentials, createCallsClient, trustedFetch, type CallsClient, type Middleware } from '@graph-calling/transport';
import type { BotConfig } from './config';
import type { Logger } from './logger';
import { errorMessage } from '@graph-calling/models';

/** The Graph the bot talks to: a client for its calls API and a verifier for its callbacks. */
export interface GraphConnection {
  readonly client: CallsClient;
  readonly verifier: TokenVerifier;
  /** The in-process simulator, when no Graph is configured (stop it with the bot). */
  readonly simulator: Simulator | undefined;
}

/**
 * Connects to the configured Graph; with none configured, starts the simulator in-process and
 * takes its app registration, authority and callback signing keys.
 */
export async function connectGraph(config: BotConfig, logger: Logger, simulatorOptions: SimulatorOptions = {}): Promise<GraphConnection> {
  // The demo joins any tenant's Teams link: against Graph that takes a token for the meeting's tenant,
  // where the app must be consented; the embedded Graph lets the bot's own token do.
  const simulator = config.embedded ? await createSimulator({ meetingTenants: 'any', ...simulatorOptions }) : undefined;
  return { client: graphClientFor(config, simulator, logger), verifier: callbackVerifierFor(config, simulator), simulator };
}

/** Verifies callbacks as signed by this Graph for this app. */
function callbackVerifierFor(config: BotConfig, simulator: Simulator | undefined): TokenVerifier {
  const app = simulator?.apps[0];
  const tenantId = app?.tenantId ?? config.tenantId;
  return createTokenVerifier({
    appIds: app?.appId ?? config.appId,
    allowedTenants: simulator ? [tenantId] : config.allowedTenants,
    ...(config.callbackLimits?.maxTokenLifetimeSeconds !== undefined
      ? { maxLifetimeSeconds: config.callbackLimits.maxTokenLifetimeSeconds }
      : {}),
    ...(simulator
      ? // The simulator publishes its keys over HTTPS with its own certificate: trust exactly that one.
        { openIdConfigurationUrl: simulator.openIdConfigurationUrl, fetch: trustedFetch(simulator.certificate.cert) }
      : config.openIdConfigurationUrl
        ? {
            openIdConfigurationUrl: config.openIdConfigurationUrl,
            ...(config.graphCa !== undefined ? { fetch: trustedFetch(config.graphCa) } : {}),
          }
        : {}),
  });
}

/** The transport client for a configuration (and the embedded simulator, when there is one). */
export function graphClientFor(config: BotConfig, simulator: Simulator | undefined, logger: Logger): CallsClient {
  const app = simulator?.apps[0];
  const secret = app?.secret ?? config.clientSecret;
  const auth = clientCredentials({
    tenantId: app?.tenantId ?? config.tenantId,
    clientId: app?.appId ?? config.appId,
    ...(secret ? { clientSecret: secret } : {}),
    ...(config.certificate ? { certificate: config.certificate } : {}),
    cloud: config.cloud,
    ...(simulator
      ? { authorityUrl: simulator.authorityUrl, ca: simulator.certificate.cert, scopes: ['https://graph.microsoft.com/.default'] }
      : {}),
    ...(!simulator && config.authorityUrl ? { authorityUrl: config.authorityUrl, scopes: ['https://graph.microsoft.com/.default'] } : {}),
    ...(!simulator && config.authorityCa ? { ca: config.authorityCa } : {}),
  });
  const requestLog: Middleware = async (request, next) => {
    const line = {
      method: request.method,
      path: new URL(request.url).pathname,
      clientRequestId: request.headers['client-request-id'],
      scenarioId: request.scenarioId,
    };
    const started = Date.now();
    try {
      const response = await next(request);
      logger.info({ ...line, status: response.status, ms: Date.now() - started }, 'graph request');
      return response;
    } catch (error) {
      logger.warn({ ...line, error: errorMessage(error), ms: Date.now() - started }, 'graph request failed');
      throw error;
    }
  };
  return createCallsClient({
    auth,
    version: config.version,
    cloud: config.cloud,
    ...(simulator
      ? { baseUrl: simulator.url, ca: simulator.certificate.cert }
      : config.graphBaseUrl
        ? { baseUrl: config.graphBaseUrl, ...(config.graphCa !== undefined ? { ca: config.graphCa } : {}) }
        : {}),
    middleware: [requestLog],
  });
}
