// `pnpm start` — the main job: build everything, run the bot's tour of every documented scenario
// against the embedded simulator (one line per scenario), then build the docs site and say where
// it is. Exits non-zero if any scenario or the docs build fails.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { run, runQuiet } from './run.mjs';
import { pnpmCommand, root } from './workspace.mjs';

const pnpm = pnpmCommand();
console.log('== build');
const buildStarted = Date.now();
if ((await runQuiet(pnpm[0], [...pnpm.slice(1), 'build', '--output-logs=errors-only'])) !== 0) {
  console.error('start: the build failed');
  process.exit(1);
}
console.log(`build: every workspace built in ${((Date.now() - buildStarted) / 1000).toFixed(1)} s`);

console.log('\n== bot tour (embedded simulator)');
const tour = await run('node', [join(root, 'apps/bot/dist/cli.js'), 'tour'], { env: withoutGraph(process.env) });
if (tour !== 0) {
  console.error('start: the tour failed');
  process.exit(tour);
}

if (existsSync(join(root, 'apps/docs/package.json'))) {
  console.log('\n== docs site');
  const out = join(root, 'site');
  const seeds = join(process.env.GRAPH_CALLING_SHARED ?? join(root, '..', 'shared'), 'graph-docs');
  const sources = existsSync(seeds) ? ['--source', seeds] : [];
  const docs = await run(pnpm[0], [...pnpm.slice(1), 'docs:build', '--', ...sources, '--out', out]);
  if (docs !== 0) {
    console.error('start: the docs build failed');
    process.exit(docs);
  }
  console.log(`docs site: ${join(out, 'index.html')}`);
}

/** The tour always uses the embedded simulator, whatever the shell has configured. */
function withoutGraph(env) {
  const copy = { ...env };
  for (const key of Object.keys(copy)) if (key.startsWith('GRAPH_') || key === 'BOT_PUBLIC_URL') delete copy[key];
  return copy;
}
