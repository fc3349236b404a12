import { randomUUID } from 'node:crypto';
import { Command, CommanderError, Option } from 'commander';
import {
  BuilderError,
  JoinLinkError,
  application,
  guest,
  joinFromLink,
  joinMeetingById,
  groupCall,
  peerToPeerCall,
  phone,
  pstnCall,
  applicationInstance,
  serviceHosted,
  appHosted,
  user,
} from '@graph-calling/builders';
import { handleSignals, type Call } from '@graph-calling/app';
import type { CallRequest, Participant } from '@graph-calling/models';
import type { CallbackEvent } from '@graph-calling/notifications';
import { GraphError } from '@graph-calling/transport';
import { Bot, type BotStartOptions } from './Bot';
import type { BotCallData } from './botCallData';
import { ListenError } from './listen';
import { ConfigError, loadConfig, type BotConfig, type ConfigFlags } from './config';
import { explainRefusal, explainSilence, SILENCE_MS } from './diagnostics';
import { graphClientFor } from './embeddedGraph';
import { parseIncomingPolicy, type IncomingPolicy } from './incomingPolicy';
import { followCall, summarize, UNTIL_STATES, type FollowOutcome, type FollowPlan, type UntilState } from './followCall';
import { callViaRunningBot, runningBotCall, runningBotCalls, type RunningBotAdmin } from './runningBot';
import { runningAdminAt, startupLine } from './admin/startupLine';
import { createLogger } from './logger';
import { runTour } from './tour';
import { installTelemetry } from './telemetry/installTelemetry';
import { errorMessage, identityDisplayName, identityKind } from '@graph-calling/models';

interface Globals extends ConfigFlags {
  readonly json?: boolean;
  readonly verbose?: boolean;
}
interface FollowOptions {
  readonly until?: string;
  readonly timeout: string;
  readonly duration?: string;
  readonly appHosted?: boolean;
  readonly detach?: boolean;
  /** `true` when given without a URL: the bot `serve` runs with this configuration. */
  readonly via?: string | true;
}

/** A failure the user can fix by changing the command: exit code 2. */
class UsageError extends Error {}

const out = (text: string) => process.stdout.write(`${text}\n`);
const err = (text: string) => process.stderr.write(`${text}\n`);
let pii = process.env['BOT_LOG_PII'] === '1';
/** In embedded mode a call runs this long before the bot hangs up, so a command finishes by itself. */
const EMBEDDED_DURATION_SECONDS = 5;
/**
 * How long a one-shot command's exit may wait for its hung-up call to show as ended: Graph has
 * accepted the hang-up by then; only its notification may be missing (callbacks being refused).
 */
const ONE_SHOT_GRACE_MS = 5000;
/** In embedded mode the simulated lobby admits a guest after this long (`join --admit-after`). */
const EMBEDDED_ADMIT_MS = 2000;

function logger(globals: Globals) {
  // The CLI speaks to a person on stdout; logs go to stderr, and only errors unless --verbose.
  return createLogger({ level: globals.verbose ? 'info' : 'error', pii, destination: process.stderr });
}

/**
 * The configuration of a one-shot command. Its callback server listens on a free port unless the
 * port matters: given with --port, or behind BOT_PUBLIC_URL (a tunnel forwards to that port); it
 * has no admin listener.
 */
function oneShotConfig(globals: Globals): BotConfig {
  // A one-shot command has no admin routes: only `serve` does (a second listener would take serve's port).
  const config: BotConfig = { ...loadConfig(process.env, globals), admin: { mode: 'off' } };
  return globals.port === undefined && config.publicUrl === undefined ? { ...config, port: 0 } : config;
}

async function withBot<T>(
  config: BotConfig,
  globals: Globals,
  options: Partial<BotStartOptions>,
  run: (bot: Bot, refused: () => boolean) => Promise<T>,
): Promise<T> {
  const reported = new Set<string>();
  const bot = await Bot.start(config, {
    logger: logger(globals),
    pii,
    shutdownGraceMs: ONE_SHOT_GRACE_MS,
    ...options,
    onCallbackRefused: (refusal) => {
      // Once per cause: a refused callback is retried, and every notification after it is refused too.
      if (reported.has(refusal.code)) return;
      reported.add(refusal.code);
      err(explainRefusal(refusal));
    },
  });
  // Interrupted, a command hangs up its call and exits 130, as shells expect of a command stopped by a signal.
  const removeSignals = handleSignals(bot, {
    onClosed: (error) => {
      if (error !== undefined) console.error(error);
      process.exit(130);
    },
  });
  try {
    return await run(bot, () => reported.size > 0);
  } finally {
    await bot.close();
    removeSignals();
  }
}

