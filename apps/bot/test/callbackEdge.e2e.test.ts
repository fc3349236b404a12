// `bot serve`'s callback edge: its limits, the trail its refusals leave, and configuration it
// must not ignore. Real servers on loopback, real sockets, a spawned CLI.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { resolve } from 'node:path';
import { cliCommand } from '@graph-calling/test-support/cliCommand';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { Bot, createLogger, installTelemetry, loadConfig, RefusalLog } from '../src';

const root = resolve(__dirname, '../../..');
const TENANT = '0b8a3b5e-0d4c-4a8e-9f71-2f0c5d6e7a81';
const APP_ID = '7d3c2b1a-5e4f-4a6b-8c9d-0e1f2a3b4c5d';

/** A Graph that signs callbacks, on loopback: its OpenID configuration, its keys, and tokens for the bot. */
async function startKeyServer() {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'edge', alg: 'RS256', use: 'sig' };
  const server: Server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(req.url === '/keys' ? { keys: [jwk] } : { issuer: 'https://api.botframework.com', jwks_uri: `${base}/keys` }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    openIdConfigurationUrl: `${base}/.well-known/openid-configuration`,
    sign: () =>
      new SignJWT({ tid: TENANT })
        .setProtectedHeader({ alg: 'RS256', kid: 'edge' })
        .setIssuer('https://api.botframework.com')
        .setAudience(APP_ID)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(privateKey),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A logger whose lines land in an array. */
function memoryLogger() {
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines };
}

function rawConnection(url: string): { socket: Socket; received: () => string; closed: Promise<number> } {
  const { hostname, port } = new URL(url);
  const started = Date.now();
  const socket = connect(Number(port), hostname);
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  return { socket, received: () => text, closed: new Promise((r) => socket.once('close', () => r(Date.now() - started))) };
}

