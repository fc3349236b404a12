import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { selfSignedCertificate, type Certificate } from './certificate';
import { clientRequestIdOf, publicBaseOf, tolerateEmptyJson } from './requestContext';
import { registerControlRoutes } from './controlRoutes';
import { FaultInjector, type Faults } from './faults';
import { graphErrorBody, SimulatedGraphError } from './graphError';
import { registerGraphRoutes, type GraphRouteOptions } from './graphRoutes';
import { registerIncomingRoutes } from './incomingRoutes';
import { SimCallActions, type ActionTiming } from './SimCallActions';
import { startIdentityServer, type IdentityServerOptions } from './identityServer';
import { CALLBACK_ISSUER, NotificationSender } from './NotificationSender';
import { SigningKey } from './SigningKey';
import { SimulatorControl } from './SimulatorControl';
import { DEFAULT_APP, type SimulatedApp } from './SimulatedApp';
import { LOOPBACK } from './loopback';
import { Simulation, type Timing } from './Simulation';
import { errorMessage } from '@graph-calling/models';

/** Whether a listening address is this machine's loopback (`::1` with or without brackets). */
function isLoopbackHost(host: string): boolean {
  return LOOPBACK.test(host) || host === '::1';
}

/** Options of {@link createSimulator}. */
export interface SimulatorOptions {
  /** Loopback address to listen on (default 127.0.0.1; the certificate also covers `localhost` and `::1`). Another address needs `allowNonLoopback`. */
  readonly host?: string;
  /**
   * Listen on a `host` that is not loopback (`0.0.0.0`, a LAN address): the simulator issues tokens
   * for any registered app and ends or rings calls on request, so it is refused unless asked for.
   */
  readonly allowNonLoopback?: boolean;
  /**
   * Serve the Graph API and the callback keys over plain HTTP instead of HTTPS, for tools that
   * cannot trust a certificate. Microsoft's graph-js sends tokens only to https hosts, so it needs
   * the default. The identity endpoint stays HTTPS (msal-node refuses anything else).
   */
  readonly plainHttp?: boolean;
  /** The TLS certificate to serve (default: a new self-signed one; see `persistentCertificate` to keep one across restarts). */
  readonly certificate?: Certificate;
  /** Domain names the token endpoint accepts in place of a tenant id (`contoso.onmicrosoft.com` → tenant id). */
  readonly tenantDomains?: Readonly<Record<string, string>>;
  /** Port of the Graph endpoint (default 0: any free port). */
  readonly port?: number;
  /** Port of the HTTPS identity endpoint (default 0). */
  readonly identityPort?: number;
  /** App registrations; default: one app with every calling permission ({@link DEFAULT_APP}). */
  readonly apps?: readonly SimulatedApp[];
  readonly faults?: Faults;
  readonly timing?: Timing & ActionTiming;
  /** Lifetime of issued Graph tokens (default 3600 s). */
  readonly tokenLifetimeSeconds?: number;
  /** Callback delivery: attempts per notification (default 3) and first retry delay (default 100 ms). */
  readonly callbackAttempts?: number;
  readonly callbackRetryDelayMs?: number;
  /** Callback delivery attempts kept for `control.deliveries()`, oldest dropped first (default 10,000). */
  readonly deliveryLogSize?: number;
  /** Callback URLs must be on loopback unless this is set (the simulator must not send traffic off the machine). */
  readonly allowNonLoopbackCallbacks?: boolean;
  /** Largest request body accepted (default 1 MiB, as Graph). */
  readonly bodyLimit?: number;
  /**
   * Meeting joins whose `tenantId` is not the token's tenant: `'own'` (default) answers 403 7505 as
   * Graph does; `'any'` joins them as if the app were consented in every tenant and its token taken
   * for the meeting's tenant — what a demo needs to join any tenant's Teams link. Other calls that
   * name another tenant are still refused.
   */
  readonly meetingTenants?: 'own' | 'any';
}