function describe(event: CallbackEvent): string {
  const who = (p: Participant | undefined) => {
    const kind = identityKind(p?.info) ?? 'participant';
    const name = identityDisplayName(p?.info);
    return `${kind}${name && pii ? ` ${name}` : ''}`;
  };
  switch (event.type) {
    case 'call.stateChanged':
      return `state: ${event.previousState ?? '—'} → ${event.state}`;
    case 'call.terminated':
      return `ended: ${event.resultInfo ? `${event.resultInfo.code}/${event.resultInfo.subcode} ${event.resultInfo.message ?? ''}`.trim() : 'no reason given'}`;
    case 'roster.updated':
      return `roster: ${event.participants.length} participant(s), +${event.joined.length} −${event.left.length} ~${event.updated.length}`;
    case 'participant.joined':
      return `joined: ${who(event.participant)}`;
    case 'participant.left':
      return `left: ${who(event.participant)}`;
    case 'participant.updated':
      return `updated: ${who(event.participant)} (${event.changes.join(', ')})`;
    case 'participant.inLobby':
      return `in lobby: ${who(event.participant)}`;
    default:
      return event.type;
  }
}

/** Whether `text` is one of the states `--until` accepts. */
function isUntilState(text: string): text is UntilState {
  return UNTIL_STATES.some((state) => state === text);
}

/** Reads the follow flags; every mistake is a usage error before anything is started. */
function followPlan(options: FollowOptions, embedded: boolean): FollowPlan {
  const timeoutMs = Number(options.timeout);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new UsageError(`--timeout: expected milliseconds, found ${JSON.stringify(options.timeout)}`);
  if (options.until !== undefined && !isUntilState(options.until))
    throw new UsageError(`--until: expected one of ${UNTIL_STATES.join(', ')}, found ${JSON.stringify(options.until)}`);
  if (options.detach && options.until !== undefined && options.until !== 'established')
    throw new UsageError(`--detach leaves the call up once it is established: drop --until ${options.until}`);
  if (options.detach && options.duration !== undefined)
    throw new UsageError('--detach leaves the call up; --duration hangs it up: give one of them');
  const until: UntilState = options.until ?? (options.detach ? 'established' : 'terminated');
  if (options.duration !== undefined && until !== 'terminated')
    throw new UsageError(`--duration follows the call to its end: drop --until ${until}`);
  const seconds = options.duration ?? (embedded ? String(EMBEDDED_DURATION_SECONDS) : undefined);
  const durationMs = seconds === undefined ? undefined : Number(seconds) * 1000;
  if (durationMs !== undefined && !(Number.isFinite(durationMs) && durationMs > 0))
    throw new UsageError(`--duration: expected seconds, found ${JSON.stringify(options.duration)}`);
  return { until, timeoutMs, durationMs };
}

/** Prints the summary of a follow; a call that never got up is a failure (exit 1). */
function finish(globals: Globals, outcome: FollowOutcome, detached: boolean): void {
  out(globals.json ? JSON.stringify({ type: 'summary', ...outcome, detached }) : summarize(outcome, detached));
  if (outcome.reached === 'terminated' && outcome.establishedAfterMs === undefined) process.exitCode = 1;
}

/**
 * Places a call, prints its id, then its state transitions and roster changes, and ends as
 * the flags say: in embedded mode the bot hangs up after `--duration` (5 s); against Graph the
 * call stays up until it ends, `--until` is reached, `--duration` passes or Ctrl-C.
 */
/**
 * Prints the call's events as they come (the lobby explained once, `admitMs` when the embedded
 * simulator admits); says whether any came, and stops.
 */
function printEvents(
  call: Call<BotCallData>,
  globals: Globals,
  admitMs: number | undefined,
): { readonly heard: () => boolean; readonly stop: () => void } {
  let heard = false;
  let lobby = false;
  const stop = call.on('*', (event: CallbackEvent) => {
    heard = true;
    if (event.type === 'call.established' || event.type === 'unknown') return;
    out(globals.json ? JSON.stringify(strip(event)) : `  ${describe(event)}`);
    if (event.type === 'participant.inLobby' && !lobby && !globals.json) {
      lobby = true;
      out(
        admitMs !== undefined
          ? `  waiting in the lobby: the embedded simulator admits the bot after ${admitMs} ms (--admit-after)`
          : '  waiting in the lobby until someone in the meeting admits the bot',
      );
    }
  });
  return { heard: () => heard, stop };
}

