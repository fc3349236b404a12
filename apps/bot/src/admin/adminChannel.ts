import * as t from 'io-ts';
import type { CallStatus } from '../callStatus';
import type { ListenErrorCode } from '../listen';
import type { AdminSource, MetricsText } from './adminRoutes';
import { CursorError } from './CursorError';
import { CallTimelines, type TimelineEntry } from './CallTimeline';
import type { StatusPage, StatusQuery } from './statusQuery';

/**
 * The admin worker and the bot's thread talk over one message port: the worker asks (a question
 * with an id), the bot's thread answers (the same id, a value or an error), and the bot's thread
 * posts each new console timeline entry. Everything crossing is plain data.
 */

/** What the admin worker asks the bot's thread: one {@link AdminSource} read each. */
export type AdminQuestion =
  | { readonly kind: 'health' }
  | { readonly kind: 'statusPage'; readonly query: StatusQuery }
  | { readonly kind: 'callStatus'; readonly callId: string }
  | { readonly kind: 'metrics' };

/** One end of the channel (over the worker's `parentPort`, or the `Worker` on the bot's side): it hears `In`, posts `Out`. */
export interface AdminPort<In, Out> {
  post(message: Out): void;
  /** Hears every message from the other end; returns what stops hearing. */
  listen(listener: (message: In) => void): () => void;
}

/** What each question is answered with. */
export interface AdminAnswers {
  readonly health: Record<string, unknown>;
  readonly statusPage: StatusPage;
  readonly callStatus: CallStatus | undefined;
  readonly metrics: MetricsText | undefined;
}

/** An error crossing the port: the admin routes answer it as `{ error: { code, message } }` with its status. */
export interface WireError {
  readonly code: string;
  readonly status: 400 | 503;
  readonly message: string;
}

/** Messages from the admin worker to the bot's thread. */
export type ToBot =
  | { readonly type: 'ask'; readonly id: number; readonly question: AdminQuestion }
  | { readonly type: 'listening'; readonly url: string }
  | { readonly type: 'failed'; readonly listenCode?: ListenErrorCode; readonly message: string }
  | { readonly type: 'served'; readonly requests: readonly ServedRequest[]; readonly dropped: number };

/** Messages from the bot's thread to the admin worker. */
export type ToAdmin =
  | { readonly type: 'answer'; readonly id: number; readonly value: AdminAnswers[keyof AdminAnswers] }
  | { readonly type: 'refused'; readonly id: number; readonly error: WireError }
  | { readonly type: 'entry'; readonly callId: string; readonly entry: TimelineEntry }
  | { readonly type: 'close' };

/** One request the admin worker answered, for the bot's HTTP server spans. */
export interface ServedRequest {
  readonly method: string;
  readonly route: string;
  readonly status: number;
  /** ms since the epoch. */
  readonly start: number;
  readonly end: number;
}

/**
 * A read of the bot's thread that failed, as the admin worker sees it: `bad-cursor` (400), the
 * store not answering (`unavailable`), no answer in time (`no-answer`), or the bot closing (`closed`).
 */
export class AdminAnswerError extends Error {
  override readonly name = 'AdminAnswerError';

  constructor(
    readonly code: string,
    readonly statusCode: 400 | 503,
    message: string,
  ) {
    super(message);
  }
}

/** The error of a read as it crosses the port: a bad cursor keeps its message; anything else says only that the store did not answer. */
function wireError(error: unknown): WireError {
  if (error instanceof CursorError) return { code: error.code, status: 400, message: error.message };
  return { code: 'unavailable', status: 503, message: 'the call store did not answer; try again' };
}

async function answer(source: AdminSource, question: AdminQuestion): Promise<AdminAnswers[AdminQuestion['kind']]> {
  switch (question.kind) {
    case 'health':
      return source.health();
    case 'statusPage':
      return source.statusPage(question.query);
    case 'callStatus':
      return source.callStatus(question.callId);
    case 'metrics':
      return source.metrics?.();
  }
}

/**
 * The bot's end: answers the worker's questions from `source` and forwards each timeline entry.
 * Returns what stops both.
 */
