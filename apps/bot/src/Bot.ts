import type { FastifyInstance } from 'fastify';
import {
  createCallingApp,
  LeaseLostError,
  type Call,
  type CallingApp,
  type CallingAppOptions,
  type ShutdownReport,
  type IncomingCall,
  type TakeoverReason,
} from '@graph-calling/app';
import type { CallRequest } from '@graph-calling/models';
import type { TokenVerifier } from '@graph-calling/notifications';
import type { Simulator, SimulatorOptions } from '@graph-calling/simulator';
import type { CallsClient } from '@graph-calling/transport';
import type { AdminSource } from './admin/adminRoutes';
import { startAdmin, type AdminPlace } from './admin/adminServer';
import { botAdminSource } from './admin/botAdminSource';
import { shownInstance } from './admin/redact';
import { BotCallData } from './botCallData';
import { createBotServer, type CallbackRefusal } from './botServer';
import { listen } from './listen';
import { openBotStorage, type BotStorage } from './botStorage';
import { callStatus, type CallStatus } from './callStatus';
import type { BotConfig } from './config';
import { connectGraph } from './embeddedGraph';
import type { IncomingPolicy } from './incomingPolicy';
import { runIvr, type IvrState } from './ivr';
import type { Logger } from './logger';
import { RefusalLog } from './refusalLog';
import { observeBot } from './telemetry/botMetrics';
import { traceOperations } from './telemetry/operationSpans';
import type { Telemetry } from './telemetry/installTelemetry';
import { errorMessage } from '@graph-calling/models';

/** Options of {@link Bot.start}. */
export interface BotStartOptions {
  readonly logger: Logger;
  /** Show display names in the status route and logs (default false). */
  readonly pii?: boolean;
  /** Keep-alive interval for owned calls (default: the configuration's, else 15 min). */
  readonly keepAliveMs?: number;
  /** Extra options for the embedded simulator (the tour shortens its timings). */
  readonly simulator?: SimulatorOptions;
  /** What to do with calls that ring the bot (default: answer). */
  readonly incoming?: IncomingPolicy;
  /** Told about every refused callback (the CLI explains the likely cause). */
  readonly onCallbackRefused?: (refusal: CallbackRefusal) => void;
  /** A live call without notifications for this long is checked with Graph (default: the configuration's, else 60 s). */
  readonly reconcileSilenceMs?: number;
  /** How long closing may take to hang up the calls it owns (default 30 s; a second signal shortens it). */
  readonly shutdownGraceMs?: number;
  /** The OpenTelemetry SDK of this process (telemetry/installTelemetry.ts): `/metrics` and the console's timelines need it. */
  readonly telemetry?: Telemetry;
}

/** The counts `GET /health` reports. */
export interface HealthCounts {
  readonly live: number;
  readonly terminated: number;
  /** Reconciliations with Graph that changed a record (terminations inferred from 404s included). */
  readonly reconciled: number;
  readonly refusedCallbacks: number;
}

/**
 * The sample calling bot: its configuration, the Graph it talks to (embeddedGraph.ts), where call
 * state lives (botStorage.ts), its HTTP routes (botServer.ts) and what it does with calls that ring
 * it (incomingPolicy.ts, ivr.ts) — on `@graph-calling/app`, which runs the calls: their events,
 * waits, ownership, keep-alive, take-over and shutdown.
 */
export class Bot {
  /** What the bot does with calls that ring it; changeable at run time (the tour switches it). */
  incoming: IncomingPolicy;
  private address = '';
  private refused = 0;
  private takenOver = 0;
  /** Lease changes since start: take-overs by reason, and `lost`. */
  private readonly leaseChanges = new Map<TakeoverReason | 'lost', number>();
  private closing = false;
  private closed: Promise<ShutdownReport> | undefined;
  /** The IVRs this instance runs, by call id: a call's IVR runs once here, whoever asks. */
  private readonly ivrs = new Map<string, Promise<IvrState>>();

