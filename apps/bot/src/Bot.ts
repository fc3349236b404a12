import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { CallRequest, Participant } from '@graph-calling/models';
import {
  createCallbackReceiver,
  createTokenVerifier,
  MemoryCallStore,
  type CallbackEvent,
  type CallbackReceiver,
  type CallRecord,
  type EventName,
} from '@graph-calling/notifications';
import { graphCallbacks } from '@graph-calling/notifications/fastify';
import { createSimulator, type Simulator } from '@graph-calling/simulator';
import {
  clientCredentials,
  createCallsClient,
  GraphError,
  startKeepAlive,
  type CallsClient,
  type CreatedCall,
  type KeepAlive,
  type Middleware,
} from '@graph-calling/transport';
import type { BotConfig } from './config';
import type { Logger } from './logger';
import { statusPage } from './statusPage';

/** What the status route shows for each call. */
export interface CallStatus {
  readonly id: string;
  readonly state: string;
  readonly owned: boolean;
  readonly scenarioId: string | undefined;
  readonly durationSeconds: number;
  readonly roster: ReadonlyArray<{
    readonly id: string;
    readonly kind: string;
    readonly name: string | undefined;
    readonly muted: boolean;
    readonly inLobby: boolean;
  }>;
}

/** Options of {@link Bot.start}. */
export interface BotStartOptions {
  readonly logger: Logger;
  /** Show display names in the status route and logs (default false). */
  readonly pii?: boolean;
  /** Keep-alive interval for established calls (default 15 min). */
  readonly keepAliveMs?: number;
  /** Extra options for the embedded simulator (the tour shortens its timings). */
  readonly simulator?: Parameters<typeof createSimulator>[0];
}

/**
 * The sample calling bot: places calls with the transport, receives notifications with the
 * receiver, keeps established calls alive, and reports its calls. With no Graph configured it
 * runs the simulator in-process and configures itself against it.
 */
export class Bot {
  private readonly owned = new Map<string, { scenarioId: string; keepAlive?: KeepAlive }>();
  private stopping = false;
  private address = '';

  /** Where the bot listens. */
  get url(): string {
    return this.address;
  }

  /** The callback URL given to Graph: the public URL, else the listening address. */
  get callbackUri(): string {
    return `${this.config.publicUrl ?? this.address}/callback`;
  }

  private constructor(
    readonly config: BotConfig,
    readonly logger: Logger,
    readonly client: CallsClient,
    readonly receiver: CallbackReceiver,
    readonly store: MemoryCallStore,
    readonly server: FastifyInstance,
    readonly simulator: Simulator | undefined,
    private readonly options: BotStartOptions,
  ) {}

  static async start(config: BotConfig, options: BotStartOptions): Promise<Bot> {
    const logger = options.logger;
    const simulator = config.embedded ? await createSimulator({ ...options.simulator }) : undefined;
    const app = simulator?.apps[0];
    const tenantId = app?.tenantId ?? config.tenantId;
    const appId = app?.appId ?? config.appId;
    const client = graphClientFor(config, simulator, logger);
    const store = new MemoryCallStore();
    const receiver = createCallbackReceiver({
      verifier: createTokenVerifier({
        appIds: appId,
        allowedTenants: simulator ? [tenantId] : config.allowedTenants,
        ...(simulator
          ? { openIdConfigurationUrl: simulator.openIdConfigurationUrl }
          : config.openIdConfigurationUrl
            ? { openIdConfigurationUrl: config.openIdConfigurationUrl }
            : {}),
      }),
      store,
      onError: (error, event) => logger.error({ callId: event?.callId, err: error }, 'notification handler failed'),
    });
    const server = Fastify({ logger: false });
    await server.register(graphCallbacks, { receiver, path: '/callback' });
    const bot = new Bot(config, logger, client, receiver, store, server, simulator, options);
    bot.routes();
    bot.track();
    bot.address = (await server.listen({ host: config.host, port: config.port })).replace('localhost', '127.0.0.1');
    logger.info({ url: bot.url, callbackUri: bot.callbackUri, embedded: config.embedded, graph: client.baseUrl }, 'bot listening');
    return bot;
  }

  private routes(): void {
    this.server.get('/health', async () => ({
      status: this.stopping ? 'stopping' : 'ok',
      embedded: this.config.embedded,
      calls: this.store.all().length,
    }));
    this.server.get('/status', async () => ({ calls: this.status() }));
    this.server.get('/status.html', async (_request, reply) => reply.type('text/html; charset=utf-8').send(statusPage(this.status())));
  }

