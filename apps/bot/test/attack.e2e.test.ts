// `pnpm attack` against the three receivers a bot developer meets: the README's fastify server,
// the node:http adapter and `bot serve`. Each trusts the attacker's OpenID configuration, as a
// receiver trusts Graph's, so the attack can send valid tokens as well as forged ones.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { cliCommand } from '@graph-calling/test-support/cliCommand';
import Fastify from 'fastify';
import {
  applyServerLimits,
  createCallbackReceiver,
  createNodeCallbackHandler,
  createTokenVerifier,
  MemoryCallStore,
} from '@graph-calling/notifications';
import { graphCallbacks } from '@graph-calling/notifications/fastify';
import { freePort } from '@graph-calling/test-support/freePort';

const root = resolve(__dirname, '../../..');
const tsx = join(root, 'node_modules/.bin/tsx');
const TENANT = '3f2e1d0c-9b8a-4c7d-8e6f-5a4b3c2d1e0f';
const APP_ID = '6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d';
// Short limits, so the slow-client cases close in about a second instead of the default 20–30 s.
// (Not shorter: on a busy machine a fuzzed body of a few hundred kB can take a while to arrive.)
const BODY_TIMEOUT_MS = 2000;
const IDLE_TIMEOUT_MS = 3000;

interface AttackResult {
  forged: { sent: number; refused: number; accepted: string[] };
  valid: { sent: number; accepted: number };
  fuzzed: { sent: number; accepted: number; refused: number; codes: Record<string, number> };
  edge: Array<{ name: string; ok: boolean; outcome: string; ms: number }>;
  serverErrors: number;
  dropped: number;
  droppedDetails: string[];
  maxLatencyMs: number;
  forgedInState: number;
  ok: boolean;
}

const openIdUrl = (port: number) => `http://127.0.0.1:${port}/.well-known/openid-configuration`;

/** Runs `pnpm attack` (the script itself, through tsx) and reads the JSON line it ends with. */
async function attack(args: string[]): Promise<{ code: number | null; result: AttackResult; log: string; seconds: number }> {
  const child = spawn(
    tsx,
    ['--tsconfig', join(root, 'tsconfig.json'), join(root, 'scripts/attack.ts'), '--', ...args, '--timeout-ms', '5000'],
    {
      cwd: root,
      env: { PATH: process.env['PATH'] },
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const started = Date.now();
  const [code] = (await once(child, 'close')) as [number | null];
  const seconds = (Date.now() - started) / 1000;
  const last = stdout.trim().split('\n').at(-1) ?? '';
  if (!last.startsWith('{')) throw new Error(`the attack printed no result (exit ${code}):\n${stderr}`);
  return { code, result: JSON.parse(last) as AttackResult, log: stderr, seconds };
}

function receiver(openIdPort: number) {
  const store = new MemoryCallStore();
  const r = createCallbackReceiver({
    verifier: createTokenVerifier({ appIds: APP_ID, allowedTenants: [TENANT], openIdConfigurationUrl: openIdUrl(openIdPort) }),
    store,
  });
  return { store, receiver: r };
}

/** The README's ten-line server, with short slow-client limits. */
async function readmeServer(openIdPort: number) {
  const { store, receiver: r } = receiver(openIdPort);
  const app = Fastify();
  await app.register(graphCallbacks, {
    receiver: r,
    path: '/callback',
    bodyTimeoutMs: BODY_TIMEOUT_MS,
    serverLimits: { idleTimeoutMs: IDLE_TIMEOUT_MS },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/callback`, store, close: () => app.close() };
}

async function nodeServer(openIdPort: number) {
  const { store, receiver: r } = receiver(openIdPort);
  const server: Server = createServer(createNodeCallbackHandler(r, { bodyTimeoutMs: BODY_TIMEOUT_MS }));
  applyServerLimits(server, { idleTimeoutMs: IDLE_TIMEOUT_MS });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/callback`,
    store,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r2) => server.close(() => r2()));
    },
  };
}