export function serveAdminSource(port: AdminPort<ToBot, ToAdmin>, source: AdminSource): () => void {
  const onMessage = (message: ToBot) => {
    if (message.type !== 'ask') return;
    const { id, question } = message;
    answer(source, question).then(
      (value) => port.post({ type: 'answer', id, value } satisfies ToAdmin),
      (error: unknown) => port.post({ type: 'refused', id, error: wireError(error) } satisfies ToAdmin),
    );
  };
  const onEntry = (callId: string, entry: TimelineEntry) => port.post({ type: 'entry', callId, entry } satisfies ToAdmin);
  const unlisten = port.listen(onMessage);
  source.console.timelines.on('entry', onEntry);
  return () => {
    unlisten();
    source.console.timelines.off('entry', onEntry);
  };
}

/** Options of {@link remoteAdminSource}. */
export interface RemoteAdminSourceOptions {
  /** This instance's id as shown (it never changes while the bot runs). */
  readonly instanceId: string;
  /** Whether the bot serves metrics (it has telemetry). */
  readonly metrics: boolean;
  /** A question unanswered this long fails with `no-answer` (default 10 s). */
  readonly timeoutMs?: number;
}

/**
 * The worker's end: an {@link AdminSource} whose reads ask the bot's thread over `port`, each
 * answered, refused with a typed {@link AdminAnswerError}, or failed with `no-answer` after
 * `timeoutMs` — never left hanging. The timelines are a copy kept from the entries the bot's
 * thread posts. `close()` fails the questions still waiting with `closed`.
 */
export function remoteAdminSource(port: AdminPort<ToAdmin, ToBot>, options: RemoteAdminSourceOptions): AdminSource & { close(): void } {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const waiting = new Map<number, { resolve(value: never): void; reject(error: Error): void; timer: NodeJS.Timeout }>();
  const timelines = new CallTimelines();
  let next = 0;
  port.listen((message: ToAdmin) => {
    if (message.type === 'entry') return timelines.add(message.callId, message.entry);
    if (message.type !== 'answer' && message.type !== 'refused') return;
    const question = waiting.get(message.id);
    if (question === undefined) return;
    waiting.delete(message.id);
    clearTimeout(question.timer);
    if (message.type === 'answer') question.resolve(message.value as never);
    else question.reject(new AdminAnswerError(message.error.code, message.error.status, message.error.message));
  });
  // The bot's end answers each kind of question with its AdminAnswers type (`answer` above): what comes back is that.
  const ask = <K extends AdminQuestion['kind']>(question: Extract<AdminQuestion, { kind: K }>): Promise<AdminAnswers[K]> =>
    new Promise<AdminAnswers[K]>((resolve, reject) => {
      const id = (next += 1);
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new AdminAnswerError('no-answer', 503, `the bot did not answer ${question.kind} within ${timeoutMs} ms; try again`));
      }, timeoutMs);
      waiting.set(id, { resolve, reject, timer });
      port.post({ type: 'ask', id, question } satisfies ToBot);
    });
  return {
    console: { timelines, instanceId: () => options.instanceId },
    health: () => ask({ kind: 'health' }),
    statusPage: (query) => ask({ kind: 'statusPage', query }),
    callStatus: (callId) => ask({ kind: 'callStatus', callId }),
    ...(options.metrics ? { metrics: async () => (await ask({ kind: 'metrics' })) ?? { contentType: 'text/plain', body: '' } } : {}),
    close() {
      for (const [id, question] of waiting) {
        waiting.delete(id);
        clearTimeout(question.timer);
        question.reject(new AdminAnswerError('closed', 503, 'the bot is closing'));
      }
    },
  };
}

/** What the bot's thread gives the admin worker when it starts it (its `workerData`). */
export const AdminWorkerData = t.type({
  listener: t.intersection([
    t.type({ host: t.string, port: t.number, allowedHosts: t.readonlyArray(t.string) }),
    t.partial({ token: t.string }),
  ]),
  instanceId: t.string,
  metrics: t.boolean,
  /** Report answered requests (`served`) for the bot's HTTP server spans. */
  spans: t.boolean,
  timeoutMs: t.number,
});
export type AdminWorkerData = t.TypeOf<typeof AdminWorkerData>;
