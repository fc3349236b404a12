// `pnpm docs:build -- --source DIR … --out DIR` is the docs site generator of apps/docs.
// Until that app exists this says so and fails, rather than pretending to build a site.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './run.mjs';
import { pnpmCommand, root } from './workspace.mjs';

if (!existsSync(join(root, 'apps/docs/package.json'))) {
  console.error('docs:build: apps/docs is not built yet (see the docs-site issue); nothing was generated.');
  process.exit(1);
}
const pnpm = pnpmCommand();
process.exitCode = await run(pnpm[0], [...pnpm.slice(1), '--filter', '@graph-calling/docs', 'run', 'build', ...process.argv.slice(2).filter((a) => a !== '--')]);
