// `pnpm test`: typecheck every workspace, lint, run every jest test, check every packed
// package, and end with the one line CI reads: `N passed, N failed`.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
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
const lint = await run(bin('eslint'), ['.']);
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

console.log('\n== jest');
const jestFile = join(out, 'jest.json');
const jestCode = await run(bin('jest'), ['--ci', '--json', `--outputFile=${jestFile}`]);
if (existsSync(jestFile)) {
  const report = JSON.parse(readFileSync(jestFile, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // A suite that cannot even load runs no test: count it as a failure, not as nothing.
  for (let i = 0; i < report.numRuntimeErrorTestSuites; i += 1) count(false, 'a jest suite failed to run');
  if (report.numTotalTests === 0) count(false, 'jest ran no test');
} else {
  count(false, `jest exited ${jestCode} without a report`);
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
