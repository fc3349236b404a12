import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FastifyInstance } from 'fastify';
import { ListenError } from '../listen';
import { serveAdminSource, type AdminWorkerData, type ServedRequest, type ToAdmin, type ToBot } from './adminChannel';
import type { AdminConfig } from './adminConfig';
import { DEFAULT_ADMIN_PORT } from './adminConfig';
import { adminRoutes, type AdminSource } from './adminRoutes';

/** Where the admin routes ended up: their own listener in the admin worker (its URL), the public one (token), or nowhere. */
export type AdminPlace = (
  | { readonly mode: 'listener'; readonly url: string; readonly token: boolean; readonly worker: Worker }
  | { readonly mode: 'public' }
  | { readonly mode: 'off' }
) & {
  /** Stops feeding the admin routes, ends live consoles, closes the admin listener (and its worker). */
  readonly close: () => Promise<void>;
};

/** Options of {@link startAdmin}. */
export interface StartAdminOptions {
  /** This instance's id as the routes show it. */
  readonly instanceId: string;
  /** Told of the requests the admin worker answered (the bot's HTTP server spans), when given. */
  readonly onServed?: (requests: readonly ServedRequest[], dropped: number) => void;
  /** Told when the admin worker fails after it started (the admin listener is gone). */
  readonly onFailure?: (error: Error) => void;
  /** A read of the bot's thread unanswered this long is answered 503 `no-answer` (default 10 s). */
  readonly timeoutMs?: number;
}

const NOTHING = () => Promise.resolve();

/** How long closing waits for the worker to close its listener and end before it is terminated. */
const CLOSE_MS = 5_000;

/**
 * Registers the admin routes on the public server when the configuration says `public` (token
 * required). Call before the public server listens.
 */
export async function mountPublicAdmin(server: FastifyInstance, config: AdminConfig | undefined, source: AdminSource): Promise<void> {
  if (config?.mode !== 'public') return;
  await server.register(adminRoutes, { source, guard: { token: config.token } });
}

/**
 * Starts the admin listener when the configuration asks for one (the default: loopback, port 3979,
 * or any free port when the callback port is 0), in a worker thread (adminWorker.ts) so that its
 * HTTP work never runs on the event loop of Graph's callbacks: the worker serves the same
 * `adminRoutes`, reading `source` through questions to this thread (adminChannel.ts). Its `Host`
 * check accepts loopback names, the bound address and BOT_ADMIN_HOSTS.
 */
export async function startAdmin(
  config: AdminConfig | undefined,
  callbackPort: number,
  source: AdminSource,
  options: StartAdminOptions,
): Promise<AdminPlace> {
  const admin = config ?? { mode: 'listener', host: '127.0.0.1', allowedHosts: [] };
  if (admin.mode === 'off') return { mode: 'off', close: NOTHING };
  const unfeed = source.start?.() ?? (() => undefined);
  if (admin.mode === 'public') return { mode: 'public', close: () => Promise.resolve(unfeed()) };
  const port = admin.port ?? (callbackPort === 0 ? 0 : DEFAULT_ADMIN_PORT);
  const worker = startAdminWorker(workerData(admin, port, source, options));
  const unserve = serveAdminSource(channelTo(worker), source);
  const life = { started: false, closing: false };
  const exited = once(worker, 'exit');
  try {
    const url = await workerListening(worker, life, { host: admin.host, port }, options);
    return {
      mode: 'listener',
      url,
      token: admin.token !== undefined,
      worker,
      async close() {
        if (life.closing) return exited.then(NOTHING);
        life.closing = true;
        unfeed();
        worker.postMessage({ type: 'close' } satisfies ToAdmin);
        const timer = setTimeout(() => {
          worker.terminate().catch(NOTHING);
        }, CLOSE_MS);
        await exited;
        clearTimeout(timer);
        unserve();
      },
    };
  } catch (error) {
    life.closing = true;
    unfeed();
    unserve();
    await worker.terminate();
    throw error;
  }
}

/** What the admin worker is started with: where to listen, the token, and what the bot's thread offers. */
function workerData(
  admin: Extract<AdminConfig, { mode: 'listener' }>,
  port: number,
  source: AdminSource,
  options: StartAdminOptions,
): AdminWorkerData {
  return {
    listener: { host: admin.host, port, allowedHosts: admin.allowedHosts, ...(admin.token !== undefined ? { token: admin.token } : {}) },
    instanceId: options.instanceId,
    metrics: source.metrics !== undefined,
    spans: options.onServed !== undefined,
    timeoutMs: options.timeoutMs ?? 10_000,
  };
}

