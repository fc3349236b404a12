import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliCommand } from './cliCommand';
import repoRoot from './repoRoot.cjs';

/** What a simulator gives a bot process to point at it (as `pnpm simulator` prints them). */
export interface GraphEndpoint {
  readonly url: string;
  readonly authorityUrl: string;
  readonly openIdConfigurationUrl: string;
  readonly certificate: { readonly cert: string };
}

/** The environment of a bot process pointed at a simulator on this machine (the CA written to `dir`). */
export function botEnvironment(
  graph: GraphEndpoint,
  app: { readonly appId: string; readonly tenantId: string; readonly secret?: string },
  dir: string,
): Record<string, string> {
  const caFile = join(dir, 'simulator-ca.pem');
  writeFileSync(caFile, graph.certificate.cert);
  return {
    GRAPH_BASE_URL: graph.url,
    GRAPH_AUTHORITY_URL: graph.authorityUrl,
    GRAPH_AUTHORITY_CA_FILE: caFile,
    // The simulator serves Graph and its callback keys over HTTPS with the same certificate.
    GRAPH_CA_FILE: caFile,
    GRAPH_TENANT_ID: app.tenantId,
    GRAPH_APP_ID: app.appId,
    GRAPH_CLIENT_SECRET: app.secret ?? '',
    OPENID_CONFIGURATION_URL: graph.openIdConfigurationUrl,
  };
}

/** A `bot serve` running in its own process. */
export interface BotProcess {
  /** Where it listens (its callback route is `${url}/callback`). */
  readonly url: string;
  /** Its admin listener (health, status, metrics, console). */
  readonly adminUrl: string;
  /** Its instance id in call-ownership leases. */
  readonly instance: string;
  readonly pid: number;
  /** stdout lines after the listening line (JSON), and the tail of its log (stderr). */
  readonly lines: string[];
  log(): string;
  /** SIGKILL: no shutdown at all, as when a machine dies. */
  kill(): Promise<void>;
  /** SIGTERM: a graceful shutdown (hand-over or hang-up); resolves with its exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts `bot serve --json --port 0` (see {@link cliCommand}: its build, or its source) with `env` on top of this process' own,
 * and resolves once it says where it listens. Each process has its own event loop, Graph client and
 * Redis connection, as separate machines would.
 */
export async function startBotProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<BotProcess> {
  // Node itself runs the bot (no wrapper process): the pid is the bot's, so SIGKILL kills the bot itself.
  const bot = cliCommand('apps/bot');
  const child: ChildProcess = spawn(bot.command, [...bot.args, '--json', '--port', '0', 'serve'], {
    cwd: repoRoot,
    env: { ...process.env, ...bot.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    // The log is for failure messages only: keep its tail.
    stderr = (stderr + chunk.toString('utf8')).slice(-20_000);
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const listening = await new Promise<{ url: string; admin: string; instance: string }>((done, fail) => {
    let buffered = '';
    const timer = setTimeout(() => fail(new Error(`bot process did not start within ${timeoutMs} ms: ${stderr.slice(-2000)}`)), timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf('\n');
        if (line.startsWith('{') && line.includes('"listening"')) {
          clearTimeout(timer);
          const parsed = JSON.parse(line) as { url: string; admin: string; instance: string };
          done(parsed);
        } else if (line.trim() !== '') lines.push(line);
      }
    });
    exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`bot process exited (${code ?? 'signal'}) before listening: ${stderr.slice(-2000)}`));
    }, fail);
  });
  return {
    url: listening.url,
    adminUrl: listening.admin,
    instance: listening.instance,
    pid: child.pid ?? 0,
    lines,
    log: () => stderr,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** A temporary directory removed by the returned function. */
export function tempDir(prefix: string): { readonly path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
