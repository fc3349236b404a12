// `pnpm start` — the main job. Until the sample bot lands (apps/bot), it builds the packages,
// reads every documented example of the seed pages with the built doc-examples package, decodes
// each request, response and notification with the built models package, and prints one line
// per page and a total. It becomes the bot tour when apps/bot exists.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { run } from './run.mjs';
import { pnpmCommand, root } from './workspace.mjs';

const pnpm = pnpmCommand();
if ((await run(pnpm[0], [...pnpm.slice(1), 'build'])) !== 0) {
  console.error('build failed');
  process.exit(1);
}

const require = createRequire(join(root, 'packages/doc-examples/package.json'));
const { parseDocPage } = require('@graph-calling/doc-examples');
const models = createRequire(join(root, 'packages/models/package.json'))('@graph-calling/models');
const codecFor = { request: models.CallRequest, response: models.Call, notification: models.CommsNotifications };
const docs = resolve(process.env.GRAPH_CALLING_SHARED ?? join(root, '..', 'shared'), 'graph-docs');
if (!existsSync(docs)) {
  console.error(`expected the seed pages in ${docs}, found nothing (set GRAPH_CALLING_SHARED)`);
  process.exit(1);
}
let blocks = 0;
let json = 0;
let tolerated = 0;
const decoded = { valid: 0, 'valid-with-warnings': 0, invalid: 0 };
for (const file of readdirSync(docs).filter((f) => f.endsWith('.md')).sort()) {
  const page = parseDocPage(readFileSync(join(docs, file), 'utf8'), { source: file });
  const bodies = page.blocks.filter((b) => b.json !== undefined);
  const loose = bodies.filter((b) => !b.json.strict);
  for (const b of bodies) {
    const codec = codecFor[b.kind];
    if (codec === undefined) continue;
    const result = models.decode(codec, b.json.value);
    decoded[!result.ok ? 'invalid' : result.warnings.length > 0 ? 'valid-with-warnings' : 'valid'] += 1;
  }
  const kinds = {};
  for (const b of page.blocks) kinds[b.kind] = (kinds[b.kind] ?? 0) + 1;
  console.log(
    `${file}: ${page.blocks.length} blocks, ${bodies.length} JSON bodies (${loose.length} not strict JSON) — ` +
      Object.entries(kinds).map(([k, n]) => `${n} ${k}`).join(', '),
  );
  blocks += page.blocks.length;
  json += bodies.length;
  tolerated += loose.length;
}
console.log(`total: ${blocks} blocks, ${json} JSON bodies, ${tolerated} read tolerantly`);
console.log(
  `models: ${decoded.valid} payloads valid, ${decoded['valid-with-warnings']} valid with warnings, ${decoded.invalid} invalid`,
);
process.exitCode = decoded.invalid === 0 ? 0 : 1;
