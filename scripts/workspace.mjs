// Where the workspace packages are, read from their package.json files.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Every workspace (packages/* and apps/*) as { dir, name, private, manifest }. */
export function workspaces() {
  return ['packages', 'apps'].flatMap((group) => {
    const base = join(root, group);
    if (!existsSync(base)) return [];
    return readdirSync(base)
      .map((name) => join(base, name))
      .filter((dir) => existsSync(join(dir, 'package.json')))
      .map((dir) => {
        const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
        return { dir, name: manifest.name, private: manifest.private === true, manifest };
      });
  });
}

/**
 * The pinned pnpm, called the same way everywhere (see packageManager in package.json). Under a
 * pnpm script it is the running pnpm itself: npx there would warn about each of pnpm's settings.
 */
export function pnpmCommand() {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const running = process.env.npm_execpath;
  const version = manifest.packageManager.split('@')[1];
  if (running && /pnpm/.test(running) && process.env.npm_config_user_agent?.includes(`pnpm/${version}`)) {
    return /\.c?js$/.test(running) ? [process.execPath, running] : [running];
  }
  return ['npx', '-y', manifest.packageManager];
}
