/** What a shutdown signal acts on: an app (or anything that closes and can be hurried). */
export interface Closable {
  close(): Promise<unknown>;
  hurry(): void;
}

/** The signals that stop an app. */
export const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Options of {@link handleSignals}. */
export interface HandleSignalsOptions {
  /** Called once the app has closed (default: `process.exit(0)`, or 1 when closing failed or left calls up). */
  readonly onClosed?: (error: unknown) => void;
  /** Where the signals come from (default `process`). */
  readonly emitter?: NodeJS.EventEmitter;
}

/**
 * Closes `app` on SIGTERM/SIGINT. A second signal does not kill the process: it hurries the close
 * (the hang-ups under way still get a short while, and calls left up are logged). Returns the
 * function that removes the handlers.
 */
export function handleSignals(app: Closable, options: HandleSignalsOptions = {}): () => void {
  const emitter = options.emitter ?? process;
  const onClosed = options.onClosed ?? ((error: unknown) => process.exit(error === undefined ? 0 : 1));
  let signalled = false;
  const handler = () => {
    if (signalled) {
      app.hurry();
      return;
    }
    signalled = true;
    app.close().then(
      (report) => {
        // A close that left calls up in Graph (each already logged) did not do its job: a non-zero exit says so.
        const leftUp = (report as { leftUp?: unknown } | null | undefined)?.leftUp;
        onClosed(Array.isArray(leftUp) && leftUp.length > 0 ? new Error(`${leftUp.length} call(s) left up on close`) : undefined);
      },
      (error: unknown) => onClosed(error),
    );
  };
  for (const signal of SHUTDOWN_SIGNALS) emitter.on(signal, handler);
  return () => {
    for (const signal of SHUTDOWN_SIGNALS) emitter.off(signal, handler);
  };
}
