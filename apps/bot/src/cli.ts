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
import type { CallRequest, Participant } from '@graph-calling/models';
import type { CallbackEvent } from '@graph-calling/notifications';
import { GraphError } from '@graph-calling/transport';
import { Bot } from './Bot';
import { graphClientFor } from './embeddedGraph';
import { ConfigError, loadConfig, type ConfigFlags } from './config';
import { createLogger } from './logger';
import { runTour } from './tour';

interface Globals extends ConfigFlags {
  readonly json?: boolean;
  readonly verbose?: boolean;
}
interface FollowOptions {
  readonly until: string;
  readonly timeout: string;
  readonly appHosted?: boolean;
  readonly detach?: boolean;
}

/** A failure the user can fix by changing the command: exit code 2. */
class UsageError extends Error {}

const out = (text: string) => process.stdout.write(`${text}\n`);
const pii = process.env['BOT_LOG_PII'] === '1';

function logger(globals: Globals) {
  // The CLI speaks to a person on stdout; logs go to stderr, and only errors unless --verbose.
  return createLogger({ level: globals.verbose ? 'info' : 'error', pii, destination: process.stderr as never });
}

async function withBot<T>(globals: Globals, run: (bot: Bot) => Promise<T>): Promise<T> {
  const bot = await Bot.start(loadConfig(process.env, globals), { logger: logger(globals), pii });
  const stop = () => {
    void bot.stop().then(() => process.exit(130));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await run(bot);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await bot.stop();
  }
}