async function placeAndFollow(
  globals: Globals,
  options: FollowOptions & { readonly admitAfter?: string },
  build: (callbackUri: string) => CallRequest,
): Promise<void> {
  const config = oneShotConfig(globals);
  const plan = followPlan(options, config.embedded && options.via === undefined);
  if (options.via !== undefined) return placeVia(globals, config, options, plan, build);
  if (options.detach && config.embedded)
    throw new UsageError('--detach needs a Graph that outlives this command (GRAPH_* variables, e.g. a running `pnpm simulator`)');
  const admitMs = Number(options.admitAfter ?? EMBEDDED_ADMIT_MS);
  if (!Number.isFinite(admitMs) || admitMs < 0)
    throw new UsageError(`--admit-after: expected milliseconds, found ${JSON.stringify(options.admitAfter)}`);
  await withBot(config, globals, { simulator: { timing: { autoAdmitMs: admitMs } } }, async (bot, refused) => {
    const call = await bot.place(build);
    // Its scenario id is in the log line 'call placed' (--verbose).
    out(globals.json ? JSON.stringify({ type: 'call.created', callId: call.id }) : `call ${call.id}`);
    const printing = printEvents(call, globals, config.embedded ? admitMs : undefined);
    const silence = setTimeout(() => {
      if (!printing.heard())
        err(explainSilence(call.id, config, { callbackUri: bot.callbackUri, listening: bot.url }, refused(), SILENCE_MS / 1000));
    }, SILENCE_MS);
    silence.unref();
    let outcome: FollowOutcome;
    try {
      outcome = await followCall(
        {
          id: call.id,
          waitFor: async (predicate, timeoutMs) => {
            const record = await call.waitUntil((r) => predicate(r), { timeoutMs });
            // The store changes before the event's handlers run: let them print before the summary does.
            await bot.app.idle();
            return record;
          },
          hangUp: () => call.hangUp(),
        },
        plan,
      );
    } finally {
      clearTimeout(silence);
      // What follows (the hang-up as the command exits) is said by the summary.
      printing.stop();
    }
    // Left up: no longer this bot's to keep alive or hang up.
    if (options.detach) await bot.app.ownership.release(call.id);
    finish(globals, outcome, options.detach === true);
  });
}

/** `--via URL`: Graph calls back a running `bot serve`; this command follows the call through its status route. */
async function placeVia(
  globals: Globals,
  config: BotConfig,
  options: FollowOptions,
  plan: FollowPlan,
  build: (callbackUri: string) => CallRequest,
) {
  if (config.embedded)
    throw new UsageError('--via needs a Graph shared with the running bot (GRAPH_* variables, e.g. a running `pnpm simulator`)');
  const via = runningBotUrl(globals, options.via === true ? undefined : options.via);
  const admin = runningAdmin(globals);
  await runningBotCall(admin, 'probe');
  const client = graphClientFor(config, undefined, logger(globals));
  const created = await client.calls.create(build(`${via}/callback`), { scenarioId: randomUUID() });
  out(globals.json ? JSON.stringify({ type: 'call.created', callId: created.id, scenarioId: created.scenarioId }) : `call ${created.id}`);
  const report = (change: string) => out(globals.json ? JSON.stringify({ type: 'change', callId: created.id, change }) : `  ${change}`);
  const outcome = await followCall(callViaRunningBot(client, admin, created.id, report), plan);
  if (outcome.reached !== 'terminated' && !options.detach) await client.calls.delete(created.id);
  finish(globals, outcome, options.detach === true);
}

/** Events without the bulky raw objects, for --json. */
function strip(event: CallbackEvent): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...event };
  delete rest['call'];
  delete rest['notification'];
  return rest;
}

const until = () =>
  new Option(
    '--until <state>',
    `return once the call reaches this state: ${UNTIL_STATES.join(', ')} (default: follow it to its end; Ctrl-C hangs up)`,
  );
const durationOption = () =>
  new Option(
    '--duration <seconds>',
    `hang up this long after the call is established (default ${EMBEDDED_DURATION_SECONDS} in embedded mode)`,
  );
