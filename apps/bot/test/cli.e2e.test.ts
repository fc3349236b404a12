import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cliCommand } from '@graph-calling/test-support/cliCommand';
import { eventually } from '@graph-calling/test-support/eventually';

import { trustedFetch } from '@graph-calling/transport';

const root = resolve(__dirname, '../../..');
const bot = cliCommand('apps/bot');
const simulatorCli = cliCommand('packages/simulator');
/**
 * Each test starts one or two CLI processes (from source, tsx compiling it, unless built): a guard against a hang, not a
 * measure, so it leaves room for a machine whose cores are busy with other work.
 */
const PROCESS_TEST_MS = 60_000;

/** Runs a command to completion: exit code and output. */
function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(bot.command, [...bot.args, ...args], {
      cwd: root,
      env: { PATH: process.env['PATH'], ...bot.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

let simulator: ChildProcess;
let env: NodeJS.ProcessEnv;
let graphUrl = '';
let simulatorFetch: typeof fetch;

beforeAll(async () => {
  const ca = join(mkdtempSync(join(tmpdir(), 'bot-cli-')), 'simulator.pem');
  simulator = spawn(simulatorCli.command, [...simulatorCli.args, '--port', '0', '--identity-port', '0', '--json', '--ca-out', ca], {
    cwd: root,
    env: { ...process.env, ...simulatorCli.env },
  });
  const started = await new Promise<{
    graph: string;
    authority: string;
    openIdConfigurationUrl: string;
    apps: Array<{ appId: string; secret: string; tenantId: string }>;
  }>((resolveStart, reject) => {
    let text = '';
    simulator.stdout?.on('data', (c: Buffer) => {
      text += c.toString();
      const line = text.split('\n').find((l) => l.startsWith('{'));
      if (line) resolveStart(JSON.parse(line));
    });
    simulator.on('exit', (code) => reject(new Error(`simulator exited ${code}`)));
  });
  graphUrl = started.graph;
  simulatorFetch = trustedFetch(readFileSync(ca, 'utf8'));
  const app = started.apps[0]!;
  env = {
    // The simulator serves Graph and its callback keys over HTTPS with the authority's certificate.
    GRAPH_CA_FILE: ca,
    GRAPH_BASE_URL: started.graph,
    GRAPH_AUTHORITY_URL: started.authority,
    GRAPH_AUTHORITY_CA_FILE: ca,
    GRAPH_TENANT_ID: app.tenantId,
    GRAPH_APP_ID: app.appId,
    GRAPH_CLIENT_SECRET: app.secret,
    OPENID_CONFIGURATION_URL: started.openIdConfigurationUrl,
    BOT_PORT: '0',
  };
}, PROCESS_TEST_MS);
afterAll(() => simulator.kill('SIGTERM'));

async function truth(id: string): Promise<{ state: string }> {
  return (await (await simulatorFetch(`${graphUrl}/_sim/calls/${id}`)).json()) as { state: string };
}

describe('the CLI, as a user drives it (spawned processes, real ports)', () => {
  let callId = '';

  it(
    'call user: prints the call id, then its transitions, and leaves it up with --detach',
    async () => {
      const result = await run(
        ['--json', 'call', 'user', '112f7296-5fa4-42ca-bae8-6a692b15d4b8', '--name', 'John', '--until', 'established', '--detach'],
        env,
      );
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const lines = result.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { type: string; callId: string; state?: string });
      expect(lines[0]?.type).toBe('call.created');
      callId = lines[0]?.callId ?? '';
      // Callbacks may overtake each other (Graph documents it); a late "establishing" is then ignored.
      expect([['establishing', 'established'], ['established']]).toContainEqual(
        lines.filter((l) => l.type === 'call.stateChanged').map((l) => l.state),
      );
      expect((await truth(callId)).state).toBe('established');
    },
    PROCESS_TEST_MS,
  );

  it(
    'hangup: ends the call placed by another process',
    async () => {
      const result = await run(['hangup', callId], env);
      expect(result).toMatchObject({ code: 0, stdout: `hung up ${callId}\n` });
      // The simulator ends the call asynchronously: wait for that state, not for a number of sleeps.
      await eventually(async () => expect((await truth(callId)).state).toBe('terminated'), 20_000);
    },
    PROCESS_TEST_MS,
  );

  it(
    'join: joins a meeting from a Teams link',
    async () => {
      const link = `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent('19:meeting_Win6Ydo4wsMijFjZS00ZGVjLTk5MGUtOTRjNWY2NmNkYTFm@thread.v2')}/0?context=${encodeURIComponent(JSON.stringify({ Tid: env['GRAPH_TENANT_ID'], Oid: '5810cede-f3cc-42eb-b2c1-e9bd5d53ec96' }))}`;
      const result = await run(['join', link, '--duration', '1'], env);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^call [0-9a-f-]{36}\n {2}state: (— → establishing\n {2}state: establishing|—) → established\n/);
      expect(result.stdout).toContain('roster: 2 participant(s)');
      expect(result.stdout).toMatch(/\nsummary: call [0-9a-f-]{36} established in \d+\.\d s, up 1\.\d s, hung up by the bot \(200\/7000/);
    },
    PROCESS_TEST_MS,
  );

  it(
    "join --guest: another tenant's link is joined on the embedded Graph; a real Graph's 7505 says what to do",
    async () => {
      const otherTenant = '72f988bf-86f1-41af-91ab-2d7cd011db47';
      const link = `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent('19:meeting_Win6Ydo4wsMijFjZS00ZGVjLTk5MGUtOTRjNWY2NmNkYTFm@thread.v2')}/0?context=${encodeURIComponent(JSON.stringify({ Tid: otherTenant, Oid: '5810cede-f3cc-42eb-b2c1-e9bd5d53ec96' }))}`;
      const [embedded, configured] = await Promise.all([
        run(['join', link, '--guest', 'Demo Guest', '--admit-after', '100', '--duration', '1']),
        run(['join', link, '--guest', 'Demo Guest', '--duration', '1'], env),
      ]);
      expect(embedded.stderr).toBe('');
      expect(embedded.code).toBe(0);
      expect(embedded.stdout).toContain('in lobby: guest');
      expect(embedded.stdout).toMatch(/\nsummary: call [0-9a-f-]{36} established in \d+\.\d s, up 1\.\d s, hung up by the bot \(200\/7000/);
      expect(configured.code).toBe(1);
      expect(configured.stderr).toContain('Request authorization tenant mismatch.');
      expect(configured.stderr).toContain(`(${otherTenant}): get the token for that tenant, where the app must be consented`);
    },
    PROCESS_TEST_MS,
  );

  it.each([
    ['an unknown flag', ['call', 'user', 'x', '--bogus']],
    ['a link that is not a Teams link', ['join', 'https://zoom.us/j/1']],
    ['an invalid user id', ['call', 'user', 'not-a-guid', '--until', 'established']],
  ])(
    'exits 2 with a one-line explanation for %s',
    async (_name, args) => {
      const result = await run(args, env);
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    },
    PROCESS_TEST_MS,
  );

  it(
    'exits 1 with a clear message, not a stack trace, when Graph is unreachable',
    async () => {
      const result = await run(['hangup', '00000000-0000-0000-0000-000000000000'], { ...env, GRAPH_BASE_URL: 'http://127.0.0.1:9' });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^bot: DELETE http:\/\/127\.0\.0\.1:9\/v1\.0\/communications\/calls\/0{8}-.*no answer/);
      expect(result.stderr).not.toContain('    at ');
    },
    PROCESS_TEST_MS,
  );
});
