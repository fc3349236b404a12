/** What a shutdown signal acts on: the bot. */
export interface Stoppable {
  stop(): Promise<unknown>;
  /** Shortens the grace period (a second signal). */
  hurry(): void;
}

/** The signals that stop the bot. */
export const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Stops `target` on SIGINT/SIGTERM, then calls `stopped`. A second signal does not kill the
 * process (Node's default once a `once` handler is spent): it shortens the grace period, so the
 * hang-ups already under way still finish (bounded) and any call left up is logged. Returns the
 * function that removes the handlers.
 */
export function onShutdownSignals(target: Stoppable, stopped: () => void, emitter: NodeJS.EventEmitter = process): () => void {
  let signalled = false;
  const handler = () => {
    if (signalled) {
      target.hurry();
      return;
    }
    signalled = true;
    void target.stop().then(stopped);
  };
  for (const signal of SHUTDOWN_SIGNALS) emitter.on(signal, handler);
  return () => {
    for (const signal of SHUTDOWN_SIGNALS) emitter.off(signal, handler);
  };
}
