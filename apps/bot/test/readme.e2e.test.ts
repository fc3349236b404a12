import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { trustedFetch } from '@graph-calling/transport';
import {
  exportedVariables,
  readmeCommands,
  runShell,
  STACK_TRACE,
  startShell,
  type CommandResult,
  type LongRunning,
  type ReadmeCommand,
} from './readmeCommands';
import { freePort } from '@graph-calling/test-support/freePort';

// The README's bot and simulator sections, run as a newcomer copies them: the built CLI, spawned
// through a shell, with port 3978 already taken by another process. Every command of those sections
// runs once, in order (the walk-through); the tests below read what each one did.
const root = resolve(__dirname, '../../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const commands = readmeCommands(readme, ['The simulator', 'The sample bot']);
const CLI = 'node apps/bot/dist/cli.js';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/** The shell of someone who has configured nothing: no Graph, no bot settings. */
function freshShell(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env))
    if (!/^(GRAPH_|BOT_|OPENID_)/.test(name) && !name.startsWith('npm_') && value !== undefined) env[name] = value;
  return { ...env, ...extra };
}

/** What the walk-through saw: each command's outcome, in order, and what it left running. */
interface WalkThrough {
  /** The outcome of each command that ran to its end, by the command as the README writes it. */
  readonly results: Map<string, CommandResult>;
  /** `<command>: exit N in M ms` / `<command>: running`, one line per command that ran. */
  readonly report: string[];
  /** The commands that run until Ctrl-C, in the order they started; stopped in afterAll. */
  readonly running: LongRunning[];
  /** The output of the command whose variables were pasted (the standalone simulator of the bot section). */
  pasted?: string;
  /** The shell after the last paste: the standalone simulator's variables, serve's ports. */
  env: NodeJS.ProcessEnv;
  /** The state the standalone simulator gave the call `--detach` left up, read before `hangup` ran. */
  detachedState?: string;
  /** Why the walk-through stopped early (the command and what went wrong), if it did. */
  stopped?: string;
}

let holder: ChildProcess | undefined;
const walk: WalkThrough = { results: new Map(), report: [], running: [], env: {} };

/**
 * Every command of the two sections, in order, as a person types it, with two substitutions: the
 * simulators take free ports (4000/4001 may be in use on a shared machine) and `<callId>` is the call id
 * the previous command printed. Until the simulator's variables are pasted the shell is a fresh one, so
 * the one-shot commands run in embedded mode with 3978 taken; with the paste, `serve` gets ports of its
 * own (3978 is taken). Stops at the first command that fails (the next ones build on it).
 */
async function walkThrough(): Promise<void> {
  let env = freshShell();
  let lastCallId = '';
  for (const { command: written, comment } of commands) {
    let command = written.replace('<callId>', lastCallId);
    if (/simulator$/.test(command)) command += ' -- --port 0 --identity-port 0';
    try {
      if (comment.includes('runs until Ctrl-C')) {
        // pnpm scripts build first: on a busy machine that alone can take minutes.
        const ready = command.includes('simulator') ? /^export OPENID_CONFIGURATION_URL=/m : /^listening on /m;
        const started = await startShell(command, { cwd: root, env, timeoutMs: 300_000, ready });
        walk.running.push(started);
        walk.report.push(`${command}: running`);
        if (STACK_TRACE.test(started.output())) throw new Error(`printed a stack trace:\n${started.output()}`);
        if (comment.includes('paste')) {
          walk.pasted = started.output();
          env = {
            ...env,
            ...exportedVariables(started.output()),
            BOT_PORT: String(await freePort()),
            BOT_ADMIN_PORT: String(await freePort()),
          };
        }
        continue;
      }
      const result = await runShell(command, { cwd: root, env, timeoutMs: command.startsWith('npx -y pnpm') ? 600_000 : 60_000 });
      walk.results.set(written, result);
      walk.report.push(`${command}: exit ${result.code} in ${result.ms} ms`);
      if (result.hung || result.code !== 0)
        throw new Error(`${result.hung ? 'hung' : `exit ${result.code}`}:\n${result.stdout}\n${result.stderr}`);
      if (STACK_TRACE.test(`${result.stdout}${result.stderr}`))
        throw new Error(`printed a stack trace:\n${result.stdout}\n${result.stderr}`);
      lastCallId = UUID.exec(result.stdout)?.[0] ?? lastCallId;
      if (written.includes('--detach')) walk.detachedState = await simulatorState(env, lastCallId);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      walk.stopped = `${command}: ${why}\nwhat ran before it, and how long each took:\n${walk.report.join('\n')}`;
      break;
    }
  }
  walk.env = env;
}

