import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { cliCommand } from '@graph-calling/test-support/cliCommand';
import { startRedis, type TestRedis } from '@graph-calling/test-support/redisServer';

const ROOT = resolve(__dirname, '../../..');

/** Runs `bot serve` (embedded simulator) against a Redis URL; resolves with its exit code and output. */
function serve(redisUrl: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const bot = cliCommand('apps/bot');
  const child = spawn(bot.command, [...bot.args, '--port', '0', 'serve'], {
    cwd: ROOT,
    env: { ...process.env, ...bot.env, BOT_REDIS_URL: redisUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((done) => child.once('exit', (code) => done({ code, stdout, stderr })));
}

describe('bot serve when Redis cannot be used at start-up', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis({ password: 'right-password' });
  });
  afterAll(() => redis.close());

  it('a wrong password is a configuration error: one line naming the cause, exit 2, the password not shown', async () => {
    const { code, stdout, stderr } = await serve(redis.url.replace('right-password', 'wrong-password'));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^bot: BOT_REDIS_URL \/ --redis: expected Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/? to accept the URL's credentials, found it refused them \(WRONGPASS/,
    );
    expect(stderr).not.toContain('wrong-password');
  });

  it('no Redis at the address: exit 1, naming it unreachable', async () => {
    const own = await startRedis();
    await own.close();
    const { code, stderr } = await serve(own.url);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^bot: expected Redis to accept a connection at redis:\/\/127\.0\.0\.1:\d+\/?, found ECONNREFUSED/),
    ]);
  });
});
