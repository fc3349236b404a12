// Builds every publishable package, packs it as npm would, and checks the tarball with
// publint and @arethetypeswrong/cli: a release consumers cannot import fails here, not on npm.
// Writes one result per check to the file given with --out (used by scripts/test.mjs).
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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

// Two packages at a time (this machine has 2 cores; attw and publint are mostly CPU), each into a folder of its
// own; the results keep the packages' order whatever order they finish in.
const packDir = mkdtempSync(join(tmpdir(), 'graph-calling-pack-'));
try {
  const checked = await inParallel(publishable, 2, (pkg) => checkPackage(pkg, packDir));
  for (const [name, ok] of checked.flat()) record(name, ok);
  // A stranger's install: the tarballs in a new npm project outside the workspace.
  const consumerFile = join(packDir, 'consumer.json');
  await run('node', ['scripts/check-consumer.mjs', '--packs', packDir, '--out', consumerFile]);
  if (existsSync(consumerFile)) results.push(...JSON.parse(readFileSync(consumerFile, 'utf8')));
  else record('consumer check produced a report', false);
} finally {
  rmSync(packDir, { recursive: true, force: true });
}

if (values.out) writeFileSync(values.out, JSON.stringify(results, null, 2));

/**
 * Builds of one package load in Node as ESM and as CommonJS; its tarball packs, passes publint and attw. Returns
 * `[check, ok]` pairs; the tarball is left in `packDir` for the consumer check.
 */
async function checkPackage(pkg, packDir) {
  const checks = [];
  // Types that resolve are not enough: each build must also load in Node, as ESM and as CommonJS.
  const esm = `await import(${JSON.stringify(join(pkg.dir, 'dist/index.js'))})`;
  const cjs = `require(${JSON.stringify(join(pkg.dir, 'dist/index.cjs'))})`;
  checks.push([`${pkg.name} loads as ESM`, (await runQuiet('node', ['--input-type=module', '-e', esm])) === 0]);
  checks.push([`${pkg.name} loads as CommonJS`, (await runQuiet('node', ['-e', cjs])) === 0]);
  const own = mkdtempSync(join(packDir, 'pack-'));
  const packed = (await run(pnpm[0], [...pnpm.slice(1), 'pack', '--pack-destination', own], { cwd: pkg.dir, stdio: 'ignore' })) === 0;
  const tarball = readdirSync(own).find((f) => f.endsWith('.tgz'));
  checks.push([`${pkg.name} packs`, packed && tarball !== undefined]);
  if (!tarball) return checks;
  const file = join(packDir, tarball);
  renameSync(join(own, tarball), file);
  // Lint exactly what npm would receive: the unpacked tarball, not the working folder.
  const extracted = (await run('tar', ['-xzf', file, '-C', own])) === 0;
  checks.push([
    `${pkg.name} publint`,
    extracted && (await runQuiet(bin('publint'), ['--strict', '--pack', 'false', join(own, 'package')])) === 0,
  ]);
  // Profile node16: every resolution a supported Node and TypeScript setup uses (node16 from CJS and ESM,
  // bundler). node10 resolution predates `exports` and cannot see subpaths such as `/fastify`.
  checks.push([`${pkg.name} attw`, (await runQuiet(bin('attw'), ['--profile', 'node16', '--format', 'table-flipped', file])) === 0]);
  return checks;
}

/** `work` over `items`, at most `limit` at once; the outcomes in the items' order. */
async function inParallel(items, limit, work) {
  const outcomes = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      outcomes[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return outcomes;
}

const failed = results.filter((r) => !r.ok).length;
console.log(`packages: ${results.length - failed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
