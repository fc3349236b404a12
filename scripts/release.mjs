// `pnpm release`: build, then publish with changesets. Without NPM_TOKEN (or NODE_AUTH_TOKEN)
// this is a dry run that shows what would be published, so it is safe to run anywhere.
import { run } from './run.mjs';
import { pnpmCommand } from './workspace.mjs';

const pnpm = pnpmCommand();
const token = process.env.NPM_TOKEN ?? process.env.NODE_AUTH_TOKEN;
let code = await run(pnpm[0], [...pnpm.slice(1), 'build']);
if (code === 0) {
  if (token) {
    code = await run('npx', ['changeset', 'publish']);
  } else {
    console.log('NPM_TOKEN is not set: dry run (nothing is published).');
    code = await run(pnpm[0], [...pnpm.slice(1), '-r', '--filter', './packages/*', 'publish', '--dry-run', '--no-git-checks']);
  }
}
process.exitCode = code;