  private constructor(
    readonly config: BotConfig,
    readonly logger: Logger,
    readonly app: CallingApp<BotCallData>,
    /** The HTTP server: callbacks, health, metrics and status routes. */
    readonly server: FastifyInstance,
    readonly state: BotStorage,
    readonly simulator: Simulator | undefined,
    private readonly pii: boolean,
    private readonly graceMs: number,
    incoming: IncomingPolicy,
  ) {
    this.incoming = incoming;
  }

  /** Stops the bot's metrics callbacks (telemetry/botMetrics.ts). */
  private unobserve: () => void = () => undefined;

  /** Where the admin routes are (admin/adminServer.ts); set once the bot listens. */
  admin: AdminPlace = { mode: 'off', close: () => Promise.resolve() };

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
    return this.closing;
  }

  /** Calls this instance took over from another (dead or departed) instance since it started. */
  get takeOvers(): number {
    return this.takenOver;
  }

  /** Take-overs since start by why they happened (`owner-dead`, …), and leases lost to another instance (`lost`). */
  get leaseChangeCounts(): ReadonlyMap<TakeoverReason | 'lost', number> {
    return this.leaseChanges;
  }

  /** The callback URL given to Graph: the public URL, else the listening address. */
  get callbackUri(): string {
    return `${this.config.publicUrl ?? this.address}/callback`;
  }

  get client(): CallsClient {
    return this.app.client;
  }

  static async start(config: BotConfig, options: BotStartOptions): Promise<Bot> {
    const logger = options.logger;
    const { client, verifier, simulator } = await connectGraph(config, logger, options.simulator);
    let state: BotStorage;
    try {
      state = await openLoggedStorage(config, logger);
    } catch (error) {
      await simulator?.close();
      throw error;
    }
    const app = await createCallingApp<BotCallData>(appOptions(config, options, { client, verifier, state }));
    // The routes read the bot, which needs the server: the closures run only once both exist.
    const refusals = new RefusalLog(logger);
    const adminSource = botAdminSource(() => bot, refusals, options.pii ?? false, options.telemetry);
    let server: FastifyInstance;
    try {
      server = await createBotServer({
        receiver: app.receiver,
        limits: config.callbackLimits ?? {},
        admin: { config: config.admin, source: adminSource },
        ...(options.telemetry !== undefined ? { serverSpans: options.telemetry.serverSpans } : {}),
        onCallbackRefused: (refusal) => {
          bot.refused += 1;
          // Logged there, rate-limited, with the remote address and request id.
          refusals.record(refusal);
          options.onCallbackRefused?.(refusal);
        },
      });
    } catch (error) {
      await app.close();
      await state.close();
      await simulator?.close();
      throw error;
    }
    const bot: Bot = new Bot(
      config,
      logger,
      app,
      server,
      state,
      simulator,
      options.pii ?? false,
      options.shutdownGraceMs ?? 30_000,
      options.incoming ?? { kind: 'answer' },
    );
    bot.followApp();
    await bot.goLive(adminSource, options);
    return bot;
  }

  /** Logs the app's events, and hands its incoming calls, take-overs and lease changes to the bot. */
  private followApp(): void {
    const { app, logger } = this;
    app.on('*', (event) => {
      const log = logger.child({ callId: event.callId });
      if (event.type === 'call.stateChanged') log.info({ event: event.type, from: event.previousState, to: event.state }, 'call state');
      else log.info({ event: event.type }, 'notification');
    });
    app.onIncoming((call, caller) => this.ring(call, caller));
    app.onTakeover((call) => this.takeOver(call));
    app.onLeaseChange((change) => {
      const key = change.type === 'lost' ? 'lost' : change.reason;
      this.leaseChanges.set(key, (this.leaseChanges.get(key) ?? 0) + 1);
    });
  }

  /** Listens (callback, then admin), starts observing, and logs where everything is; a failure closes everything. */
  private async goLive(adminSource: AdminSource, options: BotStartOptions): Promise<void> {
    const { config, app, logger } = this;
    try {
      this.address = await listen(this.server, config.host, config.port);
      const telemetry = options.telemetry;
      this.admin = await startAdmin(config.admin, config.port, adminSource, {
        instanceId: shownInstance(app.instanceId, options.pii ?? false),
        ...(telemetry !== undefined ? { onServed: (requests) => telemetry.adminRequestSpans(requests) } : {}),
        onFailure: (error) => logger.error({ err: errorMessage(error) }, 'admin listener failed'),
      });
      const unobserve = [observeBot(this), traceOperations(app.receiver, options.telemetry)];
      this.unobserve = () => unobserve.forEach((stop) => stop());
    } catch (error) {
      // Nothing may keep the process alive after a failed start: the embedded simulator included.
      await this.close().catch(() => undefined);
      throw error;
    }
    logger.info(
      {
        url: this.url,
        admin: this.adminUrl ?? this.admin.mode,
        callbackUri: this.callbackUri,
        embedded: config.embedded,
        graph: this.client.baseUrl,
        state: this.state.where,
      },
      'bot listening',
    );
  }

  /** Places a call built for this bot's callback URL; the returned call is this instance's. */
  place(build: (callbackUri: string) => CallRequest): Promise<Call<BotCallData>> {
    return this.app.place(build(this.callbackUri));
  }

  /** The call with this id (any call the store knows). */
  call(callId: string): Call<BotCallData> {
    return this.app.call(callId);
  }

  /** A call rang this instance: the incoming policy decides (Graph gives a bot 15 s). */
  private async ring(call: Call<BotCallData>, caller?: IncomingCall): Promise<void> {
    const policy = this.incoming;
    const log = this.logger.child({ callId: call.id, caller: caller?.callerKind });
    // Claimed before answering, so no other instance's sweep adopts the call while it is being answered.
    if ((policy.kind === 'answer' || policy.kind === 'ivr') && !(await this.app.ownership.claim(call.id))) {
      log.info('another instance holds the call');
      return;
    }
    switch (policy.kind) {
      case 'ignore':
        return;
      case 'answer':
        await call.answer({ callbackUri: this.callbackUri });
        log.info('incoming call answered');
        return;
      case 'reject':
        await call.reject({ reason: policy.reason });
        log.info({ reason: policy.reason }, 'incoming call rejected');
        return;
      case 'redirect':
        await call.redirect({ targets: [policy.to], callbackUri: this.callbackUri });
        log.info({ to: policy.to.kind }, 'incoming call redirected');
        return;
      case 'ivr':
        this.ivr(call, policy.transferTo);
        return;
    }
  }

  /** This instance took a call over: an IVR resumes from its stored step; a call still ringing is decided now. */
  private async takeOver(call: Call<BotCallData>): Promise<void> {
    this.takenOver += 1;
    const ivr = (await call.data.get())?.ivr;
    if (ivr !== undefined && ivr.step !== 'done') {
      this.logger.info({ callId: call.id, step: ivr.step }, 'took the call over: resuming its IVR');
      this.ivr(call, ivr.transferTo);
    } else if (ivr === undefined && call.direction === 'incoming' && (await call.state()) === 'incoming') await this.ring(call);
  }

  private ivr(call: Call<BotCallData>, transferTo: Parameters<typeof runIvr>[1]['transferTo']): void {
    if (this.ivrs.has(call.id)) return;
    const log = this.logger.child({ callId: call.id });
    const run = (async () => {
      for (;;) {
        try {
          return await runIvr(call, { callbackUri: this.callbackUri, transferTo });
        } catch (error) {
          // The lease was not proven in time (a slow sweep): when the next sweep finds this instance still
          // holding it, the IVR goes on from its stored step; when another instance took it, that one resumes it.
          if (!(error instanceof LeaseLostError)) throw error;
          await this.app.ownership.sweep();
          if (!this.app.ownership.owns(call.id)) throw error;
        }
      }
    })();
    this.ivrs.set(call.id, run);
    run.then(
      (done) => log.info({ key: done.key, completionReason: done.completionReason }, 'IVR done, call transferred'),
      (error: unknown) => log.warn({ err: errorMessage(error) }, 'IVR failed'),
    );
    void run.catch(() => undefined).finally(() => this.ivrs.delete(call.id));
  }

  async status(): Promise<CallStatus[]> {
    const now = Date.now();
    return (await this.app.store.list()).map((record) => callStatus(record, this.pii, now, this.app.ownership.owns(record.callId)));
  }

  /** Live and terminated calls held (the census: no list of the store), reconciliations that changed a record, and callbacks refused. */
  async counts(): Promise<HealthCounts> {
    const { live, terminated } = await this.state.census.counts();
    return { live, terminated, reconciled: this.app.receiver.reconciler?.stats.reconciled ?? 0, refusedCallbacks: this.refused };
  }

  /** A second shutdown signal: the hang-ups under way get a short while more, then the bot stops. */
  hurry(): void {
    this.app.hurry();
  }

  /**
   * Closes the app (no new calls; owned calls handed over to the other live instances, or hung
   * up when this is the last one — see `CallingApp.close`), then the HTTP server, the store's
   * connection and the embedded simulator. Calling it again returns the same close.
   */
  close(): Promise<ShutdownReport> {
    this.closed ??= (async () => {
      this.closing = true;
      try {
        return await this.app.close({ graceMs: this.graceMs });
      } finally {
        await this.server.close();
        await this.admin.close();
        this.unobserve();
        await this.state.close();
        await this.simulator?.close();
      }
    })();
    return this.closed;
  }
}

