import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { CallRequest } from '@graph-calling/models';
import {
  CallOwnership,
  createCallbackReceiver,
  createOperationTracker,
  type CallbackEvent,
  type CallbackReceiver,
  type CallRecord,
  type CallStore,
  type EventName,
  type OperationTracker,
} from '@graph-calling/notifications';
import type { Simulator, SimulatorOptions } from '@graph-calling/simulator';
import { GraphError, type CallsClient, type CreatedCall } from '@graph-calling/transport';
import { startAdmin, type AdminPlace } from './admin/adminServer';
import { botAdminSource } from './admin/botAdminSource';
import { createBotServer, listen, type CallbackRefusal } from './botServer';
import { CallKeeper } from './CallKeeper';
import { openCallState, type CallState } from './callState';
import { CallTracker } from './CallTracker';
import { RefusalLog } from './refusalLog';
import { callStatus, type CallStatus } from './callStatus';
import type { BotConfig } from './config';
import { connectGraph } from './embeddedGraph';
import { IncomingCalls } from './IncomingCalls';
import type { IncomingPolicy } from './incomingPolicy';
import type { Logger } from './logger';
import { observeBot } from './telemetry/botMetrics';
import { traceOperations } from './telemetry/operationSpans';
import type { Telemetry } from './telemetry/installTelemetry';

/** Options of {@link Bot.start}. */
export interface BotStartOptions {
  readonly logger: Logger;
  /** Show display names in the status route and logs (default false). */
  readonly pii?: boolean;
  /** Keep-alive interval for established calls (default: the configuration's, else 15 min). */
  readonly keepAliveMs?: number;
  /** Extra options for the embedded simulator (the tour shortens its timings). */
  readonly simulator?: SimulatorOptions;
  /** What to do with calls that ring the bot (default: answer). */
  readonly incoming?: IncomingPolicy;
  /** Told about every refused callback (the CLI explains the likely cause). */
  readonly onCallbackRefused?: (refusal: CallbackRefusal) => void;
  /** A live call without notifications for this long is checked with Graph (default: the configuration's, else 60 s). */
  readonly reconcileSilenceMs?: number;
  /** How long shutdown may take to hang up the calls it owns (default 30 s; a second signal shortens it to 10 s). */
  readonly shutdownGraceMs?: number;
  /** The OpenTelemetry SDK of this process (telemetry/installTelemetry.ts): `/metrics` and the console's timelines need it. */
  readonly telemetry?: Telemetry;
}

/** What shutdown did with the calls this instance owned. */
export interface ShutdownReport {
  /** `handover`: other instances were alive (or the configuration said so) and got the calls; `hangup`: they were ended. */
  readonly mode: 'handover' | 'hangup';
  readonly hungUp: readonly string[];
  /** Calls still up in Graph when the bot stopped: each is logged at error level. */
  readonly leftUp: readonly string[];
  /** Calls left to the other live instances (their leases released). */
  readonly handedOver: readonly string[];
  /** The other live instances at shutdown. */
  readonly others: readonly string[];
}

/** The counts `GET /health` reports. */
export interface HealthCounts {
  readonly live: number;
  readonly terminated: number;
  /** Reconciliations with Graph that changed a record (terminations inferred from 404s included). */
  readonly reconciled: number;
  readonly refusedCallbacks: number;
}

/** Time left for queued hang-ups once a second shutdown signal arrives. */
export const HURRIED_GRACE_MS = 10_000;

/**
 * The sample calling bot: places calls with the transport, receives notifications with the
 * receiver, and reports its calls. It composes the Graph connection (embeddedGraph.ts), the
 * calls it placed (CallTracker.ts), where call state lives (callState.ts: memory, or Redis shared
 * by several instances), the duties of the calls it owns (CallOwnership + CallKeeper: keep-alive,
 * reconciliation, hang-up or hand-over on shutdown) and its HTTP server (botServer.ts).
 */
export class Bot {
  private stopping = false;
  private stopped: Promise<ShutdownReport> | undefined;
  private address = '';
  private refused = 0;
  /** Aborts the hang-ups still under way when the grace period ends; `hurry` moves that moment closer. */
  private graceTimer: NodeJS.Timeout | undefined;
  private graceEnds = Number.POSITIVE_INFINITY;
  private readonly graceOver = new AbortController();

  /** Stops the bot's metrics callbacks (telemetry/botMetrics.ts). */
  private unobserve: () => void = () => undefined;

  /** Where the admin routes are (admin/adminServer.ts); set once the bot listens. */
  admin: AdminPlace = { mode: 'off', stop: () => Promise.resolve() };

  /** Where the bot listens. */
  get url(): string {
    return this.address;
  }

