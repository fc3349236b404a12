import { existsSync, readFileSync, statSync, watch } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildSite, type BuildResult, type Source } from './buildSite';
import { errorMessage } from '@graph-calling/models';

const usage = `docs build [--source DIR]… [--out DIR] [--no-own-docs]
docs dev [--source DIR]… [--out DIR] [--no-own-docs] [--port 4321]   (out defaults to site-dev/, never the site/ that pnpm start builds)`;

/** The repository root: the folder holding pnpm-workspace.yaml, upwards from here. */
export function findRepoRoot(from = process.cwd()): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = resolve(dir, '..');
    if (parent === dir) throw new Error('docs: run inside the graph-calling repository (no pnpm-workspace.yaml found)');
    dir = parent;
  }
}

function sourcesFrom(root: string, extra: readonly string[], ownDocs: boolean): Source[] {
  return [
    ...(ownDocs ? [{ dir: join(root, 'docs'), label: 'docs', strict: true }] : []),
    ...extra.map((dir) => ({ dir: resolve(dir), strict: false })),
  ];
}

function report(result: BuildResult): void {
  const count = (s: string) => result.examples.filter((e) => e.status === s).length;
  const includes = result.unresolvedIncludes.length;
  console.log(
    `docs: ${result.pages.length} pages, ${includes} include${includes === 1 ? '' : 's'} not in the tree, ${result.examples.length} fenced blocks (${count('valid')} valid, ${count('valid-with-warnings')} with warnings, ${count('invalid')} invalid, ${count('not-validated')} not validated, ${count('template')} templates, ${count('not-json')} not JSON) → ${join(result.out, 'index.html')}`,
  );
  for (const failure of result.failures) console.error(`docs: ${failure}`);
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.png': 'image/png',
};
const RELOAD = '<script>new EventSource("/__reload").onmessage = () => location.reload();</script>';

/**
 * Builds from the same sources as `build` into its own folder, serves it, and rebuilds and reloads
 * open pages when any source changes.
 */
async function dev(root: string, port: number, sources: readonly Source[], out: string): Promise<void> {
  const build = () => {
    const result = buildSite({ sources, out, repoRoot: root });
    report(result);
  };
  build();
  const clients = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    const path = decodeURIComponent((request.url ?? '/').split('?')[0] ?? '/');
    if (path === '/__reload') {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      clients.add(response);
      request.on('close', () => clients.delete(response));
      return;
    }
    const file = normalize(join(out, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(out) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const body = readFileSync(file);
    response.writeHead(200, { 'content-type': type });
    response.end(type.startsWith('text/html') ? body.toString('utf8').replace('</body>', `${RELOAD}</body>`) : body);
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const bound = (server.address() as AddressInfo).port;
  console.log(`docs dev: http://127.0.0.1:${bound}/ (site in ${out}; rebuilds when a source changes)`);
  let timer: NodeJS.Timeout | undefined;
  for (const source of sources.filter((s) => existsSync(s.dir))) {
    watch(source.dir, { recursive: true }, () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        build();
        for (const client of clients) client.write('data: reload\n\n');
      }, 100);
    });
  }
}

/** What the command line asks for: `build` and `dev` read the same sources; `dev` writes to its own folder. */
export interface DocsCommand {
  readonly command: 'build' | 'dev';
  readonly sources: readonly Source[];
  readonly out: string;
  readonly port: number;
}

/** Reads the arguments of `docs build` / `docs dev`; a usage error is a message, not an exception. */
export function parseCommand(argv: readonly string[], root: string): DocsCommand | { readonly error: string } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv].filter((a) => a !== '--'),
      allowPositionals: true,
      options: {
        source: { type: 'string', multiple: true },
        out: { type: 'string' },
        'no-own-docs': { type: 'boolean' },
        port: { type: 'string' },
      },
    });
  } catch (error) {
    return { error: `${errorMessage(error)}\n${usage}` };
  }
  const [command = 'build'] = parsed.positionals;
  if (command !== 'build' && command !== 'dev') return { error: usage };
  const port = Number(parsed.values.port ?? 4321);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return { error: `expected --port to be 0-65535, found ${parsed.values.port}\n${usage}` };
  return {
    command,
    sources: sourcesFrom(root, parsed.values.source ?? [], !parsed.values['no-own-docs']),
    // dev never writes where build (and so `pnpm start`) does, unless told to.
    out: resolve(parsed.values.out ?? join(root, command === 'dev' ? 'site-dev' : 'site')),
    port,
  };
}

/** Runs `docs build` (returns the exit code) or `docs dev` (serves until stopped; returns -1). */
export async function main(argv: readonly string[]): Promise<number> {
  const root = findRepoRoot();
  const parsed = parseCommand(argv, root);
  if ('error' in parsed) {
    console.error(parsed.error);
    return 2;
  }
  if (parsed.command === 'dev') {
    await dev(root, parsed.port, parsed.sources, parsed.out);
    return -1;
  }
  const result = buildSite({ sources: parsed.sources, out: parsed.out, repoRoot: root });
  report(result);
  return result.failures.length === 0 ? 0 : 1;
}

if (process.argv[1] && /cli\.(js|ts)$/.test(process.argv[1])) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code >= 0) process.exit(code);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