/** The bot's storage, its evictions, census errors and quarantined records logged. */
function openLoggedStorage(config: BotConfig, logger: Logger): Promise<BotStorage> {
  return openBotStorage(config, {
    // Ended calls are forgotten after the store's TTL; a live call evicted for room is worth an error line.
    onEvict: (record, reason) => {
      if (record.terminatedAt === undefined) logger.error({ callId: record.callId, reason }, 'live call evicted from the store');
    },
    onCensusError: (error, { callId }) =>
      logger.warn({ callId, err: errorMessage(error) }, 'call census not updated (counts may drift until the call changes again)'),
    // Once per record (the store reports it once, and moves it aside): skipped from now on, kept for a person.
    onQuarantine: ({ key, movedTo, reason }) =>
      logger.error({ key, movedTo, reason }, 'call record quarantined: it cannot be read (skipped by sweeps and status)'),
  });
}

/** The calling app's options: Graph, the storage, keep-alive and reconcile timing, callback limits. */
function appOptions(
  config: BotConfig,
  options: BotStartOptions,
  parts: { readonly client: CallsClient; readonly verifier: TokenVerifier; readonly state: BotStorage },
): CallingAppOptions<BotCallData> {
  const { client, verifier, state } = parts;
  const limits = config.callbackLimits ?? {};
  return {
    client,
    verifier,
    store: state.store,
    leases: state.leases,
    feed: state.feed,
    data: BotCallData,
    keepAliveMs: options.keepAliveMs ?? config.keepAliveMs ?? 15 * 60_000,
    reconcile: { silenceMs: options.reconcileSilenceMs ?? config.reconcileSilenceMs ?? 60_000 },
    ...(config.onShutdown !== undefined ? { onShutdown: config.onShutdown } : {}),
    receiverOptions: {
      ...(limits.maxNotifications !== undefined ? { maxNotifications: limits.maxNotifications } : {}),
      ...(limits.maxParticipants !== undefined ? { maxParticipants: limits.maxParticipants } : {}),
    },
    logger: options.logger,
  };
}