const timeoutOption = () => new Option('--timeout <ms>', 'fail if the call is not up (or at --until) in time').default('60000');
const detachOption = () =>
  new Option(
    '--detach',
    'return once the call is established and leave it up (hang it up later with `bot hangup`); implies --until established',
  );
const viaOption = () =>
  new Option(
    '--via [botUrl]',
    'have Graph call back a running `bot serve` and follow the call through it (default: where `serve` listens, BOT_URL or BOT_HOST:BOT_PORT)',
  );
const followOptions = (command: Command) =>
  command.addOption(until()).addOption(durationOption()).addOption(timeoutOption()).addOption(detachOption()).addOption(viaOption());

function media(options: FollowOptions) {
  return options.appHosted ? appHosted({ blob: { mpUri: 'net.tcp://bot.local/MediaProcessor' } }) : serviceHosted();
}

export function buildProgram(): Command {
  const program = new Command('bot')
    .description('Sample Teams calling bot. With no GRAPH_* variables set, it runs against the embedded simulator.')
    .option('--json', 'print machine-readable lines')
    .option('--verbose', 'log Graph requests and notifications to stderr')
    .option('--port <port>', 'callback server port (default BOT_PORT or 3978; 0 for any)')
    .option('--host <host>', 'callback server address (default 127.0.0.1)')
    .option('--public-url <url>', 'public base URL Graph calls back (BOT_PUBLIC_URL)')
    .option('--redis <url>', 'keep call state in Redis, shared by every instance using it (BOT_REDIS_URL; default: memory)')
    .option(
      '--admin-port <port>',
      'admin listener port (health, status, metrics, console), off, or public (BOT_ADMIN_PORT; default 3979, 0 for any)',
    )
    .option('--admin-host <host>', 'admin listener address (BOT_ADMIN_HOST; default 127.0.0.1)')
    .exitOverride()
    .showHelpAfterError(false);
  const globals = () => program.opts<Globals>();
  addServeCommand(program, globals);
  addPlaceCommands(program, globals);
  addHangupCommand(program, globals);
  addCallsCommand(program, globals);
  addTourCommand(program, globals);
  return program;
}

/** `bot serve`: the callback server until interrupted. */
function addServeCommand(program: Command, globals: () => Globals): void {
  program
    .command('serve')
    .description('run the callback server until interrupted')
    .option(
      '--incoming <policy>',
      'what to do with calls that ring the bot: answer, reject[:none|busy|forbidden], redirect:<+number|user id>, ivr:<+number|user id>, ignore (BOT_INCOMING; default answer)',
    )
    .option('--pii', 'show display names, identity ids, host names and the Redis address on the admin routes and in logs (BOT_LOG_PII=1)')
    .action(async (options: { incoming?: string; pii?: boolean }) => {
      if (options.pii) pii = true;
      let incoming: IncomingPolicy;
      try {
        incoming = parseIncomingPolicy(options.incoming ?? process.env['BOT_INCOMING'] ?? 'answer');
      } catch (error) {
        throw new UsageError(`--incoming: ${errorMessage(error)}`);
      }
      const explained = new Set<string>();
      const config = loadConfig(process.env, globals());
      // Traces (exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set) and metrics (Prometheus, on the admin routes).
      const telemetry = installTelemetry();
      const bot = await Bot.start(config, {
        logger: logger({ ...globals(), verbose: true }),
        pii,
        incoming,
        telemetry,
        // Once per code: the log already has every refusal (rate-limited), and a flood must not flood stderr.
        onCallbackRefused: (refusal) => {
          if (explained.has(refusal.code)) return;
          explained.add(refusal.code);
          err(explainRefusal(refusal));
        },
      });
      out(
        globals().json
          ? JSON.stringify({
              type: 'listening',
              url: bot.url,
              callbackUri: bot.callbackUri,
              admin: bot.adminUrl ?? bot.admin.mode,
              embedded: bot.config.embedded,
              graph: bot.client.baseUrl,
              state: bot.state.where,
              instance: bot.app.instanceId,
            })
          : `${startupLine(bot)}; traces ${telemetry.otlpEndpoint !== undefined ? `to ${telemetry.otlpEndpoint}` : 'not exported (OTEL_EXPORTER_OTLP_ENDPOINT)'}; incoming calls: ${incoming.kind}`,
      );
      await new Promise<void>((resolve) =>
        handleSignals(bot, {
          onClosed: (error) => {
            // A close that fails is reported, and the process still ends: the signal asked for it.
            if (error !== undefined) console.error(error);
            resolve();
          },
        }),
      );
      await telemetry.shutdown();
    });
}

