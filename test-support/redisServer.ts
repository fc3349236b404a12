import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './freePort';
import repoRoot from './repoRoot.cjs';

/** Where Debian puts the server; `REDIS_SERVER_PATH` moves it (as `scripts/ensure-redis.mjs` reads it). */
export const REDIS_SERVER = process.env['REDIS_SERVER_PATH'] ?? '/usr/bin/redis-server';

/** A redis-server started for tests: loopback only, its own temp dir, no persistence (a password when asked for: `url` carries it). */
export interface TestRedis {
  readonly url: string;
  readonly port: number;
  /** Stops the server (SIGTERM) and removes its directory. */
  close(): Promise<void>;
  /** Stops the server but keeps the port for {@link TestRedis.start} (to test "Redis down"). */
  pause(): Promise<void>;
  /** Starts it again on the same port (empty: nothing is persisted). */
  start(): Promise<void>;
}

/**
 * Starts a real redis-server on a free loopback port. A missing server is installed with apt the
 * way the browser tests get Chromium; when that is impossible the test fails saying what to do.
 */
export async function startRedis(options: { readonly password?: string } = {}): Promise<TestRedis> {
  ensureInstalled();
  const dir = mkdtempSync(join(tmpdir(), 'graph-calling-redis-'));
  let child: ChildProcess | undefined;
  let port = 0;
  for (let attempt = 1; child === undefined; attempt += 1) {
    port = await freePort();
    try {
      child = await launch(port, dir, options.password);
    } catch (error) {
      // Another process may have taken the port between probing and binding: try another.
      if (attempt >= 5) throw error;
    }
  }
  const handle = {
    url:
      options.password !== undefined ? `redis://:${encodeURIComponent(options.password)}@127.0.0.1:${port}` : `redis://127.0.0.1:${port}`,
    port,
    async close() {
      await handle.pause();
      rmSync(dir, { recursive: true, force: true });
    },
    async pause() {
      const running = child;
      child = undefined;
      if (running === undefined || running.exitCode !== null) return;
      await new Promise<void>((done) => {
        running.once('exit', () => done());
        running.kill('SIGTERM');
      });
    },
    async start() {
      if (child === undefined) child = await launch(port, dir, options.password);
    },
  };
  return handle;
}

function ensureInstalled(): void {
  if (existsSync(REDIS_SERVER)) return;
  const script = resolve(repoRoot, 'scripts/ensure-redis.mjs');
  const result = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (result.status !== 0 || !existsSync(REDIS_SERVER))
    throw new Error(`expected Debian redis-server at ${REDIS_SERVER} (scripts/ensure-redis.mjs installs it as root), found nothing`);
}

/** Resolves once the server says it accepts connections; rejects with its output when it exits first. */
function launch(port: number, dir: string, password?: string): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'];
  if (password !== undefined) args.push('--requirepass', password);
  const child = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((done, fail) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('Ready to accept connections')) {
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        child.off('exit', onExit);
        done(child);
      }
    };
    const onExit = (code: number | null) =>
      fail(new Error(`redis-server on port ${port} exited (${code ?? 'signal'}): ${output.slice(-500)}`));
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Closes clients gracefully (QUIT, so no socket outlives the test); one that cannot be reached is dropped. */
export async function closeAll(clients: ReadonlyArray<{ quit(): Promise<unknown>; disconnect(): void }>): Promise<void> {
  await Promise.all(clients.map((client) => client.quit().catch(() => client.disconnect())));
}
