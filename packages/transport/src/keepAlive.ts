import type { CallsClient } from './createCallsClient';
import { GraphError } from './GraphError';

/** Options of {@link startKeepAlive}. */
export interface KeepAliveOptions {
  /** How often (default 15 min; Graph ends calls after 45 min without one, so at most 45 min). */
  readonly everyMs?: number;
  /** The call is gone (Graph answered 404): the scheduler has stopped. */
  readonly onEnded?: (callId: string, error: GraphError) => void;
  /** Any other failure; the scheduler keeps going. */
  readonly onError?: (error: unknown, context: { readonly callId: string }) => void;
}

/** A running keep-alive; `close()` ends it. */
export interface KeepAlive {
  /** Stops sending keep-alives (a request under way is not awaited); a second call resolves too. */
  close(): Promise<void>;
  /** @deprecated Use {@link KeepAlive.close}. */
  stop(): void;
  readonly stopped: boolean;
}

const MAX_INTERVAL = 45 * 60_000;

/**
 * Keeps a call alive: `POST …/keepAlive` every `everyMs`. Stops by itself when Graph says the call
 * no longer exists (404), reporting it as ended.
 */
export function startKeepAlive(client: CallsClient, callId: string, options: KeepAliveOptions = {}): KeepAlive {
  const every = options.everyMs ?? 15 * 60_000;
  if (!(every > 0) || every > MAX_INTERVAL) throw new RangeError(`keep-alive interval must be between 0 and 45 minutes, found ${every} ms`);
  let stopped = false;
  let running = false;
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = true;
    client.calls
      .keepAlive(callId)
      .catch((error: unknown) => {
        if (error instanceof GraphError && error.status === 404) {
          stop();
          options.onEnded?.(callId, error);
        } else {
          options.onError?.(error, { callId });
        }
      })
      .finally(() => {
        running = false;
      });
  }, every);
  timer.unref();
  function stop() {
    stopped = true;
    clearInterval(timer);
  }
  return {
    close: () => {
      stop();
      return Promise.resolve();
    },
    stop,
    get stopped() {
      return stopped;
    },
  };
}
