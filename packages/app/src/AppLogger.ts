/** Where the app reports what it does (pino and console-like loggers fit). */
export interface AppLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** Reports a failure of the app's background work (a handler, a sweep, a hang-up) with its fields. */
export type ReportError = (error: unknown, fields: Record<string, unknown>, message: string) => void;

/** The app's {@link ReportError}: an error line on `logger`, the error's message as `err`. */
export function errorReporter(logger: AppLogger | undefined): ReportError {
  return (error, fields, message) => logger?.error({ ...fields, err: error instanceof Error ? error.message : String(error) }, message);
}

/** Runs a call's flow (a take-over or incoming-call handler) on its own; its failure is reported, never thrown. */
export function runFlow(flow: () => void | Promise<void>, callId: string, message: string, report: ReportError): void {
  Promise.resolve()
    .then(flow)
    .catch((error: unknown) => report(error, { callId }, message));
}