/** The call's state as the standalone simulator (the pasted `GRAPH_BASE_URL`) holds it. */
async function simulatorState(env: NodeJS.ProcessEnv, id: string): Promise<string> {
  const tls = trustedFetch(readFileSync(env['GRAPH_CA_FILE'] as string, 'utf8'));
  return ((await (await tls(`${env['GRAPH_BASE_URL'] as string}/_sim/calls/${id}`)).json()) as { state: string }).state;
}

/** The walk-through's outcome of a README command; fails the test naming why it did not run. */
function ran(command: string): CommandResult {
  const result = walk.results.get(command);
  if (!result) throw new Error(`the walk-through did not run \`${command}\`: ${walk.stopped ?? 'not in the README sections'}`);
  return result;
}

beforeAll(async () => {
  // Another process on 3978 (an HTTP server that is not a bot). If something else already holds it, it is taken all the
  // same; the holder keeps trying, so that when that other process lets it go (another checkout's run of this test on the
  // same machine, say), it is taken again at once and the commands below still find it taken.
  holder = spawn(
    process.execPath,
    [
      '-e',
      `const server = require('http').createServer((q, r) => { r.statusCode = 404; r.end('not a bot'); });
        let told = false;
        const tell = (word) => { if (!told) console.log(word); told = true; };
        server.on('error', () => { tell('taken'); setTimeout(hold, 5); }).on('listening', () => tell('held'));
        const hold = () => server.listen(3978, '127.0.0.1');
        hold();`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((ready) => holder?.stdout?.once('data', () => ready()));
  const built = await runShell('npx -y pnpm@10.34.9 exec turbo run build --filter=@graph-calling/bot... --output-logs=errors-only', {
    cwd: root,
    env: freshShell(),
    timeoutMs: 600_000,
  });
  if (built.code !== 0) throw new Error(`the build failed:\n${built.stdout}\n${built.stderr}`);
  await walkThrough();
}, 1_500_000);
afterAll(async () => {
  for (const r of [...walk.running].reverse()) await r.stop();
  holder?.kill();
});

describe('the README', () => {
  it('has the commands this test runs', () => {
    const bot = commands.filter((c) => c.section === 'The sample bot').map((c) => c.command);
    for (const start of [
      `${CLI} call user `,
      `${CLI} join 'https://teams.microsoft.com/`,
      `${CLI} join --meeting-id `,
      `${CLI} call phone `,
      `${CLI} group `,
      `${CLI} serve`,
      `${CLI} calls`,
      `${CLI} hangup <callId>`,
    ])
      expect([start, bot.some((c) => c.startsWith(start))]).toEqual([start, true]);
    expect(commands.filter((c) => c.section === 'The simulator').length).toBeGreaterThan(0);
  });
});

describe('the README walk-through: every command of the bot and simulator sections, in order', () => {
  it('none hangs, none prints a stack trace, each exits 0', () => {
    expect(walk.stopped).toBeUndefined();
    expect(walk.report.length).toBe(commands.length);
  });
});

describe('one-shot commands in embedded mode, exactly as the README writes them, with 3978 taken', () => {
  const oneShot = commands.filter(
    (c) =>
      c.section === 'The sample bot' && /^node apps\/bot\/dist\/cli\.js (call|join|group) /.test(c.command) && !c.command.includes('--via'),
  );

  it.each(oneShot.filter((c) => !c.command.includes('--detach')).map((c) => [c.command, c] as const))(
    '%s: finishes by itself within 30 s, exit 0, with a summary line',
    (_name, { command }: ReadmeCommand) => {
      const result = ran(command);
      expect({ hung: result.hung, code: result.code, stderr: result.stderr }).toEqual({ hung: false, code: 0, stderr: '' });
      expect(result.ms).toBeLessThan(30_000);
      const last = result.stdout.trim().split('\n').pop() ?? '';
      if (command.includes('--json')) expect(JSON.parse(last)).toMatchObject({ type: 'summary', endedBy: 'bot', reached: 'terminated' });
      else if (command.includes('--until established'))
        expect(last).toMatch(/^summary: call \S+ established in \d+\.\d s; the bot hangs up as it exits$/);
      else expect(last).toMatch(/^summary: call \S+ established in \d+\.\d s, up 5\.\d s, hung up by the bot \(200\/7000/);
    },
  );

  it('a guest join says it waits in the lobby, and is admitted', () => {
    const join = oneShot.find((c) => c.command.includes('--guest')) as ReadmeCommand;
    const result = ran(join.command);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /waiting in the lobby: the embedded simulator admits the bot after 2000 ms[^\n]*\n(.*\n)*.*updated: guest \(admitted\)/,
    );
  });
});

describe('wrong usage: exit 2 and one line on stderr', () => {
  const john = '112f7296-5fa4-42ca-bae8-6a692b15d4b8';
  it.each([
    ['an unknown flag', `${CLI} call user ${john} --bogus`, /unknown option '--bogus'/],
    [
      'an unknown --until state',
      `${CLI} call user ${john} --until ringing`,
      /--until: expected one of establishing, established, terminated/,
    ],
    ['--detach with --until terminated', `${CLI} call user ${john} --detach --until terminated`, /--detach leaves the call up/],
    ['--detach in embedded mode', `${CLI} call user ${john} --detach`, /--detach needs a Graph that outlives this command/],
    ['a duration that is not a number', `${CLI} call user ${john} --duration soon`, /--duration: expected seconds, found "soon"/],
    ['join with neither link nor meeting id', `${CLI} join`, /join: give a Teams link, or --meeting-id/],
    [
      'serve on the taken port 3978',
      `${CLI} serve`,
      /^bot: port 3978 on 127\.0\.0\.1 is already in use: choose another with --port <n> or BOT_PORT=<n>/,
    ],
    [
      'the standalone simulator on the taken port',
      'node packages/simulator/dist/cli.js --port 3978',
      /^simulator: cannot listen on port 3978 \(already in use\)/,
    ],
  ])(
    '%s',
    async (_name, command, message) => {
      const result = await runShell(command, { cwd: root, env: freshShell(), timeoutMs: 30_000 });
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
    },
    40_000,
  );

  it('calls against something that is not the bot: "not a graph-calling bot at URL", exit 1', async () => {
    // Its admin routes looked for where something else answers.
    const result = await runShell(`${CLI} calls`, { cwd: root, env: freshShell({ BOT_ADMIN_PORT: '3978' }), timeoutMs: 30_000 });
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(/^bot: not a graph-calling bot at http:\/\/127\.0\.0\.1:3978: GET \/status answered 404[^\n]*\n$/);
  }, 40_000);
});

describe('serve and calls across processes, with a standalone simulator, as the README says', () => {
  const section = commands.filter((c) => c.section === 'The sample bot');
  const written = (start: string) => (section.find((c) => c.command.startsWith(start)) as ReadmeCommand).command;

  it('the simulator prints every variable the bot needs', () => {
    expect(Object.keys(exportedVariables(walk.pasted ?? ''))).toEqual([
      'GRAPH_BASE_URL',
      'GRAPH_AUTHORITY_URL',
      'GRAPH_AUTHORITY_CA_FILE',
      'GRAPH_CA_FILE',
      'GRAPH_TENANT_ID',
      'GRAPH_APP_ID',
      'GRAPH_CLIENT_SECRET',
      'OPENID_CONFIGURATION_URL',
    ]);
  });

  it('call --via: Graph calls back serve, the command follows the call through it; calls lists it', () => {
    const placed = ran(written(`${CLI} call user 112f7296-5fa4-42ca-bae8-6a692b15d4b8 --via`));
    expect(placed).toMatchObject({ code: 0, stderr: '' });
    const id = UUID.exec(placed.stdout)?.[0] as string;
    expect(placed.stdout).toMatch(
      new RegExp(`summary: call ${id} established in \\d+\\.\\d s, up \\d+\\.\\d s, hung up by the bot \\(200/7000`),
    );
    const listed = ran(`${CLI} calls`);
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    expect(listed.stdout).toMatch(new RegExp(`^${id}  terminated `, 'm'));
  });

  it('--detach leaves the call up (implying --until established); hangup ends it from another process', () => {
    const placed = ran(written(`${CLI} call user 112f7296-5fa4-42ca-bae8-6a692b15d4b8 --detach`));
    expect(placed).toMatchObject({ code: 0, stderr: '' });
    const id = UUID.exec(placed.stdout)?.[0] as string;
    expect(placed.stdout).toContain(`summary: call ${id} established in`);
    expect(placed.stdout).toContain(`left up (--detach): hang it up with \`bot hangup ${id}\``);
    expect(walk.detachedState).toBe('established');
    expect(ran(`${CLI} hangup <callId>`)).toMatchObject({ code: 0, stdout: `hung up ${id}\n` });
  });

  it('says why it hears nothing when callbacks are refused (no OPENID_CONFIGURATION_URL)', async () => {
    // The walk-through's simulator and serve are still running; this shell did not paste the verifier's URL.
    expect(walk.stopped).toBeUndefined();
    const { OPENID_CONFIGURATION_URL: _unset, ...without } = walk.env;
    const result = await runShell(`${CLI} call user 112f7296-5fa4-42ca-bae8-6a692b15d4b8 --duration 1 --timeout 8000`, {
      cwd: root,
      env: without,
      timeoutMs: 30_000,
    });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^bot: a callback was refused \(503 keys-unavailable: .*\); .*set OPENID_CONFIGURATION_URL/);
    expect(lines).toContainEqual(
      expect.stringMatching(/^bot: no notification for call \S+ after 5 s: Graph's callbacks are being refused/),
    );
    expect(result.stderr).not.toMatch(STACK_TRACE);
  }, 40_000);
});
