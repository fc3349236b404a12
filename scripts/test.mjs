// `pnpm test`: typecheck every workspace (one `tsc -b`), lint, run every jest test, check every packed
// package, and end with the one line CI reads: `N passed, N failed`.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, delimiter, dirname, join, relative, sep } from 'node:path';
import { ensureChromium } from './ensure-chromium.mjs';
import { ensureRedis } from './ensure-redis.mjs';
import { bin, runQuiet } from './run.mjs';
import { root, workspaces } from './workspace.mjs';

const startedAt = Date.now();
/** Time since `pnpm test` started, for the phase lines (where the minutes of a CI run go). */
const since = () => `${((Date.now() - startedAt) / 1000).toFixed(0)} s`;
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
console.log(`typecheck and lint: done at ${since()}`);
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

// What follows runs in two lanes, because the end-to-end suites (`*.e2e.test.ts`: they start processes,
// Chromium or redis-server) mostly wait on those processes while the unit suites keep a core busy:
// - end-to-end lane: the README suite first (it builds every package with turbo, as the README says), then it
//   takes work from the queue below. The end-to-end suites test our build, the browser, Redis and processes more
//   than the Node version: they run under the Node CI installs.
// - unit lane: the unit suites under the Node CI installs (both cores), then those of the published packages
//   under Node 22 and 24 side by side. Their `engines` promise Node 20, 22 and 24, so every one of their suites runs
//   on each; the private apps (the bot, the docs site), the examples and the bench run where they are run, on the
//   CI's Node, once (their suites build docs and type-check snippets: they test our toolchain, not the runtime).
//   Then, once the README suite has built everything, it takes work from the queue too.
// The queue: the package checks (build, pack, publint, attw, a stranger's install; their build is then a turbo
// cache hit that writes nothing an end-to-end suite runs), then the other end-to-end suites, largest file first,
// one jest run each. Each lane runs one item at a time, so at most two end-to-end suites run at once, each
// with processes and ports of its own; whichever lane is free takes the next, so neither lane idles while the
// other still has a long list.
const UNIT_ONLY = ['--testPathIgnorePatterns', '\\.e2e\\.test\\.ts$', '/node_modules/'];
/** The jest projects (named after their folders) of the packages we publish. */
const PUBLISHED = [
  '--selectProjects',
  ...workspaces()
    .filter((w) => !w.private)
    .map((w) => basename(w.dir)),
];
const README_E2E = 'apps/bot/test/readme\\.e2e\\.test\\.ts$';
const E2E_ONLY = ['--testPathPatterns', '\\.e2e\\.test\\.ts$', '--testPathIgnorePatterns', README_E2E, '/node_modules/'];
const JEST = join(root, 'node_modules/jest/bin/jest.js');
const reports = [];

/** Runs jest (under `node`, by default this one) and keeps its JSON report for the totals; quiet unless it fails. */
async function jest(label, file, args, { node = process.execPath, env = process.env } = {}) {
  const began = Date.now();
  const code = await runQuiet(node, [JEST, '--ci', '--json', `--outputFile=${file}`, ...args], { env });
  console.log(`jest${label}: exit ${code} after ${((Date.now() - began) / 1000).toFixed(0)} s (at ${since()})`);
  reports.push({ file, code, label });
}

console.log(
  `\n== jest: end-to-end suites (Node ${process.versions.node}) beside the unit suites (Node ${process.versions.node}, then ${majors.join(' and ') || 'no other'})`,
);
const packagesFile = join(out, 'packages.json');
/** The work either lane takes once its own is done: the package checks, then one item per end-to-end suite. */
const queued = (async () => [
  async () => {
    const began = Date.now();
    await runQuiet('node', ['scripts/check-packages.mjs', '--out', packagesFile]);
    console.log(
      `packages (build, pack, publint, attw, consumer): done after ${((Date.now() - began) / 1000).toFixed(0)} s (at ${since()})`,
    );
  },
  ...(await e2eSuites()).map((suite, i) => () => {
    const path = relative(root, suite);
    return jest(` (end-to-end, ${path})`, join(out, `jest-e2e-${i}.json`), [
      '--maxWorkers=1',
      '--selectProjects',
      projectOf(path),
      '--runTestsByPath',
      suite,
    ]);
  }),
])();
/** Runs the queue's items one after another until it is empty (each lane calls this when its own work is done). */
async function drainQueue() {
  const queue = await queued;
  for (let item = queue.shift(); item; item = queue.shift()) await item();
}
let readmeBuilt;
const readmeDone = new Promise((done) => (readmeBuilt = done));
const e2eLane = (async () => {
  await jest(' (end-to-end, README)', join(out, 'jest-e2e-readme.json'), ['--maxWorkers=1', '--testPathPatterns', README_E2E]);
  readmeBuilt();
  await drainQueue();
})();
const unitLane = (async () => {
  await jest(' (unit)', join(out, 'jest-unit.json'), ['--silent', '--maxWorkers=2', ...UNIT_ONLY]);
  // Under Node 22 and 24 the published packages' unit suites, one Node per core at once. Child processes the tests start
  // (`node cli.js`) run on the same Node: its folder comes first on PATH.
  await Promise.all(
    majors.map(async (major) => {
      const node = await nodes.get(major);
      if (!node) return count(false, `Node ${major} could not be installed from the npm registry`);
      const env = { ...process.env, PATH: `${dirname(node)}${delimiter}${process.env.PATH ?? ''}` };
      await jest(` under Node ${major}`, join(out, `jest-node${major}.json`), ['--silent', '--maxWorkers=1', ...PUBLISHED, ...UNIT_ONLY], {
        node,
        env,
      });
    }),
  );
  console.log(`unit lane: done at ${since()}`);
  // The end-to-end suites run what the README suite built.
  await readmeDone;
  await drainQueue();
})();
await Promise.all([e2eLane, unitLane]);

console.log('\n== results');
for (const { file, code, label } of reports) tallyJest(file, code, label);
if (existsSync(packagesFile)) {
  const results = JSON.parse(readFileSync(packagesFile, 'utf8'));
  for (const result of results) count(result.ok, result.name);
  const bad = results.filter((r) => !r.ok).length;
  console.log(`packages: ${results.length - bad} passed, ${bad} failed`);
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

/**
 * The end-to-end suites but the README's, as jest lists them, largest file first (a stand-in for longest: a fresh
 * clone has no timings), so that the last items either lane takes are short ones. If jest cannot list them, or
 * lists none, that counts as a failure (no report would say so).
 */
async function e2eSuites() {
  const listed = await new Promise((resolve) => {
    execFile(
      process.execPath,
      [JEST, '--listTests', '--json', ...E2E_ONLY],
      { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 },
      (error, stdout) => resolve(error ? undefined : stdout),
    );
  });
  let suites;
  try {
    suites = JSON.parse(listed ?? '');
  } catch {
    count(false, 'jest --listTests (the end-to-end suites)');
    return [];
  }
  if (suites.length === 0) count(false, 'jest listed no end-to-end suite');
  return suites
    .map((suite) => [suite, statSync(suite).size])
    .sort((a, b) => b[1] - a[1])
    .map(([suite]) => suite);
}

/** The jest project (the `displayName` in its workspace's jest.config.cjs) a suite belongs to, from its path under the root. */
function projectOf(path) {
  const [group, name] = path.split(sep);
  const dir = ['packages', 'apps', 'examples'].includes(group) ? join(root, group, name) : join(root, group);
  return createRequire(import.meta.url)(join(dir, 'jest.config.cjs')).displayName;
}
