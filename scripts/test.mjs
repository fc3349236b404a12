// `pnpm test`: typecheck every workspace (one `tsc -b`), lint, run every jest test, check every packed
// package, and end with the one line CI reads: `N passed, N failed`.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { ensureChromium } from './ensure-chromium.mjs';
import { ensureRedis } from './ensure-redis.mjs';
import { bin, run, runQuiet } from './run.mjs';
import { root } from './workspace.mjs';

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

// Node 20 is past its end of life: the unit suites also run under the current LTS lines, with Node binaries
// from the npm registry's `node` package (fetched now, while the checks below use the CPU).
// TEST_NODE_VERSIONS=none skips them locally.
const majors = (process.env.TEST_NODE_VERSIONS ?? '22,24').split(',').filter((v) => /^\d+$/.test(v.trim()));
const nodes = new Map(majors.map((major) => [major, nodeBinary(major)]));

// The checks that need no test run, two at a time (this machine has 2 cores): the one `tsc -b` build graph
// (see tsconfig.json) then Prettier, beside ESLint. Both linters keep a cache under node_modules/.cache, so
// a second run only looks at files that changed; a fresh clone has none and checks everything.
console.log('\n== typecheck and lint');
const [typecheck, prettier, lint] = await Promise.all([
  runQuiet(bin('tsc'), ['-b']).then(async (code) => [
    code,
    await runQuiet(bin('prettier'), [
      '--check',
      '.',
      '--cache',
      '--cache-strategy',
      'content',
      '--cache-location',
      'node_modules/.cache/prettier/cache.json',
    ]),
  ]),
  // Type-aware rules (see eslint.config.mjs); a warning fails as an error does.
  runQuiet(bin('eslint'), [
    '.',
    '--max-warnings',
    '0',
    '--cache',
    '--cache-strategy',
    'content',
    '--cache-location',
    'node_modules/.cache/eslint/',
  ]),
]).then(([[tsc, pretty], eslint]) => [tsc, pretty, eslint]);
for (const [code, what] of [
  [typecheck, 'typecheck (tsc -b)'],
  [prettier, 'prettier --check'],
  [lint, 'eslint'],
]) {
  console.log(`${code === 0 ? 'PASS' : 'FAIL'} ${what}`);
  count(code === 0, what);
}

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

// Under the Node CI installs: the unit suites with both cores, then the end-to-end suites (`*.e2e.test.ts`:
// they start processes, Chromium or redis-server) one at a time, so that none shares the machine with another.
const UNIT_ONLY = ['--testPathIgnorePatterns', '\\.e2e\\.test\\.ts$', '/node_modules/'];
const E2E_ONLY = ['--testPathPatterns', '\\.e2e\\.test\\.ts$'];
console.log(`\n== jest, unit (Node ${process.versions.node})`);
const unitFile = join(out, 'jest-unit.json');
tallyJest(unitFile, await run(bin('jest'), ['--ci', '--maxWorkers=2', '--json', `--outputFile=${unitFile}`, ...UNIT_ONLY]), ' (unit)');
console.log(`\n== jest, end-to-end (Node ${process.versions.node})`);
const e2eFile = join(out, 'jest-e2e.json');
tallyJest(e2eFile, await run(bin('jest'), ['--ci', '--maxWorkers=1', '--json', `--outputFile=${e2eFile}`, ...E2E_ONLY]), ' (end-to-end)');

// Under Node 22 and 24 the unit suites, one Node per core at once. The end-to-end suites ran above, under the
// Node CI installs only: they test our build, the browser, Redis and processes more than the Node version.
if (majors.length > 0) console.log(`\n== jest, unit (Node ${majors.join(' and ')}, side by side)`);
const outcomes = await Promise.all(
  majors.map(async (major) => {
    const node = await nodes.get(major);
    if (!node) return { major, missing: true };
    const file = join(out, `jest-node${major}.json`);
    // Child processes the tests start (`node cli.js`) run on the same Node: its folder comes first on PATH.
    const env = { ...process.env, PATH: `${dirname(node)}${delimiter}${process.env.PATH ?? ''}` };
    const jestArgs = ['--ci', '--silent', '--maxWorkers=1', '--json', `--outputFile=${file}`, ...UNIT_ONLY];
    const code = await runQuiet(node, [join(root, 'node_modules/jest/bin/jest.js'), ...jestArgs], { env });
    return { major, file, code };
  }),
);
for (const outcome of outcomes) {
  if (outcome.missing) count(false, `Node ${outcome.major} could not be installed from the npm registry`);
  else tallyJest(outcome.file, outcome.code, ` under Node ${outcome.major}`);
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

/** The path of a Node binary of this major version, from the npm registry's `node` package; '' when it cannot be had. */
function nodeBinary(major) {
  return new Promise((resolve) => {
    execFile('npx', ['-y', `node@${major}`, '-p', 'process.execPath'], { encoding: 'utf8' }, (error, stdout) =>
      resolve(error ? '' : stdout.trim()),
    );
  });
}
