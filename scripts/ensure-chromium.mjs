// The docs site's browser tests drive Debian's Chromium (downloaded browsers cannot be fetched here).
// Installs it when missing and this process may (root with apt-get); otherwise says what to do.
import { existsSync } from 'node:fs';
import { run } from './run.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function ensureChromium() {
  if (existsSync(CHROMIUM)) return true;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    console.error(`chromium is missing at ${CHROMIUM}: install Debian's "chromium" package (or set CHROMIUM_PATH)`);
    return false;
  }
  console.log('installing Debian chromium for the browser tests…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if ((await run('apt-get', ['update', '-qq'], { env })) !== 0) return false;
  return (await run('apt-get', ['install', '-y', '-qq', 'chromium'], { env })) === 0 && existsSync(CHROMIUM);
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = (await ensureChromium()) ? 0 : 1;
