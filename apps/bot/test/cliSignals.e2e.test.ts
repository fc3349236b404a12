import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');

/** Starts `bot call user …` on the embedded simulator, signals it once the call is placed, and reports how it exited. */
function interrupted(signals: readonly NodeJS.Signals[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    // Node itself, not the tsx wrapper process, so the signals reach the bot as they would in production.
    const cli = [join(root, 'apps/bot/src/cli.ts'), 'call', 'user', '112f7296-5fa4-42ca-bae8-6a692b15d4b8', '--duration', '60'];
    const child = spawn(process.execPath, ['--import', 'tsx', ...cli], {
      cwd: root,
      env: { PATH: process.env['PATH'], TSX_TSCONFIG_PATH: join(root, 'tsconfig.json') },
    });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!sent && /^call [0-9a-f-]{36}$/m.test(stdout)) {
        sent = true;
        signals.forEach((signal, i) => setTimeout(() => child.kill(signal), i * 200));
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('bot call and signals', () => {
  it('exits 130 on SIGTERM (also when a second one follows 200 ms later) and on SIGINT, after hanging up', async () => {
    const [terminated, interruptedByCtrlC] = await Promise.all([interrupted(['SIGTERM', 'SIGTERM']), interrupted(['SIGINT'])]);
    expect(terminated.code).toBe(130);
    expect(interruptedByCtrlC.code).toBe(130);
    for (const run of [terminated, interruptedByCtrlC]) expect(run.stderr).not.toMatch(/left up on shutdown/);
  }, 90_000);
});
