import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

// Under jest, as the other tests do (jest runs them as CommonJS).
const repoRoot = resolve(__dirname, '../..');

// `pnpm bench` itself (bench/run.ts), started as the command starts it, on selections it must refuse
// before running any suite. (The suites are measured by `pnpm bench`, not here: each takes a minute or more.)
jest.setTimeout(60_000);

function bench(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'bench/run.ts'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, TSX_DISABLE_CACHE: '1' },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('pnpm bench', () => {
  it('refuses a selection that names no suite, listing the suites, and writes no results', () => {
    const run = bench('--', 'no-such-suite');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`no suite's name contains "no-such-suite"`);
    expect(run.stderr).toContain('suites: models, notifications, transport, docs, store-redis, app, admin, scale, scale-redis');
    expect(run.stdout).not.toContain('wrote');
  });

  it('refuses to run, in a process of its own, a suite that does not exist', () => {
    const run = bench('--suite', 'no-such-suite');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('no suite named "no-such-suite"');
  });
});