/** A running simulator. */
export interface Simulator {
  /** Base of the Graph API (`https://127.0.0.1:PORT`, or `http://` with `plainHttp`): `${url}/v1.0/communications/calls`. */
  readonly url: string;
  /** Base of the Entra ID authority (HTTPS): `${authorityUrl}/${tenantId}`. */
  readonly authorityUrl: string;
  /** The authority for a tenant, as msal-node takes it. */
  authority(tenantId: string): string;
  /** `host:port` of the authority, for msal-node's `knownAuthorities`. */
  readonly authorityHost: string;
  /** The self-signed certificate of Graph, the authority and the callback keys (trust its `cert` PEM). */
  readonly certificate: Certificate;
  /** Where the simulator publishes the keys its callbacks are signed with (for the bot's token verifier). */
  readonly openIdConfigurationUrl: string;
  /** The issuer of callback tokens. */
  readonly callbackIssuer: string;
  readonly apps: readonly SimulatedApp[];
  readonly control: SimulatorControl;
  /** Incoming calls, the caller's keys, and the truth about in-call actions (also under `/_sim`). */
  readonly actions: SimCallActions;
  /** Stops serving and drops every call, its timers and connections; a second call resolves with the first. */
  close(): Promise<void>;
  /** @deprecated Use {@link Simulator.close}. */
  stop(): Promise<void>;
}

/**
 * Starts a local Microsoft Graph for calls on loopback: the calls API (v1.0 and beta, including
 * the deprecated /app/calls), a client-credential token issuer msal-node can use, signed callback
 * notifications, a control API (`control` and `/_sim`) and deterministic fault injection.
 */
export async function createSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? '127.0.0.1';
  assertLoopback(host, options);
  const apps: SimulatedApp[] = [...(options.apps ?? [DEFAULT_APP])];
  const [certificate, aadKey, callbackKey] = await Promise.all([
    options.certificate ?? selfSignedCertificate(),
    SigningKey.create('sim-aad-1'),
    SigningKey.create('sim-callback-1'),
  ]);
  const faults = new FaultInjector(options.faults, options.allowNonLoopbackCallbacks ?? false);
  const sender = notificationSender(options, callbackKey, faults);
  const simulation = new Simulation(sender, options.timing);
  const control = new SimulatorControl(simulation, sender, faults, apps);
  const actions = new SimCallActions(
    simulation,
    () => apps,
    options.timing,
    () => url,
  );

  const identity = await startIdentityServer(identityOptions(options, { host, certificate, key: aadKey, apps, control }));

  const graph = graphServer(options, certificate);
  publishCallbackKeys(graph, callbackKey);

  await registerRoutes(graph, control, {
    simulation,
    key: aadKey,
    faults,
    apps: () => apps,
    allowNonLoopbackCallbacks: options.allowNonLoopbackCallbacks ?? false,
    meetingTenants: options.meetingTenants ?? 'own',
    actions,
  });

  const address = await graph.listen({ host, port: options.port ?? 0 });
  const url = address.replace('localhost', '127.0.0.1');

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closed ??= (async () => {
      simulation.close();
      await sender.close();
      await Promise.all([graph.close(), identity.app.close()]);
    })());
  return {
    url,
    authorityUrl: identity.url,
    authority: (tenantId) => `${identity.url}/${tenantId}`,
    authorityHost: new URL(identity.url).host,
    certificate,
    openIdConfigurationUrl: `${url}/botframework/.well-known/OpenIdConfiguration`,
    callbackIssuer: CALLBACK_ISSUER,
    apps,
    control,
    actions,
    close,
    stop: close,
  };
}

/** The identity server's options: the simulator's apps and tenant domains, counting each token issued. */
function identityOptions(
  options: SimulatorOptions,
  parts: {
    readonly host: string;
    readonly certificate: Certificate;
    readonly key: SigningKey;
    readonly apps: readonly SimulatedApp[];
    readonly control: SimulatorControl;
  },
): IdentityServerOptions {
  return {
    host: parts.host,
    port: options.identityPort ?? 0,
    certificate: parts.certificate,
    key: parts.key,
    apps: () => parts.apps,
    tenantDomains: new Map(Object.entries(options.tenantDomains ?? {}).map(([domain, tenant]) => [domain.toLowerCase(), tenant])),
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
    onTokenIssued: () => parts.control.countToken(),
  };
}

/** The calls API under /v1.0 and /beta, the control API and the incoming-call routes. */
async function registerRoutes(
  graph: FastifyInstance,
  control: SimulatorControl,
  routeOptions: GraphRouteOptions & { readonly actions: SimCallActions },
): Promise<void> {
  await graph.register((scope) => registerGraphRoutes(scope, 'v1.0', routeOptions), { prefix: '/v1.0' });
  await graph.register((scope) => registerGraphRoutes(scope, 'beta', routeOptions), { prefix: '/beta' });
  registerControlRoutes(graph, control);
  registerIncomingRoutes(graph, routeOptions.actions);
}

