import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import repoRoot from './repoRoot.cjs';

/** The CLIs the end-to-end suites start as separate processes. */
export type Cli = 'apps/bot' | 'packages/simulator';

/** How to start one of our CLIs in a child process: `spawn(command, [...args, ...cliArgs], { env: { ...env, ...yours } })`. */
export interface CliCommand {
  readonly command: string;
  readonly args: readonly string[];
  /** What the child's environment needs on top of the test's own. */
  readonly env: Readonly<Record<string, string>>;
  /** `build` (its `dist/cli.js`) or `source` (its `src/cli.ts` through tsx). */
  readonly from: 'build' | 'source';
}

/**
 * How to start a CLI of this repository: its build, `dist/cli.js`, when every package's build and its own are
 * newer than the sources they are built from (as in CI, where the README suite runs `pnpm build` before the
 * other end-to-end suites), else its TypeScript source through tsx, so that a test never runs stale code.
 * The build is what users run, and it starts with a third of the CPU: tsx compiles and resolves every
 * module through a loader thread. Node itself either way (no wrapper process), so the pid is the CLI's and
 * signals reach it as they would in production.
 */
export function cliCommand(cli: Cli): CliCommand {
  if (builtAndFresh(cli)) return { command: process.execPath, args: [join(repoRoot, cli, 'dist/cli.js')], env: {}, from: 'build' };
  return {
    command: process.execPath,
    args: ['--import', 'tsx', join(repoRoot, cli, 'src/cli.ts')],
    env: { TSX_TSCONFIG_PATH: join(repoRoot, 'tsconfig.json') },
    from: 'source',
  };
}

const fresh = new Map<Cli, boolean>();

/** Whether the CLI's workspace and every package it may import have builds newer than all their sources. */
function builtAndFresh(cli: Cli): boolean {
  let answer = fresh.get(cli);
  if (answer === undefined) {
    const packages = readdirSync(join(repoRoot, 'packages')).map((name) => join('packages', name));
    const workspaces = [...new Set([...packages, cli])];
    answer =
      existsFile(join(repoRoot, cli, 'dist/cli.js')) &&
      workspaces.every((dir) => oldestBuild(join(repoRoot, dir)) > newestSource(join(repoRoot, dir)));
    fresh.set(cli, answer);
  }
  return answer;
}

function existsFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** When the oldest JavaScript file directly in `dist/` was written (tsup writes them together); 0 without a build. */
function oldestBuild(dir: string): number {
  let entries: string[];
  try {
    entries = readdirSync(join(dir, 'dist')).filter((name) => /\.c?js$/.test(name));
  } catch {
    return 0;
  }
  if (entries.length === 0) return 0;
  return Math.min(...entries.map((name) => statSync(join(dir, 'dist', name)).mtimeMs));
}

/** When the newest file under `src/` that a build reads (tests aside) was last changed; 0 without sources. */
function newestSource(dir: string): number {
  let newest = 0;
  const walk = (folder: string): void => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (!/\.test\.ts$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(join(dir, 'src'));
  for (const file of ['package.json', 'tsup.config.ts', 'tsconfig.src.json'])
    if (existsFile(join(dir, file))) newest = Math.max(newest, statSync(join(dir, file)).mtimeMs);
  return newest;
}
