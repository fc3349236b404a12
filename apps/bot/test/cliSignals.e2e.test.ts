import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { cliCommand } from '@graph-calling/test-support/cliCommand';

const root = resolve(__dirname, '../../..');

/** Starts `bot call user …` on the embedded simulator, signals it once the call is placed, and reports how it exited. */
function interrupted(signals: readonly NodeJS.Signals[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    // Node itself (see cliCommand), not a wrapper process, so the signals reach the bot as they would in production.
    const bot = cliCommand('apps/bot');
    const child = spawn(bot.command, [...bot.args, 'call', 'user', '112f7296-5fa4-42ca-bae8-6a692b15d4b8', '--duration', '60'], {
      cwd: root,
      env: { PATH: process.env['PATH'], ...bot.env },
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
