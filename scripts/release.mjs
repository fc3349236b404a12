// `pnpm release`: the whole test suite (typecheck, lint, jest, package checks), then publish every
// publishable package whose version is not on the registry yet. With NPM_TOKEN (or NODE_AUTH_TOKEN)
// it publishes with provenance and tags the release; without one it takes the very same path with
// `--dry-run`, so what the dry run shows is what a real run would do. `--skip-tests` is for a
// maintainer who has just run them.
import { parseArgs } from 'node:util';
import { run } from './run.mjs';
import { pnpmCommand } from './workspace.mjs';

const { values } = parseArgs({ options: { 'skip-tests': { type: 'boolean' } } });
const pnpm = pnpmCommand();
const token = process.env.NPM_TOKEN ?? process.env.NODE_AUTH_TOKEN;
const pnpmRun = (args) => run(pnpm[0], [...pnpm.slice(1), ...args]);

if (!values['skip-tests']) {
  console.log('== release: running the tests and package checks first');
  if ((await pnpmRun(['test'])) !== 0) {
    console.error('release: the tests failed; nothing was published');
    process.exit(1);
  }
} else if ((await pnpmRun(['build'])) !== 0) {
  process.exit(1);
}

const publish = ['-r', '--filter', './packages/*', 'publish', '--access', 'public', '--no-git-checks'];
if (token) {
  // Provenance needs a CI identity (GitHub Actions OIDC); elsewhere npm refuses it, so say so plainly.
  publish.push('--provenance');
} else {
  console.log('NPM_TOKEN is not set: dry run (nothing is published).');
  publish.push('--dry-run');
}
let code = await pnpmRun(publish);
if (code === 0 && token) code = await pnpmRun(['exec', 'changeset', 'tag']);
process.exitCode = code;
