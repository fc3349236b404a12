import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

describe('decoding where code generation from strings is forbidden', () => {
  it('passes the decode and property tests under node --disallow-code-generation-from-strings', () => {
    const child = spawnSync(
      process.execPath,
      ['--disallow-code-generation-from-strings', '--import', 'tsx', join(__dirname, 'no-codegen', 'run.ts')],
      { cwd: root, encoding: 'utf8', timeout: 240_000 },
    );
    const lines = child.stdout.trim().split('\n');
    const summary = JSON.parse(lines[lines.length - 1] ?? '{}') as { codeGeneration?: boolean; passed?: number; failed?: string[] };
    if (child.status !== 0) throw new Error(`child failed (${child.status}):\n${child.stdout}\n${child.stderr}`);
    // The flag took effect: decode could not compile, and walked the plan for every test.
    expect(summary.codeGeneration).toBe(false);
    expect(summary.failed).toEqual([]);
    expect(summary.passed).toBeGreaterThanOrEqual(20);
  }, 300_000);
});