function describe(event: CallbackEvent): string {
  const who = (p: Participant | undefined) => {
    const identity = (p?.info?.identity ?? {}) as Record<string, { displayName?: string | null } | null | undefined>;
    const kind = Object.keys(identity).find((k) => k !== '@odata.type' && identity[k]) ?? 'participant';
    const name = identity[kind]?.displayName;
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

/** Places a call, prints its id, then its state transitions and roster changes until `until`. */
async function placeAndFollow(globals: Globals, options: FollowOptions, build: (callbackUri: string) => CallRequest): Promise<void> {
  const timeout = Number(options.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0)
    throw new UsageError(`--timeout: expected milliseconds, found ${JSON.stringify(options.timeout)}`);
  await withBot(globals, async (bot) => {
    const created = await bot.place(build);
    out(globals.json ? JSON.stringify({ type: 'call.created', callId: created.id, scenarioId: created.scenarioId }) : `call ${created.id}`);
    bot.on('*', (event: CallbackEvent) => {
      if (event.callId !== created.id || event.type === 'call.established' || event.type === 'unknown') return;
      out(globals.json ? JSON.stringify(strip(event)) : `  ${describe(event)}`);
    });
    const reached = await bot.waitFor(
      created.id,
      (r) => r.state === options.until || r.state === 'terminated',
      options.until === 'terminated' ? 2 ** 31 - 1 : timeout,
    );
    if (reached.state !== options.until) throw new Error(`the call ended before reaching ${options.until}`);
    if (options.detach) {
      if (bot.config.embedded)
        throw new UsageError('--detach needs a Graph that outlives this command (GRAPH_* variables, e.g. a running `pnpm simulator`)');
      bot.release(created.id);
    }
  });
}

/** Events without the bulky raw objects, for --json. */
function strip(event: CallbackEvent): Record<string, unknown> {
  const { ...rest } = event as unknown as Record<string, unknown>;
  delete rest['call'];
  delete rest['notification'];
  return rest;
}

const until = () =>
  new Option('--until <state>', 'return once the call reaches this state (default: stay until it ends; Ctrl-C hangs up)').default(
    'terminated',
  );
const timeoutOption = () => new Option('--timeout <ms>', 'fail if --until is not reached in time').default('60000');
const detachOption = () => new Option('--detach', 'leave the call up when the command exits (hang it up later with `bot hangup`)');

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
    .exitOverride()
    .showHelpAfterError(false);
  const globals = () => program.opts<Globals>();

  program
    .command('serve')
    .description('run the callback server until interrupted')
    .action(async () => {
      const bot = await Bot.start(loadConfig(process.env, globals()), { logger: logger({ ...globals(), verbose: true }), pii });
      out(
        globals().json
          ? JSON.stringify({
              type: 'listening',
              url: bot.url,
              callbackUri: bot.callbackUri,
              embedded: bot.config.embedded,
              graph: bot.client.baseUrl,
            })
          : `listening on ${bot.url} (callback ${bot.callbackUri}, status ${bot.url}/status.html)`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => void bot.stop().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });

  const call = program.command('call').description('place a peer-to-peer call');
  call
    .command('user <id>')
    .description('call a Teams user by object id')
    .option('--name <name>')
    .option('--app-hosted', 'app-hosted media')
    .addOption(until())
    .addOption(timeoutOption())
    .addOption(detachOption())
    .action((id: string, options: FollowOptions & { name?: string }) =>
      placeAndFollow(globals(), options, (cb) => peerToPeerCall({ callbackUri: cb, to: user(id, options.name), media: media(options) })),
    );
  call
    .command('app <id>')
    .description('call an application (bot) by app id')
    .option('--name <name>')
    .option('--app-hosted', 'app-hosted media')
    .addOption(until())
    .addOption(timeoutOption())
    .addOption(detachOption())
    .action((id: string, options: FollowOptions & { name?: string }) =>
      placeAndFollow(globals(), options, (cb) =>
        peerToPeerCall({ callbackUri: cb, to: application(id, options.name), media: media(options) }),
      ),
    );
  call
    .command('phone <number>')
    .description('call a phone number (E.164) from an application instance')
    .requiredOption('--from <applicationInstanceId>')
    .option('--app-hosted', 'app-hosted media')
    .addOption(until())
    .addOption(timeoutOption())
    .addOption(detachOption())
    .action((number: string, options: FollowOptions & { from: string }) =>
      placeAndFollow(globals(), options, (cb) =>
        pstnCall({ callbackUri: cb, from: applicationInstance(options.from), to: phone(number), media: media(options) }),
      ),
    );

  program
    .command('group <ids...>')
    .description('create a group call with users (up to 5)')
    .option('--subject <subject>')
    .option('--app-hosted', 'app-hosted media')
    .addOption(until())
    .addOption(timeoutOption())
    .addOption(detachOption())
    .action((ids: string[], options: FollowOptions & { subject?: string }) =>
      placeAndFollow(globals(), options, (cb) =>
        groupCall({
          callbackUri: cb,
          targets: ids.map((id) => user(id)),
          media: media(options),
          ...(options.subject ? { subject: options.subject } : {}),
        }),
      ),
    );

  program
    .command('join [link]')
    .description('join a meeting from a Teams link, or by --meeting-id and --passcode')
    .option('--guest <displayName>', 'join as a guest with this name')
    .option('--meeting-id <id>')
    .option('--passcode <passcode>')
    .option('--app-hosted', 'app-hosted media')
    .addOption(until())
    .addOption(timeoutOption())
    .addOption(detachOption())
    .action((link: string | undefined, options: FollowOptions & { guest?: string; meetingId?: string; passcode?: string }) => {
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
    });

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

  program
    .command('calls')
    .description('list the calls of a running bot (bot serve)')
    .option('--bot-url <url>', 'the running bot', process.env['BOT_URL'] ?? 'http://127.0.0.1:3978')
    .action(async (options: { botUrl: string }) => {
      const response = await fetch(`${options.botUrl.replace(/\/+$/, '')}/status`).catch((error: unknown) => {
        throw new Error(`no bot answers at ${options.botUrl} (${(error as Error).message}); start one with \`bot serve\``);
      });
      const { calls } = (await response.json()) as {
        calls: Array<{ id: string; state: string; durationSeconds: number; roster: unknown[] }>;
      };
      if (globals().json) out(JSON.stringify(calls));
      else if (calls.length === 0) out('no calls');
      else
        for (const c of calls)
          out(`${c.id}  ${c.state.padEnd(12)} ${String(c.durationSeconds).padStart(5)}s  ${c.roster.length} participant(s)`);
    });

  program
    .command('tour')
    .description('run every documented scenario against the embedded simulator')
    .action(async () => {
      const config = loadConfig(process.env, globals());
      if (!config.embedded) throw new UsageError('tour: runs against the embedded simulator; unset the GRAPH_* variables');
      const bot = await Bot.start(
        { ...config, port: 0 },
        { logger: logger(globals()), pii, keepAliveMs: 60_000, simulator: { timing: { stepMs: 5, autoAnswerMs: 10 } } },
      );
      const started = Date.now();
      let results;
      try {
        results = await runTour(bot, (r) =>
          out(globals().json ? JSON.stringify(r) : `${r.ok ? '✓' : '✗'} ${r.name.padEnd(40)} ${String(r.ms).padStart(5)} ms  ${r.detail}`),
        );
      } finally {
        await bot.stop();
      }
      const failed = results.filter((r) => !r.ok).length;
      if (!globals().json)
        out(`tour: ${results.length - failed} of ${results.length} scenarios reached their expected states in ${Date.now() - started} ms`);
      if (failed > 0) process.exitCode = 1;
    });
  return program;
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
    if (error instanceof ConfigError || error instanceof UsageError || error instanceof BuilderError || error instanceof JoinLinkError) {
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

if (process.argv[1] && /cli\.(js|ts)$/.test(process.argv[1])) void main(process.argv).then(() => process.exit());