/** `bot call user|app|phone`, `bot group` and `bot join`: place a call and follow it. */
function addPlaceCommands(program: Command, globals: () => Globals): void {
  const call = program.command('call').description('place a peer-to-peer call');
  followOptions(
    call
      .command('user <id>')
      .description('call a Teams user by object id')
      .option('--name <name>')
      .option('--app-hosted', 'app-hosted media'),
  ).action((id: string, options: FollowOptions & { name?: string }) =>
    placeAndFollow(globals(), options, (cb) => peerToPeerCall({ callbackUri: cb, to: user(id, options.name), media: media(options) })),
  );
  followOptions(
    call
      .command('app <id>')
      .description('call an application (bot) by app id')
      .option('--name <name>')
      .option('--app-hosted', 'app-hosted media'),
  ).action((id: string, options: FollowOptions & { name?: string }) =>
    placeAndFollow(globals(), options, (cb) =>
      peerToPeerCall({ callbackUri: cb, to: application(id, options.name), media: media(options) }),
    ),
  );
  followOptions(
    call
      .command('phone <number>')
      .description('call a phone number (E.164) from an application instance')
      .requiredOption('--from <applicationInstanceId>')
      .option('--app-hosted', 'app-hosted media'),
  ).action((number: string, options: FollowOptions & { from: string }) =>
    placeAndFollow(globals(), options, (cb) =>
      pstnCall({ callbackUri: cb, from: applicationInstance(options.from), to: phone(number), media: media(options) }),
    ),
  );

  followOptions(
    program
      .command('group <ids...>')
      .description('create a group call with users (up to 5)')
      .option('--subject <subject>')
      .option('--app-hosted', 'app-hosted media'),
  ).action((ids: string[], options: FollowOptions & { subject?: string }) =>
    placeAndFollow(globals(), options, (cb) =>
      groupCall({
        callbackUri: cb,
        targets: ids.map((id) => user(id)),
        media: media(options),
        ...(options.subject ? { subject: options.subject } : {}),
      }),
    ),
  );
  addJoinCommand(program, globals);
}

/** `bot join`: a meeting from a Teams link, or by id and passcode. */
function addJoinCommand(program: Command, globals: () => Globals): void {
  followOptions(
    program
      .command('join [link]')
      .description('join a meeting from a Teams link, or by --meeting-id and --passcode')
      .option('--guest <displayName>', 'join as a guest with this name')
      .option('--meeting-id <id>')
      .option('--passcode <passcode>')
      .option('--admit-after <ms>', `embedded mode: the lobby admits a guest after this long (default ${EMBEDDED_ADMIT_MS})`)
      .option('--app-hosted', 'app-hosted media'),
  ).action(
    (link: string | undefined, options: FollowOptions & { guest?: string; meetingId?: string; passcode?: string; admitAfter?: string }) => {
      if (!link && !options.meetingId) throw new UsageError('join: give a Teams link, or --meeting-id (and --passcode)');
      if (link && options.meetingId) throw new UsageError('join: give a Teams link or --meeting-id, not both');
      const source = options.guest ? guest(`guest-${Date.now()}`, options.guest) : undefined;
      return placeAndFollow(globals(), options, (cb) =>
        link
          ? joinFromLink(link, { callbackUri: cb, media: media(options), ...(source ? { source } : {}) })
          : joinMeetingById({
              callbackUri: cb,
              meetingId: options.meetingId as string,
              ...(options.passcode ? { passcode: options.passcode } : {}),
              media: media(options),
              ...(source ? { source } : {}),
            }),
      );
    },
  );
}

/** `bot hangup`: DELETE a call. */
function addHangupCommand(program: Command, globals: () => Globals): void {
  program
    .command('hangup <callId>')
    .description('hang up a call (DELETE)')
    .action(async (callId: string) => {
      const config = loadConfig(process.env, globals());
      if (config.embedded)
        throw new UsageError(
          'hangup: the embedded simulator lives inside one command; point the bot at a Graph (GRAPH_* variables, e.g. a running `pnpm simulator`)',
        );
      await graphClientFor(config, undefined, logger(globals())).calls.delete(callId);
      out(globals().json ? JSON.stringify({ type: 'call.hungUp', callId }) : `hung up ${callId}`);
    });
}