/** The simulated Graph's fastify server (HTTPS unless `plainHttp`), answering errors as Graph does. */
function graphServer(options: SimulatorOptions, certificate: Certificate): FastifyInstance {
  const graph: FastifyInstance = Fastify({
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // Graph's request-id is a GUID, the same in the header and in an error body's innerError.
    genReqId: () => randomUUID(),
    // stop() must not wait for clients that keep connections open (undici agents, slow-answer faults in flight).
    forceCloseConnections: true,
    ...(options.plainHttp ? {} : { https: { cert: certificate.cert, key: certificate.key } }),
  });
  tolerateEmptyJson(graph);
  answerLikeGraph(graph);
  return graph;
}

/** Refuses a non-loopback host unless the options allow it. */
function assertLoopback(host: string, options: SimulatorOptions): void {
  if (!isLoopbackHost(host) && options.allowNonLoopback !== true)
    throw new TypeError(
      `createSimulator: host: expected a loopback address (127.0.0.1, ::1 or localhost), found ${JSON.stringify(host)}; set allowNonLoopback: true to listen there`,
    );
}

/** The sender of signed callback notifications, with the options' attempts, delays and log size. */
function notificationSender(options: SimulatorOptions, callbackKey: SigningKey, faults: FaultInjector): NotificationSender {
  return new NotificationSender({
    key: callbackKey,
    faults,
    ...(options.callbackAttempts !== undefined ? { maxAttempts: options.callbackAttempts } : {}),
    ...(options.callbackRetryDelayMs !== undefined ? { retryDelayMs: options.callbackRetryDelayMs } : {}),
    ...(options.allowNonLoopbackCallbacks !== undefined ? { allowNonLoopbackCallbacks: options.allowNonLoopbackCallbacks } : {}),
    ...(options.deliveryLogSize !== undefined ? { maxLog: options.deliveryLogSize } : {}),
  });
}

/**
 * Answers errors as Graph does: Graph's error body with `request-id` and `client-request-id`, a
 * 400 for an unknown segment under /v1.0 or /beta, and both ids as headers on every answer.
 */
function answerLikeGraph(graph: FastifyInstance): void {
  graph.setErrorHandler((error, request, reply) => {
    const clientRequestId = clientRequestIdOf(request);
    if (error instanceof SimulatedGraphError) {
      for (const [name, value] of Object.entries(error.headers)) void reply.header(name, value);
      return reply.code(error.status).send(graphErrorBody(error.code, error.message, clientRequestId, request.id));
    }
    // Anything fastify refused before a route ran (bad JSON, media type, size) is the caller's fault.
    const statusCode = typeof error === 'object' && error !== null && 'statusCode' in error ? error.statusCode : undefined;
    const status = typeof statusCode === 'number' ? statusCode : 500;
    if (status >= 500)
      return reply
        .code(500)
        .send(graphErrorBody('InternalServerError', 'The simulator failed to handle the request.', clientRequestId, request.id));
    const code = status === 413 ? 'RequestEntityTooLarge' : status === 415 ? 'UnsupportedMediaType' : 'BadRequest';
    const message =
      status === 400
        ? 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.'
        : errorMessage(error);
    return reply.code(status).send(graphErrorBody(code, message, clientRequestId, request.id));
  });
  graph.setNotFoundHandler((request, reply) => {
    const clientRequestId = clientRequestIdOf(request);
    const segment = request.url.split('?')[0]?.split('/').filter(Boolean);
    const graphPath = segment?.[0] === 'v1.0' || segment?.[0] === 'beta';
    return graphPath
      ? reply
          .code(400)
          .send(
            graphErrorBody(
              'BadRequest',
              `Resource not found for the segment '${segment?.[segment.length - 1] ?? ''}'.`,
              clientRequestId,
              request.id,
            ),
          )
      : reply
          .code(404)
          .send(graphErrorBody('NotFound', `No route ${request.method} ${request.url.split('?')[0]}.`, clientRequestId, request.id));
  });
  graph.addHook('onSend', async (request, reply, payload) => {
    void reply.header('client-request-id', clientRequestIdOf(request));
    void reply.header('request-id', request.id);
    return payload;
  });
}

/** The keys callbacks are signed with, as the calling service publishes them. */
function publishCallbackKeys(graph: FastifyInstance, callbackKey: SigningKey): void {
  graph.get('/botframework/.well-known/OpenIdConfiguration', (request) => ({
    issuer: CALLBACK_ISSUER,
    jwks_uri: `${publicBaseOf(request)}/botframework/keys`,
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
  }));
  graph.get('/botframework/keys', () => callbackKey.jwks());
}
