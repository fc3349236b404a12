// The Redis store's tests (and the multi-instance soak) run a real Debian redis-server on loopback.
// Installs it when missing and this process may (root with apt-get); otherwise says what to do.
import { existsSync } from 'node:fs';
import { run } from './run.mjs';

export const REDIS_SERVER = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';

export async function ensureRedis() {
  if (existsSync(REDIS_SERVER)) return true;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    console.error(`redis-server is missing at ${REDIS_SERVER}: install Debian's "redis-server" package (or set REDIS_SERVER_PATH)`);
    return false;
  }
  console.log('installing Debian redis-server for the Redis store tests…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if ((await run('apt-get', ['update', '-qq'], { env })) !== 0) return false;
  return (
    (await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'redis-server'], { env })) === 0 && existsSync(REDIS_SERVER)
  );
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = (await ensureRedis()) ? 0 : 1;