/** `bot calls`: the calls of a running `bot serve`, from its admin routes. */
function addCallsCommand(program: Command, globals: () => Globals): void {
  program
    .command('calls')
    .description(
      'list the calls of a running `bot serve` (read from its admin routes, found as serve puts them: BOT_ADMIN_PORT, BOT_ADMIN_HOST)',
    )
    .option('--bot-url <url>', "the running bot's admin routes (default BOT_ADMIN_URL, else http://BOT_ADMIN_HOST:BOT_ADMIN_PORT)")
    .action(async (options: { botUrl?: string }) => {
      const calls = await runningBotCalls(
        options.botUrl !== undefined ? { url: options.botUrl, token: process.env['BOT_ADMIN_TOKEN'] } : runningAdmin(globals()),
      );
      if (globals().json) out(JSON.stringify(calls));
      else if (calls.length === 0) out('no calls');
      else
        for (const c of calls)
          out(`${c.id}  ${c.state.padEnd(12)} ${String(c.durationSeconds).padStart(5)}s  ${c.roster.length} participant(s)`);
    });
}

/** `bot tour`: every documented scenario against the embedded simulator. */
function addTourCommand(program: Command, globals: () => Globals): void {
  program
    .command('tour')
    .description('run every documented scenario against the embedded simulator')
    .action(async () => {
      const config = loadConfig(process.env, globals());
      if (!config.embedded) throw new UsageError('tour: runs against the embedded simulator; unset the GRAPH_* variables');
      const bot = await Bot.start(
        { ...config, port: 0, admin: { mode: 'off' } },
        { logger: logger(globals()), pii, keepAliveMs: 60_000, simulator: { timing: { stepMs: 5, autoAnswerMs: 10 } } },
      );
      const started = Date.now();
      let results;
      try {
        results = await runTour(bot, (r) =>
          out(globals().json ? JSON.stringify(r) : `${r.ok ? '✓' : '✗'} ${r.name.padEnd(40)} ${String(r.ms).padStart(5)} ms  ${r.detail}`),
        );
      } finally {
        await bot.close();
      }
      const failed = results.filter((r) => !r.ok).length;
      if (!globals().json)
        out(`tour: ${results.length - failed} of ${results.length} scenarios reached their expected states in ${Date.now() - started} ms`);
      if (failed > 0) process.exitCode = 1;
    });
}

/** The running `bot serve` to talk to: the URL given, else BOT_URL, else where `serve` listens with this configuration. */
function runningBotUrl(globals: Globals, explicit: string | undefined): string {
  return (explicit ?? process.env['BOT_URL'] ?? servedAt(loadConfig(process.env, globals))).replace(/\/+$/, '');
}

/** The admin routes of the running `bot serve`: BOT_ADMIN_URL, else where `serve` puts them with this configuration. */
function runningAdmin(globals: Globals): RunningBotAdmin {
  const config = loadConfig(process.env, globals);
  const explicit = process.env['BOT_ADMIN_URL'];
  if (explicit) return { url: explicit, token: process.env['BOT_ADMIN_TOKEN'] };
  const admin = runningAdminAt(config, servedAt(config));
  if (admin === undefined)
    throw new UsageError(
      "the running bot's admin routes are off (BOT_ADMIN_PORT=off): set BOT_ADMIN_URL, or start it with an admin listener",
    );
  return admin;
}

/** Where `bot serve` listens with this configuration (a wildcard address is reached on loopback). */
function servedAt(config: BotConfig): string {
  const host =
    config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host}:${config.port}`;
}

/** Runs the CLI; exit codes: 0 done, 1 failed, 2 bad command or configuration. */
export async function main(argv: readonly string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode =
        error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' ? 0 : 2;
      return;
    }
    if (
      error instanceof ConfigError ||
      error instanceof UsageError ||
      error instanceof ListenError ||
      error instanceof BuilderError ||
      error instanceof JoinLinkError
    ) {
      process.stderr.write(`bot: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    const message =
      error instanceof GraphError
        ? `${error.message}${error.requestId ? ` (request-id ${error.requestId})` : ''}`
        : error instanceof Error
          ? error.message
          : String(error);
    process.stderr.write(`bot: ${message}\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && /cli\.(js|ts)$/.test(process.argv[1]))
  main(process.argv).then(
    () => process.exit(),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
