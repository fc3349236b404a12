/**
 * The admin worker's entry (a `worker_threads` Worker started by adminServer.ts): it runs the admin
 * listener — the same `adminRoutes` as anywhere — off the bot's event loop. Every read is a
 * question to the bot's thread over the parent port (adminChannel.ts), shared between identical
 * requests, so HTTP parsing, the guard, serialisation and the console's streams never delay a
 * callback. On Linux it lowers its own thread's priority: with few cores, the callbacks come first.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import { ListenError } from '../listen';
import { AdminWorkerData, remoteAdminSource, type ServedRequest, type ToAdmin, type ToBot } from './adminChannel';
import { startAdminListener } from './adminListener';

/** Requests reported for spans per second at most (the rest are counted as dropped). */
const SPANS_PER_SECOND = 100;

async function run(port: MessagePort, data: AdminWorkerData): Promise<void> {
  if (process.platform === 'linux') {
    // On Linux a nice value is per thread, and pid 0 is the calling thread: this one, not the bot's.
    try {
      setPriority(0, 10);
    } catch {
      // Not allowed here (a container without the capability): the thread keeps its priority.
    }
  }
  const source = remoteAdminSource(
    {
      post: (message) => port.postMessage(message),
      listen(listener) {
        port.on('message', listener);
        return () => port.off('message', listener);
      },
    },
    data,
  );
  let served: ServedRequest[] = [];
  let dropped = 0;
  const flush = () => {
    if (served.length === 0 && dropped === 0) return;
    port.postMessage({ type: 'served', requests: served, dropped } satisfies ToBot);
    served = [];
    dropped = 0;
  };
  const flusher = setInterval(flush, 1000);
  flusher.unref();
  const onServed = (request: ServedRequest) => (served.length < SPANS_PER_SECOND ? served.push(request) : (dropped += 1));
  try {
    const { server, url } = await startAdminListener(data.listener, source, data.spans ? onServed : undefined);
    port.on('message', (message: ToAdmin) => {
      if (message.type !== 'close') return;
      source.close();
      const end = () => {
        clearInterval(flusher);
        flush();
        port.close();
      };
      server.close().then(end, end);
    });
    port.postMessage({ type: 'listening', url } satisfies ToBot);
  } catch (error) {
    clearInterval(flusher);
    port.postMessage({
      type: 'failed',
      ...(error instanceof ListenError ? { listenCode: error.code } : {}),
      message: error instanceof Error ? error.message : String(error),
    } satisfies ToBot);
    port.close();
  }
}

if (parentPort === null)
  throw new Error('adminWorker: expected to run in a worker thread (adminServer.ts starts it), found the main thread');
// io-ts itself, not @graph-calling/models: the worker loads as little as it can (it starts with every bot).
const data = AdminWorkerData.decode(workerData);
if (data._tag === 'Left')
  throw new Error(`adminWorker: expected the workerData of adminServer.ts, found: ${PathReporter.report(data).join('; ')}`);
// Anything else that fails is the worker's error: the bot's thread hears of it (`error`).
run(parentPort, data.right).catch((error: unknown) =>
  setImmediate(() => {
    throw error;
  }),
);