/** The worker as the channel the admin source answers on. */
function channelTo(worker: Worker): Parameters<typeof serveAdminSource>[0] {
  return {
    post: (message) => worker.postMessage(message),
    listen(listener) {
      worker.on('message', listener);
      return () => worker.off('message', listener);
    },
  };
}

/**
 * Resolves with the admin listener's URL once the worker listens; rejects when it fails to
 * (a {@link ListenError} for an address problem) or ends first. Later failures and served
 * requests go to `options`.
 */
function workerListening(
  worker: Worker,
  life: { started: boolean; readonly closing: boolean },
  address: { readonly host: string; readonly port: number },
  options: StartAdminOptions,
): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    worker.on('message', (message: ToBot) => {
      if (message.type === 'listening') {
        life.started = true;
        resolve(message.url);
      } else if (message.type === 'failed') {
        const code = message.listenCode;
        reject(
          code !== undefined
            ? new ListenError(code, address.host, address.port, { cause: new Error(message.message) }, 'admin')
            : new Error(message.message),
        );
      } else if (message.type === 'served') options.onServed?.(message.requests, message.dropped);
    });
    worker.on('error', (error) => (life.started ? options.onFailure?.(error) : reject(error)));
    worker.on('exit', (code) => {
      if (!life.started) reject(new Error(`the admin worker ended (exit code ${code}) before it listened`));
      else if (!life.closing) options.onFailure?.(new Error(`the admin worker ended (exit code ${code}); the admin listener is gone`));
    });
  });
}

/**
 * Starts the admin worker: `dist/admin/adminWorker.js` beside the bundle this code runs from, or,
 * when the bot runs from its sources (tsx, jest), `src/admin/adminWorker.ts` through tsx's loader
 * (Node does not apply a parent's `--import` loaders to a worker's entry).
 */
function startAdminWorker(workerData: AdminWorkerData): Worker {
  const here = thisFile();
  const options = { workerData, name: 'graph-calling admin' };
  if (!here.endsWith('.ts')) {
    const file = join(dirname(here), 'admin', 'adminWorker.js');
    if (!existsSync(file)) throw new Error(`admin worker: expected its entry at ${file}, found nothing (build the bot again)`);
    return new Worker(file, options);
  }
  const entry = pathToFileURL(join(dirname(here), 'adminWorker.ts')).href;
  // tsx's ES module API (its CommonJS twin cannot register from a worker's eval'd script).
  let api: string;
  try {
    api = createRequire(here)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs');
  } catch (error) {
    throw new Error('admin worker: the bot runs from its TypeScript sources, whose worker needs tsx: expected it installed, found none', {
      cause: error,
    });
  }
  if (!existsSync(api)) throw new Error(`admin worker: expected tsx's ES module API at ${api}, found nothing`);
  const tsx = pathToFileURL(api).href;
  const tsconfig = process.env['TSX_TSCONFIG_PATH'];
  const register = tsconfig === undefined ? '' : JSON.stringify({ tsconfig });
  return new Worker(
    `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(${register}); return import(${JSON.stringify(entry)}); })`,
    {
      ...options,
      eval: true,
    },
  );
}

/**
 * The file this code was loaded from, the same whether it runs as ES module, CommonJS, bundled or
 * through a TypeScript loader (neither `import.meta` nor `__filename` exists in all of them): the
 * file name V8 reports for this very frame.
 */
function thisFile(): string {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- put back as it was, never called here
  const original = Error.prepareStackTrace;
  let frames: NodeJS.CallSite[] = [];
  try {
    Error.prepareStackTrace = (_error, stack) => {
      frames = stack;
      return '';
    };
    const holder: { stack?: string } = {};
    Error.captureStackTrace(holder, thisFile);
    // V8 prepares the stack when it is first read: read it while the frames are being kept.
    void holder.stack;
  } finally {
    Error.prepareStackTrace = original;
  }
  const file = frames[0]?.getFileName();
  if (file === undefined || file === null) throw new Error('admin worker: expected a file name for this module in the stack, found none');
  return file.startsWith('file:') ? fileURLToPath(file) : file;
}