  /** Logs every event with its call and scenario, and keeps owned established calls alive. */
  private track(): void {
    this.receiver.on('*', (event: CallbackEvent) => {
      const scenarioId = this.owned.get(event.callId)?.scenarioId;
      const log = this.logger.child({ callId: event.callId, scenarioId });
      if (event.type === 'call.stateChanged') log.info({ event: event.type, from: event.previousState, to: event.state }, 'call state');
      else log.info({ event: event.type }, 'notification');
      const mine = this.owned.get(event.callId);
      if (event.type === 'call.established' && mine && !mine.keepAlive) {
        mine.keepAlive = startKeepAlive(this.client, event.callId, {
          everyMs: this.options.keepAliveMs ?? 15 * 60_000,
          onEnded: () => log.info('keep-alive: the call is gone'),
          onError: (_id, error) => log.warn({ err: (error as Error).message }, 'keep-alive failed'),
        });
      }
      if (event.type === 'call.terminated') {
        mine?.keepAlive?.stop();
        if (mine) delete mine.keepAlive;
      }
    });
  }

  /** Subscribes to an event, or to every event with `'*'` (see the notifications package). */
  on(name: EventName | '*', handler: (event: CallbackEvent) => void | Promise<void>): () => void {
    return this.receiver.on(name as '*', handler as never);
  }

  /** Places a call; the request is built for this bot's callback URL. */
  async place(build: (callbackUri: string) => CallRequest): Promise<CreatedCall> {
    if (this.stopping) throw new Error('the bot is shutting down');
    const scenarioId = randomUUID();
    const created = await this.client.calls.create(build(this.callbackUri), { scenarioId });
    this.owned.set(created.id, { scenarioId });
    this.logger.info(
      { callId: created.id, scenarioId, clientRequestId: created.clientRequestId, requestId: created.requestId },
      'call created',
    );
    return created;
  }

  /** Leaves a call up when the bot stops (the call is no longer this bot's to hang up). */
  release(callId: string): void {
    this.owned.get(callId)?.keepAlive?.stop();
    this.owned.delete(callId);
  }

  async hangUp(callId: string): Promise<void> {
    await this.client.calls.delete(callId);
  }

  /** Resolves with the call's record once `predicate` holds (or rejects after `timeoutMs`). */
  waitFor(callId: string, predicate: (record: CallRecord) => boolean, timeoutMs = 10_000): Promise<CallRecord> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const record = this.store.get(callId);
        if (record && predicate(record)) {
          done();
          resolve(record);
          return true;
        }
        return false;
      };
      const off = this.receiver.on('*', () => void check());
      const timer = setTimeout(() => {
        done();
        reject(
          new Error(
            `call ${callId} did not reach the expected state within ${timeoutMs} ms (now ${this.store.get(callId)?.state ?? 'unknown'})`,
          ),
        );
      }, timeoutMs);
      const done = () => {
        off();
        clearTimeout(timer);
      };
      check();
    });
  }

  status(): CallStatus[] {
    const now = Date.now();
    return this.store.all().map((record) => ({
      id: record.callId,
      state: record.state ?? 'unknown',
      owned: this.owned.has(record.callId),
      scenarioId: this.owned.get(record.callId)?.scenarioId,
      durationSeconds: Math.round(((record.terminatedAt ?? now) - (record.establishedAt ?? record.createdAt)) / 1000),
      roster: Object.values(record.participants).map((p) => rosterEntry(p, this.options.pii ?? false)),
    }));
  }

  /**
   * Shuts down: stops placing calls, hangs up the calls it owns, lets notifications in flight
   * finish, then closes the server (and the embedded simulator).
   */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const live = [...this.owned.entries()].filter(([id]) => this.store.get(id)?.state !== 'terminated');
    await Promise.all(
      live.map(async ([id, call]) => {
        call.keepAlive?.stop();
        try {
          await this.client.calls.delete(id);
          await this.waitFor(id, (r) => r.state === 'terminated', 3000).catch(() => undefined);
          this.logger.info({ callId: id, scenarioId: call.scenarioId }, 'hung up on shutdown');
        } catch (error) {
          if (!(error instanceof GraphError && error.status === 404))
            this.logger.warn({ callId: id, err: (error as Error).message }, 'could not hang up');
        }
      }),
    );
    for (const call of this.owned.values()) call.keepAlive?.stop();
    await this.server.close();
    await new Promise((r) => setImmediate(r));
    await this.simulator?.stop();
  }
}

function rosterEntry(p: Participant, pii: boolean): CallStatus['roster'][number] {
  const identity = (p.info?.identity ?? {}) as Record<string, { displayName?: string | null } | null | undefined>;
  const kind = Object.keys(identity).find((k) => k !== '@odata.type' && identity[k]) ?? 'unknown';
  const name = identity[kind]?.displayName ?? undefined;
  return {
    id: p.id ?? '',
    kind,
    name: name === undefined ? undefined : pii ? name : '[redacted]',
    muted: p.isMuted === true,
    inLobby: p.isInLobby === true,
  };
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
      logger.warn({ ...line, error: (error as Error).message, ms: Date.now() - started }, 'graph request failed');
      throw error;
    }
  };
  return createCallsClient({
    auth,
    version: config.version,
    cloud: config.cloud,
    ...(simulator ? { baseUrl: simulator.url } : config.graphBaseUrl ? { baseUrl: config.graphBaseUrl } : {}),
    middleware: [requestLog],
  });
}
