// Where the workspace packages are, read from their package.json files.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Every workspace (packages/*, apps/* and examples/*) as { dir, name, private, manifest }. */
export function workspaces() {
  return ['packages', 'apps', 'examples'].flatMap((group) => {
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

/** The pinned pnpm, called the same way everywhere (see packageManager in package.json). */
export function pnpmCommand() {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return ['npx', '-y', manifest.packageManager];
}
