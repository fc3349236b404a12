// Installs the packed tarballs the way a stranger would: into a new npm project outside the
// workspace, without fastify (an optional peer), then compiles a consumer importing every library with `skipLibCheck: false`
// under `moduleResolution` node16 and bundler and runs it as ESM and as CommonJS. It also checks each
// tarball's file list. Usage: node scripts/check-consumer.mjs --packs DIR [--out FILE]
// (DIR holds the .tgz files `pnpm pack` wrote; scripts/check-packages.mjs passes it).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { run } from './run.mjs';
import { workspaces } from './workspace.mjs';

const { values } = parseArgs({ options: { packs: { type: 'string' }, out: { type: 'string' } } });
if (!values.packs) {
  console.error('usage: node scripts/check-consumer.mjs --packs DIR [--out FILE]');
  process.exit(2);
}
const results = [];
const record = (name, ok, detail) => {
  results.push({ name, ok });
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${ok || !detail ? '' : `: ${detail}`}`);
};

const publishable = workspaces().filter((w) => !w.private);
const tarballs = new Map();
for (const pkg of publishable) {
  const prefix = `${pkg.name.replace('@', '').replace('/', '-')}-${pkg.manifest.version}.tgz`;
  const file = readdirSync(values.packs).find((f) => f === prefix);
  if (file) tarballs.set(pkg.name, join(values.packs, file));
  else record(`${pkg.name} tarball exists`, false, `no ${prefix} in ${values.packs}`);
}

// What each tarball carries: README, LICENSE, the builds with their declarations, and nothing
// that points at files it does not have (tests, sources, source maps).
for (const [name, tarball] of tarballs) {
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''));
  const missing = ['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts'].filter(
    (f) => !files.includes(f),
  );
  const stray = files.filter((f) => /(^|\/)(src|test)\//.test(f) || /\.test\.|\.map$/.test(f));
  record(
    `${name} tarball files`,
    missing.length === 0 && stray.length === 0,
    [missing.length ? `missing ${missing.join(', ')}` : '', stray.length ? `should not ship ${stray.slice(0, 5).join(', ')}` : '']
      .filter(Boolean)
      .join('; '),
  );
}

const consumer = `
import { Call, decode, GraphCallingError, isGraphCallingError } from '@graph-calling/models';
import { parseDocPage } from '@graph-calling/doc-examples';
import { peerToPeerCall, requiredPermissions, serviceHosted, user } from '@graph-calling/builders';
import { createCallbackReceiver, createTokenVerifier, MemoryCallStore } from '@graph-calling/notifications';
import { createCallsClient, staticToken, GraphError } from '@graph-calling/transport';
import { CallEndedError, createCallingApp, type Call as AppCall } from '@graph-calling/app';
import { RedisCallLeases, RedisCallStore, RedisStoreError } from '@graph-calling/store-redis';

const decoded = decode(Call, { id: 'x', state: 'established' });
if (!decoded.ok) throw new Error('decode failed');
const state: string | undefined = decoded.value.state ?? undefined;
const request = peerToPeerCall({
  callbackUri: 'https://bot.contoso.com/callback',
  to: user('112f7296-5fa4-42ca-bae8-6a692b15d4b8', 'John'),
  media: serviceHosted(),
});
const page = parseDocPage('\\u0060\\u0060\\u0060json\\n{ "a": 1, }\\n\\u0060\\u0060\\u0060\\n', { source: 'x.md' });
const receiver = createCallbackReceiver({ verifier: createTokenVerifier({ appIds: 'app' }), store: new MemoryCallStore() });
const client = createCallsClient({ baseUrl: 'https://127.0.0.1:1/v1.0', auth: staticToken('t') });
const isError: boolean = new Error() instanceof GraphError;
const ended: AppCall['id'] = new CallEndedError('call', 'state established', undefined).callId;
// The Redis store's types (ioredis' among them) compile for a strict consumer; no Redis is needed to name them.
const redisStore: string = typeof RedisCallStore + typeof RedisCallLeases;
const storeError = new RedisStoreError('unavailable', 'expected Redis to answer, found nothing');
const oneBase: boolean = storeError instanceof GraphCallingError && isGraphCallingError(storeError) && storeError.code === 'unavailable';
if (!oneBase) throw new Error('RedisStoreError is not a GraphCallingError for this consumer');
console.log(JSON.stringify({
  state,
  anyOf: requiredPermissions(request).anyOf,
  blocks: page.blocks.length,
  on: typeof receiver.on,
  base: typeof client.baseUrl,
  isError,
  app: typeof createCallingApp,
  ended,
  redisStore,
  oneBase,
}));
`;

const project = mkdtempSync(join(tmpdir(), 'graph-calling-consumer-'));
try {
  // The simulator is a dev tool with fastify as a real dependency: it is installed last, after the
  // libraries have been shown to compile and run without fastify.
  const all = Object.fromEntries([...tarballs].map(([name, file]) => [name, `file:${file}`]));
  const deps = Object.fromEntries(Object.entries(all).filter(([name]) => name !== '@graph-calling/simulator'));
  writeFileSync(
    join(project, 'package.json'),
    // overrides: the packages' own `^x.y.z` ranges on each other resolve to these tarballs, not the registry.
    JSON.stringify({ name: 'consumer', private: true, dependencies: deps, overrides: all }, null, 2),
  );
  const quiet = { cwd: project, stdio: ['ignore', 'ignore', 'inherit'] };
  const installed =
    (await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', 'typescript@5.9.3', '@types/node@20'], quiet)) === 0;
  record('tarballs install into a new npm project', installed);
  if (installed) {
    const fastifyAbsent = !readdirSync(join(project, 'node_modules')).includes('fastify');
    record('fastify is not installed by the root entries', fastifyAbsent);
    const variants = [
      { name: 'node16 ESM', type: 'module', compilerOptions: { module: 'node16', moduleResolution: 'node16' }, run: true },
      { name: 'node16 CommonJS', type: 'commonjs', compilerOptions: { module: 'node16', moduleResolution: 'node16' }, run: true },
      { name: 'bundler', type: 'module', compilerOptions: { module: 'esnext', moduleResolution: 'bundler', noEmit: true }, run: false },
    ];
    // The variants compile (and run) side by side; their results keep the variants' order.
    const outcomes = await Promise.all(
      variants.map(async (variant) => {
        const checks = [];
        const dir = join(project, variant.name.replace(/\W+/g, '-'));
        mkdirSync(dir);
        writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: variant.type }));
        writeFileSync(join(dir, 'consumer.ts'), consumer);
        writeFileSync(
          join(dir, 'tsconfig.json'),
          JSON.stringify({
            compilerOptions: {
              target: 'es2022',
              strict: true,
              skipLibCheck: false,
              types: ['node'],
              outDir: 'out',
              ...variant.compilerOptions,
            },
            files: ['consumer.ts'],
          }),
        );
        const compiled = (await run(join(project, 'node_modules/.bin/tsc'), ['-p', dir], { cwd: dir })) === 0;
        checks.push([`consumer compiles (${variant.name}, skipLibCheck false)`, compiled]);
        if (variant.run && compiled) {
          writeFileSync(join(dir, 'out', 'package.json'), JSON.stringify({ type: variant.type }));
          checks.push([`consumer runs (${variant.name})`, (await run('node', [join(dir, 'out', 'consumer.js')], { cwd: dir })) === 0]);
        }
        return checks;
      }),
    );
    for (const [name, ok] of outcomes.flat()) record(name, ok);
    const simulator = all['@graph-calling/simulator'];
    if (simulator) {
      const manifest = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'));
      manifest.dependencies['@graph-calling/simulator'] = simulator;
      writeFileSync(join(project, 'package.json'), JSON.stringify(manifest, null, 2));
      const added = (await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], quiet)) === 0;
      record('the simulator tarball installs', added);
      const start = `const sim = await SIM.createSimulator(); const ok = sim.url.startsWith('http'); await sim.close(); if (!ok) process.exit(1);`;
      const esm = `import * as SIM from '@graph-calling/simulator'; ${start}`;
      const cjs = `const SIM = require('@graph-calling/simulator'); (async () => { ${start} })().catch((e) => { console.error(e); process.exit(1); });`;
      record('the simulator starts (ESM)', added && (await run('node', ['--input-type=module', '-e', esm], { cwd: project })) === 0);
      record('the simulator starts (CommonJS)', added && (await run('node', ['-e', cjs], { cwd: project })) === 0);
      // Its types too, strict, with fastify's (a real dependency of the simulator) in the program.
      const dir = join(project, 'simulator-node16');
      mkdirSync(dir);
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
      writeFileSync(
        join(dir, 'consumer.ts'),
        `import { createSimulator, type Simulator } from '@graph-calling/simulator';\nconst sim: Simulator = await createSimulator();\nawait sim.close();\n`,
      );
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            target: 'es2022',
            module: 'node16',
            moduleResolution: 'node16',
            strict: true,
            skipLibCheck: false,
            types: ['node'],
            noEmit: true,
          },
          files: ['consumer.ts'],
        }),
      );
      record(
        'simulator consumer compiles (node16 ESM, skipLibCheck false)',
        added && (await run(join(project, 'node_modules/.bin/tsc'), ['-p', dir], { cwd: dir })) === 0,
      );
    }
  }
} finally {
  rmSync(project, { recursive: true, force: true });
}

if (values.out) writeFileSync(values.out, JSON.stringify(results, null, 2));
const failed = results.filter((r) => !r.ok).length;
console.log(`consumer: ${results.length - failed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
