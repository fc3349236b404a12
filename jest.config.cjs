// One jest run over every workspace, so `pnpm test` sums them all in one report.
const { existsSync, readdirSync } = require('node:fs');
const path = require('node:path');

const projects = ['packages', 'apps', 'examples'].flatMap((group) => {
  const dir = path.join(__dirname, group);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => path.join(dir, name, 'jest.config.cjs'))
    .filter((config) => existsSync(config));
});
// The bench's own tests (its soak driver, run small; the refusals of `pnpm bench`).
projects.push(path.join(__dirname, 'bench', 'jest.config.cjs'));

/** @type {import('jest').Config} */
module.exports = {
  projects,
  // Most suites start real servers (simulator, receivers, Redis, Chromium) on a 2-core machine: a hook or
  // test that does so gets 30 s, not jest's 5 s (a global option, so it lives here). Time is never what
  // these tests assert.
  testTimeout: 30_000,
};
