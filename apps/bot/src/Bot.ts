import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { CallRequest } from '@graph-calling/models';
import {
  CallOwnership,
  createCallbackReceiver,
  type CallbackEvent,
  type CallbackReceiver,
  type CallRecord,
  type CallStore,
  type EventName,
  type ShutdownReport,
} from '@graph-calling/notifications';
import type { Simulator, SimulatorOptions } from '@graph-calling/simulator';
import { GraphError, type CallsClient, type CreatedCall } from '@graph-calling/transport';
import { createBotServer, listen, type CallbackRefusal } from './botServer';
import { CallKeeper } from './CallKeeper';
import { openCallState, type CallState } from './callState';
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
  /** Keep-alive interval for established calls (default: the configuration's, else 15 min). */
  readonly keepAliveMs?: number;
  /** Extra options for the embedded simulator (the tour shortens its timings). */
  readonly simulator?: SimulatorOptions;
  /** Told about every refused callback (the CLI explains the likely cause). */
  readonly onCallbackRefused?: (refusal: CallbackRefusal) => void;
}

/**
 * The sample calling bot: places calls with the transport, receives notifications with the
 * receiver, and reports its calls. It composes the Graph connection (embeddedGraph.ts), the
 * calls it placed (CallTracker.ts), where call state lives (callState.ts: memory, or Redis shared
 * by several instances), the duties of the calls it owns (CallOwnership + CallKeeper: keep-alive,
 * reconciliation, hang-up or hand-over on shutdown) and its HTTP server (botServer.ts).
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
    readonly state: CallState,
    readonly ownership: CallOwnership,
    readonly keeper: CallKeeper,
    readonly server: FastifyInstance,
    readonly simulator: Simulator | undefined,
    readonly calls: CallTracker,
    private readonly pii: boolean,
  ) {}

  /** The call records (this process' memory, or Redis shared with other instances). */
  get store(): CallStore {
    return this.state.store;
  }

  static async start(config: BotConfig, options: BotStartOptions): Promise<Bot> {
    const logger = options.logger;
    const { client, verifier, simulator } = await connectGraph(config, logger, options.simulator);
    let state: CallState;
    try {
      state = await openCallState(config);
    } catch (error) {
      await simulator?.stop();
      throw error;
    }
    const { store, leases } = state;
    const receiver = createCallbackReceiver({
      verifier,
      store,
      reconcile: {
        client,
        // Only the owner of a call reconciles it by itself (the ownership is created below, before any callback).
        owns: (callId) => ownership.owned.has(callId),
        ...(config.reconcileSilenceMs !== undefined ? { silenceMs: config.reconcileSilenceMs } : {}),
        onError: (error, callId) => logger.warn({ callId, err: (error as Error).message }, 'reconciliation failed'),
      },
      onError: (error, event) => logger.error({ callId: event?.callId, err: error }, 'notification handler failed'),
    });
    const keeper = new CallKeeper(client, logger, options.keepAliveMs ?? config.keepAliveMs ?? 15 * 60_000, () => receiver.reconciler);
    const ownership = new CallOwnership({
      store,
      leases,
      duties: keeper,
      onError: (error) => logger.warn({ err: (error as Error).message }, 'call ownership sweep failed'),
    });
    const calls = new CallTracker(logger);
    // The routes read the bot, which needs the server: the closures run only once both exist.
    const server = await createBotServer({
      receiver,
      health: async () => ({
        status: bot.stopping ? 'stopping' : 'ok',
        embedded: config.embedded,
        calls: (await store.list()).length,
        state: state.where,
        instance: leases.instanceId,
        owned: bot.ownership.owned.size,
        kept: bot.keeper.kept,
        takenOverKeepAlives: bot.keeper.adoptedKeepAlives,
        reconciled: receiver.reconciler?.stats.reconciled ?? 0,
        otherInstances: bot.ownership.others.length,
      }),
      status: () => bot.status(),
      onCallbackRefused: (refusal) => {
        logger.warn({ status: refusal.status, code: refusal.code, reason: refusal.message }, 'callback refused');
        options.onCallbackRefused?.(refusal);
      },
    });
    const bot: Bot = new Bot(config, logger, client, receiver, state, ownership, keeper, server, simulator, calls, options.pii ?? false);
    calls.attach(receiver);
    try {
      // Live calls already in a shared store (this instance restarting, or another one gone) are adopted here.
      await ownership.start();
      bot.address = await listen(server, config.host, config.port);
    } catch (error) {
      // Nothing may keep the process alive after a failed start: the embedded simulator included.
      await ownership.stop({ onShutdown: 'handover', hangUp: async () => undefined }).catch(() => undefined);
      await receiver.close();
      await server.close();
      await state.close();
      await simulator?.stop();
      throw error;
    }
    logger.info(
      { url: bot.url, callbackUri: bot.callbackUri, embedded: config.embedded, graph: client.baseUrl, state: state.where },
      'bot listening',
    );
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
    await this.ownership.claim(created.id);
    this.logger.info(
      { callId: created.id, scenarioId, clientRequestId: created.clientRequestId, requestId: created.requestId },
      'call created',
    );
    return created;
  }

  /** Leaves a call up when the bot stops (the call is no longer this bot's to keep alive or hang up). */
  async release(callId: string): Promise<void> {
    this.calls.release(callId);
    await this.ownership.release(callId);
  }

  async hangUp(callId: string): Promise<void> {
    await this.client.calls.delete(callId);
  }

  /** Resolves with the call's record once `predicate` holds (or rejects after `timeoutMs`). */
  waitFor(callId: string, predicate: (record: CallRecord) => boolean, timeoutMs = 10_000): Promise<CallRecord> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const check = async () => {
        const record = await this.store.get(callId);
        if (!settled && record && predicate(record)) {
          done();
          resolve(record);
        }
      };
      const fail = (error: unknown) => {
        if (settled) return;
        done();
        reject(error instanceof Error ? error : new Error(String(error)));
      };
      const off = this.receiver.on('*', (event) => {
        if (event.callId === callId) void check().catch(fail);
      });
      const timer = setTimeout(() => {
        void Promise.resolve(this.store.get(callId)).then(
          (record) =>
            fail(new Error(`call ${callId} did not reach the expected state within ${timeoutMs} ms (now ${record?.state ?? 'unknown'})`)),
          fail,
        );
      }, timeoutMs);
      const done = () => {
        settled = true;
        off();
        clearTimeout(timer);
      };
      void check().catch(fail);
    });
  }

  async status(): Promise<CallStatus[]> {
    const now = Date.now();
    const owned = this.ownership.owned;
    return (await this.store.list()).map((record) =>
      callStatus(record, this.calls.scenarioOf(record.callId), this.pii, now, owned.has(record.callId)),
    );
  }

  /**
   * Shuts down: stops placing calls, then gives the calls it owns away — handed over to the other
   * live instances (their next sweep adopts them) or, when this is the last instance (or the
   * configuration says so), hung up — lets notifications in flight finish, then closes the server
   * (and the embedded simulator, and the Redis connection).
   */
  async stop(): Promise<ShutdownReport | undefined> {
    if (this.stopping) return undefined;
    this.stopping = true;
    const report = await this.ownership.stop({
      ...(this.config.onShutdown !== undefined ? { onShutdown: this.config.onShutdown } : {}),
      hangUp: async (callId) => {
        const scenarioId = this.calls.scenarioOf(callId);
        try {
          await this.client.calls.delete(callId);
          await this.waitFor(callId, (r) => r.state === 'terminated', 3000).catch(() => undefined);
          this.logger.info({ callId, scenarioId }, 'hung up on shutdown');
        } catch (error) {
          if (!(error instanceof GraphError && error.status === 404))
            this.logger.warn({ callId, err: (error as Error).message }, 'could not hang up');
        }
      },
    });
    this.keeper.stopAll();
    if (report.mode === 'handover' && report.calls.length > 0)
      this.logger.info({ calls: report.calls.length, to: report.others }, 'handed calls over to the other instances');
    await this.receiver.close();
    await this.server.close();
    await new Promise((r) => setImmediate(r));
    await this.state.close();
    await this.simulator?.stop();
    return report;
  }
}