  /** The admin listener's base URL (health, status, metrics, console), when it has one. */
  get adminUrl(): string | undefined {
    return this.admin.mode === 'listener' ? this.admin.url : undefined;
  }

  /** Shutdown has begun. */
  get isStopping(): boolean {
    return this.stopping;
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
    private readonly shutdownGraceMs: number,
    /** Completions of the operations the bot starts (`playPrompt(…, { wait: true })` waits on it). */
    readonly operations: OperationTracker,
    /** Calls that ring the bot, handled by its incoming policy. */
    readonly incoming: IncomingCalls,
  ) {}

  /** The call records (this process' memory, or Redis shared with other instances). */
  get store(): CallStore {
    return this.state.store;
  }

  static async start(config: BotConfig, options: BotStartOptions): Promise<Bot> {
    const logger = options.logger;
    const operations = createOperationTracker();
    const { client, verifier, simulator } = await connectGraph(config, logger, options.simulator, operations);
    let state: CallState;
    try {
      // Ended calls are forgotten after the store's TTL; a live call evicted for room is worth an error line.
      state = await openCallState(
        config,
        (record, reason) => {
          if (record.terminatedAt === undefined) logger.error({ callId: record.callId, reason }, 'live call evicted from the store');
        },
        (error, callId) =>
          logger.warn({ callId, err: (error as Error).message }, 'call census not updated (counts may drift until the call changes again)'),
      );
    } catch (error) {
      await simulator?.stop();
      throw error;
    }
    const { store, leases } = state;
    const limits = config.callbackLimits ?? {};
    const receiver = createCallbackReceiver({
      verifier,
      store,
      ...(limits.maxNotifications !== undefined ? { maxNotifications: limits.maxNotifications } : {}),
      ...(limits.maxParticipants !== undefined ? { maxParticipants: limits.maxParticipants } : {}),
      reconcile: {
        client,
        // Only the owner of a call reconciles it by itself (the ownership is created below, before any callback).
        owns: (callId) => ownership.owned.has(callId),
        silenceMs: options.reconcileSilenceMs ?? config.reconcileSilenceMs ?? 60_000,
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
    const refusals = new RefusalLog(logger);
    const adminSource = botAdminSource(() => bot, refusals, options.pii ?? false, options.telemetry);
    const server = await createBotServer({
      receiver,
      limits,
      admin: { config: config.admin, source: adminSource },
      onCallbackRefused: (refusal) => {
        bot.refused += 1;
        // Logged there, rate-limited, with the remote address and request id.
        refusals.record(refusal);
        options.onCallbackRefused?.(refusal);
      },
    });
    const incoming = new IncomingCalls(client, calls, logger, () => bot.callbackUri, options.incoming ?? { kind: 'answer' });
    const bot: Bot = new Bot(
      config,
      logger,
      client,
      receiver,
      state,
      ownership,
      keeper,
      server,
      simulator,
      calls,
      options.pii ?? false,
      options.shutdownGraceMs ?? 30_000,
      operations,
      incoming,
    );
    calls.attach(receiver);
    receiver.on('*', (event) => operations.observe(event));
    incoming.attach(receiver);
    try {
      // Live calls already in a shared store (this instance restarting, or another one gone) are adopted here.
      await ownership.start();
      bot.address = await listen(server, config.host, config.port);
      bot.admin = await startAdmin(config.admin, config.port, adminSource);
      const unobserve = [observeBot(bot), traceOperations(receiver, options.telemetry)];
      bot.unobserve = () => unobserve.forEach((stop) => stop());
    } catch (error) {
      // Nothing may keep the process alive after a failed start: the embedded simulator included.
      await ownership.stop({ onShutdown: 'handover', hangUp: () => Promise.resolve() }).catch(() => undefined);
      await receiver.close();
      await server.close();
      await bot.admin.stop();
      await state.close();
      await simulator?.stop();
      throw error;
    }
    logger.info(
      {
        url: bot.url,
        admin: bot.adminUrl ?? bot.admin.mode,
        callbackUri: bot.callbackUri,
        embedded: config.embedded,
        graph: client.baseUrl,
        state: state.where,
      },
      'bot listening',
    );
    return bot;
  }

  /** Subscribes to an event, or to every event with `'*'` (see the notifications package). */
  on(name: EventName | '*', handler: (event: CallbackEvent) => void | Promise<void>): () => void {
    return this.receiver.on(name as '*', handler);
  }

  /** Places a call; the request is built for this bot's callback URL. */
  async place(build: (callbackUri: string) => CallRequest): Promise<CreatedCall> {
    if (this.stopping) throw new Error('the bot is shutting down');
    const scenarioId = randomUUID();
    const created = await this.client.calls.create(build(this.callbackUri), { scenarioId });
    this.calls.add(created.id, scenarioId, (await this.store.get(created.id))?.state === 'terminated');
    await this.ownership.claim(created.id);
    // Known from the create answer, so the call is reconciled even if none of its notifications arrives.
    await this.receiver.reconciler?.adopt(created.id, created.call);
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

  /** Live and terminated calls held (the census: no list of the store), reconciliations that changed a record, and callbacks refused. */
  async counts(): Promise<HealthCounts> {
    const { live, terminated } = await this.state.census.counts();
    return { live, terminated, reconciled: this.receiver.reconciler?.stats.reconciled ?? 0, refusedCallbacks: this.refused };
  }

  /**
   * A second shutdown signal: the grace period ends at most {@link HURRIED_GRACE_MS} from now, but
   * the hang-ups already under way still get that long to finish.
   */
  hurry(): void {
    if (!this.stopping || Date.now() + HURRIED_GRACE_MS >= this.graceEnds) return;
    this.logger.warn({ graceMs: HURRIED_GRACE_MS }, 'second shutdown signal: finishing the hang-ups under way, then stopping');
    this.armGrace(HURRIED_GRACE_MS);
  }

  private armGrace(ms: number): void {
    if (this.graceTimer !== undefined) clearTimeout(this.graceTimer);
    this.graceEnds = Date.now() + ms;
    this.graceTimer = setTimeout(() => this.graceOver.abort(new Error('shutdown grace period over')), ms);
  }

  /**
   * Shuts down: stops placing calls, then gives the calls it owns away — handed over to the other
   * live instances (their next sweep adopts them) or, when this is the last instance (or the
   * configuration says so), hung up (retrying through throttling, within the grace period) — lets
   * notifications in flight finish, then closes the server (and the embedded simulator, and the
   * Redis connection). A call it could not hang up is logged at error level with its id. Calling
   * it again returns the same shutdown.
   */
  stop(): Promise<ShutdownReport> {
    this.stopped ??= this.shutdown();
    return this.stopped;
  }

  private async shutdown(): Promise<ShutdownReport> {
    this.stopping = true;
    this.armGrace(this.shutdownGraceMs);
    const signal = this.graceOver.signal;
    const outcomes: Array<{ callId: string; scenarioId?: string | undefined; up: boolean; reason?: string }> = [];
    const report = await this.ownership.stop({
      ...(this.config.onShutdown !== undefined ? { onShutdown: this.config.onShutdown } : {}),
      hangUp: async (callId) => {
        const scenarioId = this.calls.scenarioOf(callId);
        try {
          const { alreadyGone } = await this.client.calls.delete(callId, { signal });
          if (alreadyGone) await this.receiver.reconciler?.callGone(callId);
          const left = Math.max(0, Math.min(3000, this.graceEnds - Date.now()));
          await this.waitFor(callId, (r) => r.state === 'terminated', left).catch(() => undefined);
          this.logger.info({ callId, scenarioId, alreadyGone }, 'hung up on shutdown');
          outcomes.push({ callId, up: false });
        } catch (error) {
          if (error instanceof GraphError && error.status === 404) {
            // Already over in Graph: record it so, for the status page's last word.
            await this.receiver.reconciler?.callGone(callId);
            outcomes.push({ callId, up: false });
            return;
          }
          this.logger.warn({ callId, scenarioId, err: (error as Error).message }, 'could not hang up');
          outcomes.push({ callId, scenarioId, up: true, reason: (error as Error).message });
        }
      },
    });
    this.keeper.stopAll();
    if (this.graceTimer !== undefined) clearTimeout(this.graceTimer);
    const leftUp = outcomes.filter((o) => o.up);
    for (const o of leftUp)
      this.logger.error(
        { callId: o.callId, scenarioId: o.scenarioId, reason: o.reason },
        'call left up on shutdown: hang it up with `bot hangup <id>` or it ends 45 minutes after its last keep-alive',
      );
    if (report.mode === 'handover' && report.calls.length > 0)
      this.logger.info({ calls: report.calls.length, to: report.others }, 'handed calls over to the other instances');
    await this.receiver.close();
    await this.server.close();
    await this.admin.stop();
    this.unobserve();
    this.operations.close();
    await new Promise((r) => setImmediate(r));
    await this.state.close();
    await this.simulator?.stop();
    return {
      mode: report.mode,
      hungUp: outcomes.filter((o) => !o.up).map((o) => o.callId),
      leftUp: leftUp.map((o) => o.callId),
      handedOver: report.mode === 'handover' ? report.calls : [],
      others: report.others,
    };
  }
}