function within<T>(promise: Promise<T>, ms: number): Promise<T | 'still open'> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<'still open'>((r) => (timer = setTimeout(() => r('still open'), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}

describe('bot serve: the callback edge', () => {
  let bot: Bot;
  let lines: string[];
  let keys: Awaited<ReturnType<typeof startKeyServer>>;
  beforeAll(async () => {
    keys = await startKeyServer();
    const memory = memoryLogger();
    lines = memory.lines;
    const config = loadConfig({
      GRAPH_TENANT_ID: TENANT,
      GRAPH_APP_ID: APP_ID,
      GRAPH_CLIENT_SECRET: 'unused',
      // Never called: these tests only post callbacks.
      GRAPH_BASE_URL: 'http://127.0.0.1:9',
      OPENID_CONFIGURATION_URL: keys.openIdConfigurationUrl,
      BOT_BODY_TIMEOUT_MS: '300',
      // Well past the body's deadline: when a stalled event loop (a loaded machine) runs both timers in one
      // turn, the idle one destroys the socket before the 408 written by the other leaves it.
      BOT_IDLE_TIMEOUT_MS: '1500',
    });
    bot = await Bot.start({ ...config, port: 0 }, { logger: memory.logger, telemetry: installTelemetry() });
  }, 30_000);
  afterAll(async () => {
    await bot.close();
    await keys.close();
  });

  it('2. answers 408 and closes when a body never comes, and closes idle connections (limits from BOT_* variables)', async () => {
    const slow = rawConnection(bot.url);
    slow.socket.write(
      `POST /callback HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\nauthorization: Bearer ${await keys.sign()}\r\n` +
        `content-length: 1048576\r\n\r\n{`,
    );
    expect(await within(slow.closed, 5000)).not.toBe('still open');
    expect(slow.received()).toMatch(/^HTTP\/1\.1 408 /);
    const idle = rawConnection(bot.url);
    expect(await within(idle.closed, 10_000)).not.toBe('still open');
  });

  it('2. keeps the default limits where no variable changes them', () => {
    expect(bot.server.server.headersTimeout).toBe(10_000);
    expect(bot.server.server.requestTimeout).toBe(30_000);
    expect(bot.server.server.keepAliveTimeout).toBe(10_000);
    expect(bot.server.server.maxConnections).toBe(1000);
  });

  it('9. logs refusals with code, address and request id (never the token), rate-limited, and counts them on /health and /metrics', async () => {
    const before = lines.length;
    const payload = Buffer.from(JSON.stringify({ tid: 'x', marker: 'do-not-log-me' })).toString('base64url');
    const forged = `Bearer eyJhbGciOiJSUzI1NiJ9.${payload}.c2ln`;
    for (let i = 0; i < 30; i += 1) {
      const response = await fetch(`${bot.url}/callback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: forged },
        body: '{"value":[]}',
      });
      expect(response.status).toBe(401);
      await response.arrayBuffer();
    }
    const logged = lines.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>);
    const refused = logged.filter((l) => l['msg'] === 'callback refused');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.length).toBeLessThanOrEqual(10);
    expect(refused[0]).toMatchObject({ code: expect.any(String), status: 401, remoteAddress: '127.0.0.1', requestId: expect.any(String) });
    expect(lines.join('\n')).not.toContain(payload);

    // Refused by node before any route runs: counted too.
    const garbage = rawConnection(bot.url);
    garbage.socket.write('NOT-HTTP /callback HTTP/1.1\r\n\r\n');
    await within(garbage.closed, 5000);

    const health = (await (await fetch(`${bot.adminUrl}/health`)).json()) as {
      refusedCallbacks: number;
      refusalsByCode: Record<string, number>;
    };
    expect(health.refusedCallbacks).toBeGreaterThanOrEqual(31);
    expect(health.refusalsByCode['bad-request']).toBe(1);
    const metrics = await (await fetch(`${bot.adminUrl}/metrics`)).text();
    // OpenTelemetry's counter, in the Prometheus exposition: refused callbacks by status and refusal code.
    expect(metrics).toContain('# TYPE graph_calling_callbacks_total counter');
    const refusedLine =
      /^graph_calling_callbacks_total\{outcome="refused",http_response_status_code="401",graph_refusal_code="[a-z-]+"[^}]*\} (\d+)/m.exec(
        metrics,
      );
    expect(Number(refusedLine?.[1])).toBeGreaterThanOrEqual(30);
  });
});

describe('bot serve: configuration it must not ignore', () => {
  it('10. refuses to start in embedded mode with OPENID_CONFIGURATION_URL set: exit 2 and one line', async () => {
    const bot = cliCommand('apps/bot');
    const child = spawn(bot.command, [...bot.args, 'serve'], {
      cwd: root,
      env: {
        PATH: process.env['PATH'],
        ...bot.env,
        OPENID_CONFIGURATION_URL: 'http://127.0.0.1:9/.well-known/openid-configuration',
        BOT_PORT: '0',
      },
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('OPENID_CONFIGURATION_URL');
  }, 30_000);
});

describe('RefusalLog', () => {
  it('logs at most perWindow lines per window, then says how many it left out', () => {
    const { logger, lines } = memoryLogger();
    let now = 0;
    const log = new RefusalLog(logger, { perWindow: 3, windowMs: 1000, now: () => now });
    for (let i = 0; i < 8; i += 1) log.record({ status: 401, code: 'bad-signature', message: 'detail', remoteAddress: '127.0.0.1' });
    expect(lines).toHaveLength(3);
    now += 1000;
    log.record({ status: 413, code: 'too-many-notifications', message: 'detail' });
    const last = lines.slice(3).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(last.map((l) => l['msg'])).toEqual(['callback refusals not logged (rate limit)', 'callback refused']);
    expect(last[0]).toMatchObject({ suppressed: 5 });
    expect(log.summary()).toEqual({ total: 9, byCode: { 'bad-signature': 8, 'too-many-notifications': 1 } });
  });
});
