import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseCommand, type DocsCommand } from '../src';

const repoRoot = resolve(__dirname, '../../..');

describe('docs dev', () => {
  it('takes the same sources as docs build, and writes to site-dev/ rather than the site pnpm start builds', () => {
    const args = ['--', '--source', 'some/graph-docs', '--source', 'other'];
    const build = parseCommand(['build', ...args], repoRoot) as DocsCommand;
    const dev = parseCommand(['dev', ...args], repoRoot) as DocsCommand;
    expect(dev.sources).toEqual(build.sources);
    expect(dev.sources.map((s) => s.dir)).toEqual([join(repoRoot, 'docs'), resolve('some/graph-docs'), resolve('other')]);
    expect(build.out).toBe(join(repoRoot, 'site'));
    expect(dev.out).toBe(join(repoRoot, 'site-dev'));
    expect((parseCommand(['dev', '--no-own-docs', '--out', '/tmp/x'], repoRoot) as DocsCommand).sources).toEqual([]);
    expect(parseCommand(['dev', '--port', 'many'], repoRoot)).toEqual({
      error: expect.stringContaining('expected --port to be 0-65535, found many'),
    });
    expect(parseCommand(['serve'], repoRoot)).toEqual({ error: expect.stringContaining('docs dev [--source DIR]') });
  });

  describe('serving', () => {
    let child: ChildProcess | undefined;
    afterEach(() => {
      child?.kill('SIGTERM');
    });

    it('serves a --source tree and rebuilds it when a page changes', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'dev-source-'));
      const out = mkdtempSync(join(tmpdir(), 'dev-out-'));
      writeFileSync(join(dir, 'page.md'), '# First title\n');
      child = spawn(
        join(repoRoot, 'node_modules/.bin/tsx'),
        ['--tsconfig', 'tsconfig.json', 'apps/docs/src/cli.ts', 'dev', '--no-own-docs', '--source', dir, '--out', out, '--port', '0'],
        { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let output = '';
      const waitFor = (pattern: RegExp) =>
        new Promise<RegExpExecArray>((done, fail) => {
          const check = () => {
            const match = pattern.exec(output);
            if (match) done(match);
          };
          child?.stdout?.on('data', (chunk: Buffer) => {
            output += chunk.toString();
            check();
          });
          child?.on('exit', (code) => fail(new Error(`docs dev exited with ${code}: ${output}`)));
          check();
        });
      const [, url] = await waitFor(/docs dev: (http:\/\/127\.0\.0\.1:\d+\/)/);
      const slug = `${dir.split('/').pop() as string}--page`;
      const first = await (await fetch(`${url}pages/${slug}.html`)).text();
      expect(first).toContain('<h1 id="first-title">First title</h1>');
      expect(first).toContain('new EventSource("/__reload")');
      writeFileSync(join(dir, 'page.md'), '# Second title\n');
      await waitFor(/docs: 1 pages[\s\S]*docs: 1 pages/);
      await expect((await fetch(`${url}pages/${slug}.html`)).text()).resolves.toContain('Second title');
      await expect(fetch(`${url}../../etc/passwd`).then((r) => r.status)).resolves.toBe(404);
    }, 120_000);
  });
});
