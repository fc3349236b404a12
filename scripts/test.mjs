// `pnpm test`: typecheck every workspace, lint, run every jest test, check every packed
// package, and end with the one line CI reads: `N passed, N failed`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { delimiter, dirname, join, relative } from 'node:path';
import { ensureChromium } from './ensure-chromium.mjs';
import { ensureRedis } from './ensure-redis.mjs';
import { bin, run } from './run.mjs';
import { root, workspaces } from './workspace.mjs';

const out = join(root, '.test-results');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
let passed = 0;
let failed = 0;
const count = (ok, what) => {
  if (ok) passed += 1;
  else {
    failed += 1;
    console.log(`FAILED: ${what}`);
  }
};

console.log('\n== typecheck');
for (const ws of workspaces()) {
  const code = await run(bin('tsc'), ['--noEmit', '-p', join(relative(root, ws.dir), 'tsconfig.json')]);
  console.log(`${code === 0 ? 'PASS' : 'FAIL'} typecheck ${ws.name}`);
  count(code === 0, `typecheck ${ws.name}`);
}
if (existsSync(join(root, 'bench'))) {
  const code = await run(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
  console.log(`${code === 0 ? 'PASS' : 'FAIL'} typecheck bench`);
  count(code === 0, 'typecheck bench');
}

console.log('\n== lint');
const prettier = await run(bin('prettier'), ['--check', '.']);
console.log(`${prettier === 0 ? 'PASS' : 'FAIL'} prettier --check`);
count(prettier === 0, 'prettier --check');
// Type-aware rules (see eslint.config.mjs); a warning fails as an error does.
const lint = await run(bin('eslint'), ['.', '--max-warnings', '0']);
console.log(`${lint === 0 ? 'PASS' : 'FAIL'} eslint`);
count(lint === 0, 'eslint');

console.log('\n== browser');
const chromium = await ensureChromium();
console.log(`${chromium ? 'PASS' : 'FAIL'} chromium for the docs site tests`);
count(chromium, 'chromium for the docs site tests');

console.log('\n== redis');
const redis = await ensureRedis();
console.log(`${redis ? 'PASS' : 'FAIL'} redis-server for the Redis store tests`);
count(redis, 'redis-server for the Redis store tests');

/** Adds one jest JSON report to the totals; a suite that cannot load counts as a failure. */
function tallyJest(file, code, label) {
  if (!existsSync(file)) return count(false, `jest${label} exited ${code} without a report`);
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // A suite that cannot even load runs no test: count it as a failure, not as nothing.
  for (let i = 0; i < report.numRuntimeErrorTestSuites; i += 1) count(false, `a jest suite failed to run${label}`);
  if (report.numTotalTests === 0) count(false, `jest ran no test${label}`);
  console.log(`jest${label}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
}

console.log(`\n== jest (Node ${process.versions.node})`);
const jestFile = join(out, 'jest.json');
tallyJest(jestFile, await run(bin('jest'), ['--ci', '--json', `--outputFile=${jestFile}`]), '');

// Node 20 is past its end of life: the suites also run under the current LTS lines, with Node
// binaries from the npm registry's `node` package. TEST_NODE_VERSIONS=none skips this locally.
const majors = (process.env.TEST_NODE_VERSIONS ?? '22,24').split(',').filter((v) => /^\d+$/.test(v.trim()));
for (const major of majors) {
  console.log(`\n== jest (Node ${major})`);
  let node = '';
  try {
    node = execFileSync('npx', ['-y', `node@${major}`, '-p', 'process.execPath'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    count(false, `Node ${major} could not be installed from the npm registry`);
    continue;
  }
  const file = join(out, `jest-node${major}.json`);
  // Child processes the tests start (`node cli.js`) run on the same Node: its folder comes first on PATH.
  const env = { ...process.env, PATH: `${dirname(node)}${delimiter}${process.env.PATH ?? ''}` };
  // Every suite but the end-to-end ones that drive the built CLI from the README and the docs site in
  // Chromium: those ran above, and they test our build and the browser more than the Node version.
  const endToEnd = ['apps/bot/test/readme\\.test\\.ts', 'apps/docs/test/browser\\.test\\.ts', 'apps/docs/test/dev\\.test\\.ts'];
  const jestArgs = ['--ci', '--silent', '--json', `--outputFile=${file}`, '--testPathIgnorePatterns', ...endToEnd, '/node_modules/'];
  const code = await run(node, [join(root, 'node_modules/jest/bin/jest.js'), ...jestArgs], { env });
  tallyJest(file, code, ` under Node ${major}`);
}

console.log('\n== packages (build, pack, publint, attw)');
const packagesFile = join(out, 'packages.json');
await run('node', ['scripts/check-packages.mjs', '--out', packagesFile]);
if (existsSync(packagesFile)) {
  for (const result of JSON.parse(readFileSync(packagesFile, 'utf8'))) count(result.ok, result.name);
} else {
  count(false, 'package checks produced no report');
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
