import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { CallRequest } from '@graph-calling/models';
import {
  createCallbackReceiver,
  createOperationTracker,
  MemoryCallStore,
  type CallbackEvent,
  type CallbackReceiver,
  type CallRecord,
  type EventName,
  type OperationTracker,
} from '@graph-calling/notifications';
import type { Simulator, SimulatorOptions } from '@graph-calling/simulator';
import { GraphError, type CallsClient, type CreatedCall } from '@graph-calling/transport';
import { createBotServer, listen, type CallbackRefusal } from './botServer';
import { CallTracker } from './CallTracker';
import { RefusalLog } from './refusalLog';
import { callStatus, type CallStatus } from './callStatus';
import type { BotConfig } from './config';
import { connectGraph } from './embeddedGraph';
import { IncomingCalls } from './IncomingCalls';
import type { IncomingPolicy } from './incomingPolicy';
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
  /** What to do with calls that ring the bot (default: answer). */
  readonly incoming?: IncomingPolicy;
  /** Told about every refused callback (the CLI explains the likely cause). */
  readonly onCallbackRefused?: (refusal: CallbackRefusal) => void;
  /** A live call without notifications for this long is checked with Graph (default 60 s). */
  readonly reconcileSilenceMs?: number;
  /** How long shutdown may take to hang up the calls it owns (default 30 s; a second signal shortens it to 10 s). */
  readonly shutdownGraceMs?: number;
}

/** What shutdown did with the calls the bot owned. */
export interface ShutdownReport {
  readonly hungUp: readonly string[];
  /** Calls still up in Graph when the bot stopped: each is logged at error level. */
  readonly leftUp: readonly string[];
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
 * calls it placed (CallTracker.ts) and its HTTP server (botServer.ts).
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
    private readonly shutdownGraceMs: number,
    /** Completions of the operations the bot starts (`playPrompt(…, { wait: true })` waits on it). */
    readonly operations: OperationTracker,
    /** Calls that ring the bot, handled by its incoming policy. */
    readonly incoming: IncomingCalls,
  ) {}

  static async start(config: BotConfig, options: BotStartOptions): Promise<Bot> {
    const logger = options.logger;
    const operations = createOperationTracker();
    const { client, verifier, simulator } = await connectGraph(config, logger, options.simulator, operations);
    // Ended calls are forgotten after the store's TTL; a live call evicted for room is worth an error line.
    const store = new MemoryCallStore({
      onEvict: (record, reason) => {
        if (record.terminatedAt === undefined) logger.error({ callId: record.callId, reason }, 'live call evicted from the store');
      },
    });
    const limits = config.callbackLimits ?? {};
    const receiver = createCallbackReceiver({
      verifier,
      store,
      ...(limits.maxNotifications !== undefined ? { maxNotifications: limits.maxNotifications } : {}),
      ...(limits.maxParticipants !== undefined ? { maxParticipants: limits.maxParticipants } : {}),
      onError: (error, event) => logger.error({ callId: event?.callId, err: error }, 'notification handler failed'),
      reconcile: {
        client,
        silenceMs: options.reconcileSilenceMs ?? 60_000,
        onError: (error, callId) => logger.warn({ callId, err: (error as Error).message }, 'reconciliation failed'),
      },
    });
    const reconciler = receiver.reconciler;
    const calls = new CallTracker(client, logger, options.keepAliveMs ?? 15 * 60_000, (callId) => {
      reconciler
        ?.callGone(callId)
        .catch((error: unknown) => logger.warn({ callId, err: (error as Error).message }, 'reconciliation failed'));
    });
    // The routes read the bot, which needs the server: the closures run only once both exist.
    const refusals = new RefusalLog(logger);
    const server = await createBotServer({
      receiver,
      limits,
      health: () => {
        const counts = bot.counts();
        return {
          status: bot.stopping ? 'stopping' : 'ok',
          embedded: config.embedded,
          calls: counts.live + counts.terminated,
          ...counts,
          refusalsByCode: refusals.summary().byCode,
        };
      },
      metrics: () => refusals.metrics(),
      status: () => bot.status(),
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
      store,
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
    return this.receiver.on(name as '*', handler);
  }

  /** Places a call; the request is built for this bot's callback URL. */
  async place(build: (callbackUri: string) => CallRequest): Promise<CreatedCall> {
    if (this.stopping) throw new Error('the bot is shutting down');
    const scenarioId = randomUUID();
    const created = await this.client.calls.create(build(this.callbackUri), { scenarioId });
    this.calls.add(created.id, scenarioId, this.store.get(created.id)?.state === 'terminated');
    // Known from the create answer, so the call is reconciled even if none of its notifications arrives.
    await this.receiver.reconciler?.adopt(created.id, created.call);
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

  /** Live and terminated calls held, reconciliations that changed a record, and callbacks refused. */
  counts(): HealthCounts {
    let live = 0;
    let terminated = 0;
    for (const record of this.store.all()) {
      if (record.terminatedAt !== undefined) terminated += 1;
      else live += 1;
    }
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
   * Shuts down: stops placing calls, hangs up every call it owns (retrying through throttling,
   * within the grace period), lets notifications in flight finish, then closes the server (and
   * the embedded simulator). A call it could not hang up is logged at error level with its id.
   * Calling it again returns the same shutdown.
   */
  stop(): Promise<ShutdownReport> {
    this.stopped ??= this.shutdown();
    return this.stopped;
  }

  private async shutdown(): Promise<ShutdownReport> {
    this.stopping = true;
    this.calls.stopKeepAlives();
    this.armGrace(this.shutdownGraceMs);
    const signal = this.graceOver.signal;
    const live = this.calls.liveCalls().filter(({ callId }) => this.store.get(callId)?.state !== 'terminated');
    const outcomes = await Promise.all(
      live.map(async ({ callId, scenarioId }) => {
        try {
          const { alreadyGone } = await this.client.calls.delete(callId, { signal });
          if (alreadyGone) await this.receiver.reconciler?.callGone(callId);
          const left = Math.max(0, Math.min(3000, this.graceEnds - Date.now()));
          await this.waitFor(callId, (r) => r.state === 'terminated', left).catch(() => undefined);
          this.logger.info({ callId, scenarioId, alreadyGone }, 'hung up on shutdown');
          return { callId, up: false };
        } catch (error) {
          if (error instanceof GraphError && error.status === 404) {
            // Already over in Graph: record it so, for the status page's last word.
            await this.receiver.reconciler?.callGone(callId);
            return { callId, up: false };
          }
          this.logger.warn({ callId, scenarioId, err: (error as Error).message }, 'could not hang up');
          return { callId, scenarioId, up: true, reason: (error as Error).message };
        }
      }),
    );
    if (this.graceTimer !== undefined) clearTimeout(this.graceTimer);
    const leftUp = outcomes.filter((o) => o.up);
    for (const o of leftUp)
      this.logger.error(
        { callId: o.callId, scenarioId: o.scenarioId, reason: o.reason },
        'call left up on shutdown: hang it up with `bot hangup <id>` or it ends 45 minutes after its last keep-alive',
      );
    await this.receiver.close();
    await this.server.close();
    this.operations.close();
    await new Promise((r) => setImmediate(r));
    await this.simulator?.stop();
    return { hungUp: outcomes.filter((o) => !o.up).map((o) => o.callId), leftUp: leftUp.map((o) => o.callId) };
  }
}
