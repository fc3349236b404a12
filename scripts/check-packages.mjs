// Builds every publishable package, packs it as npm would, and checks the tarball with
// publint and @arethetypeswrong/cli: a release consumers cannot import fails here, not on npm.
// Writes one result per check to the file given with --out (used by scripts/test.mjs).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bin, run, runQuiet } from './run.mjs';
import { pnpmCommand, workspaces } from './workspace.mjs';

const { values } = parseArgs({ options: { out: { type: 'string' }, 'skip-build': { type: 'boolean' } } });
const pnpm = pnpmCommand();
const results = [];
const record = (name, ok) => {
  results.push({ name, ok });
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}`);
};

if (!values['skip-build'])
  record('build (turbo run build)', (await runQuiet(pnpm[0], [...pnpm.slice(1), 'build', '--output-logs=errors-only'])) === 0);

const publishable = workspaces().filter((w) => !w.private);

// Types that resolve are not enough: each build must also load in Node, as ESM and as CommonJS.
for (const pkg of publishable) {
  const esm = `await import(${JSON.stringify(join(pkg.dir, 'dist/index.js'))})`;
  const cjs = `require(${JSON.stringify(join(pkg.dir, 'dist/index.cjs'))})`;
  record(`${pkg.name} loads as ESM`, (await runQuiet('node', ['--input-type=module', '-e', esm])) === 0);
  record(`${pkg.name} loads as CommonJS`, (await runQuiet('node', ['-e', cjs])) === 0);
}
const packDir = mkdtempSync(join(tmpdir(), 'graph-calling-pack-'));
try {
  for (const pkg of publishable) {
    const before = new Set(readdirSync(packDir));
    const packed = (await run(pnpm[0], [...pnpm.slice(1), 'pack', '--pack-destination', packDir], { cwd: pkg.dir, stdio: 'ignore' })) === 0;
    const tarball = readdirSync(packDir).find((f) => !before.has(f));
    record(`${pkg.name} packs`, packed && tarball !== undefined);
    if (!tarball) continue;
    // Lint exactly what npm would receive: the unpacked tarball, not the working folder.
    const unpacked = join(packDir, `${tarball}.d`);
    mkdirSync(unpacked);
    const extracted = (await run('tar', ['-xzf', join(packDir, tarball), '-C', unpacked])) === 0;
    record(
      `${pkg.name} publint`,
      extracted && (await runQuiet(bin('publint'), ['--strict', '--pack', 'false', join(unpacked, 'package')])) === 0,
    );
    // Profile node16: every resolution a supported Node and TypeScript setup uses (node16 from CJS and ESM,
    // bundler). node10 resolution predates `exports` and cannot see subpaths such as `/fastify`.
    const attwArgs = ['--profile', 'node16', '--format', 'table-flipped', join(packDir, tarball)];
    record(`${pkg.name} attw`, (await runQuiet(bin('attw'), attwArgs)) === 0);
  }
  // A stranger's install: the tarballs in a new npm project outside the workspace.
  const consumerFile = join(packDir, 'consumer.json');
  await run('node', ['scripts/check-consumer.mjs', '--packs', packDir, '--out', consumerFile]);
  if (existsSync(consumerFile)) results.push(...JSON.parse(readFileSync(consumerFile, 'utf8')));
  else record('consumer check produced a report', false);
} finally {
  rmSync(packDir, { recursive: true, force: true });
}

if (values.out) writeFileSync(values.out, JSON.stringify(results, null, 2));
const failed = results.filter((r) => !r.ok).length;
console.log(`packages: ${results.length - failed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