/** `bot serve`, spawned as a user runs it, configured for a Graph whose keys the attacker publishes. */
async function botServe(openIdPort: number): Promise<{ url: string; adminUrl: string; child: ChildProcess; stderr: () => string }> {
  const bot = cliCommand('apps/bot');
  const child = spawn(bot.command, [...bot.args, '--json', 'serve'], {
    cwd: root,
    env: {
      PATH: process.env['PATH'],
      ...bot.env,
      GRAPH_TENANT_ID: TENANT,
      GRAPH_APP_ID: APP_ID,
      GRAPH_CLIENT_SECRET: 'not-used',
      // Never called: the attack only posts callbacks.
      GRAPH_BASE_URL: 'http://127.0.0.1:9',
      OPENID_CONFIGURATION_URL: openIdUrl(openIdPort),
      BOT_PORT: '0',
      BOT_BODY_TIMEOUT_MS: String(BODY_TIMEOUT_MS),
      BOT_IDLE_TIMEOUT_MS: String(IDLE_TIMEOUT_MS),
    },
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const { url, admin: adminUrl } = await new Promise<{ url: string; admin: string }>((resolveUrl, reject) => {
    let text = '';
    child.stdout?.on('data', (c: Buffer) => {
      text += c.toString();
      const line = text.split('\n').find((l) => l.startsWith('{'));
      if (line) resolveUrl(JSON.parse(line) as { url: string; admin: string });
    });
    child.on('exit', (code) => reject(new Error(`bot serve exited ${code}`)));
  });
  return { url, adminUrl, child, stderr: () => stderr };
}

function expectClean(result: AttackResult): void {
  expect(result.forged.accepted).toEqual([]);
  expect(result.forged.refused).toBe(result.forged.sent);
  expect(result.forged.sent).toBeGreaterThanOrEqual(25);
  expect(result.valid.accepted).toBe(result.valid.sent);
  expect(result.fuzzed.sent).toBeGreaterThanOrEqual(2000);
  expect(result.fuzzed.accepted + result.fuzzed.refused).toBe(result.fuzzed.sent);
  expect(result.serverErrors).toBe(0);
  expect(result.dropped).toBe(0);
  expect(result.edge.filter((e) => !e.ok)).toEqual([]);
  expect(result.forgedInState).toBe(0);
  expect(result.ok).toBe(true);
}

describe('pnpm attack against every receiver', () => {
  it('the README fastify server, the node:http adapter and bot serve each hold', async () => {
    const [readmePort, nodePort, botPort] = [await freePort(), await freePort(), await freePort()];
    const readme = await readmeServer(readmePort);
    const node = await nodeServer(nodePort);
    const bot = await botServe(botPort);
    try {
      const common = ['--aud', APP_ID, '--tenant', TENANT, '--fuzz', '2000', '--seed', '12'];
      const [a, b, c] = await Promise.all([
        attack(['--callback', readme.url, '--openid-port', String(readmePort), ...common]),
        attack(['--callback', node.url, '--openid-port', String(nodePort), ...common]),
        attack([
          '--callback',
          `${bot.url}/callback`,
          '--openid-port',
          String(botPort),
          '--state-url',
          `${bot.adminUrl}/status?limit=500`,
          ...common,
        ]),
      ]);
      for (const [name, run] of [
        ['README fastify server', a],
        ['node:http adapter', b],
        ['bot serve', c],
      ] as const) {
        // The figures, for the record (the CI log shows them).
        process.stdout.write(
          `${name}: forged ${run.result.forged.refused}/${run.result.forged.sent} refused, valid ${run.result.valid.accepted}/${run.result.valid.sent} accepted, ` +
            `fuzzed ${run.result.fuzzed.sent} (${run.result.fuzzed.accepted} accepted, ${run.result.fuzzed.refused} refused), ` +
            `5xx ${run.result.serverErrors}, dropped ${run.result.dropped}, max latency ${run.result.maxLatencyMs} ms\n` +
            `${JSON.stringify({ codes: run.result.fuzzed.codes, edge: run.result.edge, dropped: run.result.droppedDetails })}\n`,
        );
        expectClean(run.result);
        expect(run.code).toBe(0);
      }
      for (const store of [readme.store, node.store]) {
        const ids = store.list().map((r) => r.callId);
        expect(ids.filter((id) => id.startsWith('f0f0f0f0-'))).toEqual([]);
        expect(ids.filter((id) => id.startsWith('a1a1a1a1-'))).toHaveLength(50);
      }
      // Thousands of refusals leave a bounded trail: at most 10 log lines per 10 s, one explanation per code.
      const lines = bot.stderr().split('\n');
      const logged = lines.filter((l) => l.includes('"msg":"callback refused"')).length;
      expect(logged).toBeGreaterThan(0);
      expect(logged).toBeLessThanOrEqual(10 * Math.ceil(c.seconds / 10) + 10);
      expect(lines.filter((l) => l.startsWith('bot: a callback was refused')).length).toBeLessThanOrEqual(40);
      const health = (await (await fetch(`${bot.adminUrl}/health`)).json()) as { refusedCallbacks: number };
      expect(health.refusedCallbacks).toBeGreaterThanOrEqual(c.result.forged.sent + c.result.fuzzed.refused);
      const status = (await (await fetch(`${bot.adminUrl}/status?limit=500`)).json()) as { calls: Array<{ id: string }> };
      expect(status.calls.filter((call) => call.id.startsWith('a1a1a1a1-'))).toHaveLength(50);
    } finally {
      bot.child.kill('SIGTERM');
      await Promise.all([readme.close(), node.close()]);
    }
  }, 240_000);
});
