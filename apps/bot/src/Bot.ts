import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { CallRequest } from '@graph-calling/models';
import {
  createCallbackReceiver,
  MemoryCallStore,
  type CallbackEvent,
  type CallbackReceiver,
  type CallRecord,
  type EventName,
} from '@graph-calling/notifications';
import type { Simulator, SimulatorOptions } from '@graph-calling/simulator';
import { GraphError, type CallsClient, type CreatedCall } from '@graph-calling/transport';
import { createBotServer, listen, type CallbackRefusal } from './botServer';
import { CallTracker } from './CallTracker';
import { callStatus, type CallStatus } from './callStatus';
import type { BotConfig } from './config';
import { connectGraph } from './embeddedGraph';
import type { Logger } from './logger';

/** Options of {@link Bot.start}. */
export interface BotStartOptions {
  readonly logger: Logger;
  /** Show display names in the status route and logs (default false). */
  readonly pii?: boolean;
  /** Keep-alive interval for established calls (default 15 min). */
  readonly keepAliveMs?: number;
  /** Extra options for the embedded simulator (the tour shortens its timings). */
  readonly simulator?: SimulatorOptions;
  /** Told about every refused callback (the CLI explains the likely cause). */
  readonly onCallbackRefused?: (refusal: CallbackRefusal) => void;
}

/**
 * The sample calling bot: places calls with the transport, receives notifications with the
 * receiver, and reports its calls. It composes the Graph connection (embeddedGraph.ts), the
 * calls it placed (CallTracker.ts) and its HTTP server (botServer.ts).
 */
export class Bot {
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
    readonly calls: CallTracker,
    private readonly pii: boolean,
  ) {}

  static async start(config: BotConfig, options: BotStartOptions): Promise<Bot> {
    const logger = options.logger;
    const { client, verifier, simulator } = await connectGraph(config, logger, options.simulator);
    const store = new MemoryCallStore();
    const receiver = createCallbackReceiver({
      verifier,
      store,
      onError: (error, event) => logger.error({ callId: event?.callId, err: error }, 'notification handler failed'),
    });
    const calls = new CallTracker(client, logger, options.keepAliveMs ?? 15 * 60_000);
    // The routes read the bot, which needs the server: the closures run only once both exist.
    const server = await createBotServer({
      receiver,
      health: () => ({ status: bot.stopping ? 'stopping' : 'ok', embedded: config.embedded, calls: store.all().length }),
      status: () => bot.status(),
      onCallbackRefused: (refusal) => {
        logger.warn({ status: refusal.status, code: refusal.code, reason: refusal.message }, 'callback refused');
        options.onCallbackRefused?.(refusal);
      },
    });
    const bot: Bot = new Bot(config, logger, client, receiver, store, server, simulator, calls, options.pii ?? false);
    calls.attach(receiver);
    try {
      bot.address = await listen(server, config.host, config.port);
    } catch (error) {
      // Nothing may keep the process alive after a failed start: the embedded simulator included.
      await server.close();
      await simulator?.stop();
      throw error;
    }
    logger.info({ url: bot.url, callbackUri: bot.callbackUri, embedded: config.embedded, graph: client.baseUrl }, 'bot listening');
    return bot;
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
    this.calls.add(created.id, scenarioId);
    this.logger.info(
      { callId: created.id, scenarioId, clientRequestId: created.clientRequestId, requestId: created.requestId },
      'call created',
    );
    return created;
  }

  /** Leaves a call up when the bot stops (the call is no longer this bot's to hang up). */
  release(callId: string): void {
    this.calls.release(callId);
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
    return this.store.all().map((record) => callStatus(record, this.calls.scenarioOf(record.callId), this.pii, now));
  }

  /**
   * Shuts down: stops placing calls, hangs up the calls it owns, lets notifications in flight
   * finish, then closes the server (and the embedded simulator).
   */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.calls.stopKeepAlives();
    const live = this.calls.liveCalls().filter(({ callId }) => this.store.get(callId)?.state !== 'terminated');
    await Promise.all(
      live.map(async ({ callId, scenarioId }) => {
        try {
          await this.client.calls.delete(callId);
          await this.waitFor(callId, (r) => r.state === 'terminated', 3000).catch(() => undefined);
          this.logger.info({ callId, scenarioId }, 'hung up on shutdown');
        } catch (error) {
          if (!(error instanceof GraphError && error.status === 404))
            this.logger.warn({ callId, err: (error as Error).message }, 'could not hang up');
        }
      }),
    );
    await this.server.close();
    await new Promise((r) => setImmediate(r));
    await this.simulator?.stop();
  }
}
