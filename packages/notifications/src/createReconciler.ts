import { setMaxListeners } from 'node:events';
import type { Call, CommsNotification, Participant, ResultInfo } from '@graph-calling/models';
import { idTable, ownEntry, type CallRecord, type CallSummary } from './CallRecord';
import type { CallStore } from './CallStore';
import type { CallbackEvent } from './events';
import type { ParsedNotification } from './parseNotifications';
import { reduceCall } from './reduceCall';

/**
 * What the reconciler needs from a Graph client — the calls client of `@graph-calling/transport`
 * has this shape. Failures are expected to carry the HTTP `status` (404: the call is over) and,
 * for throttling, `retryAfterMs`.
 */
export interface ReconcileClient {
  readonly calls: {
    /** `signal` aborts the request when the reconciler stops (shutdown must not wait out retries). */
    get(id: string, options?: { readonly signal?: AbortSignal }): Promise<Call>;
    readonly participants: {
      list(id: string, options?: { readonly signal?: AbortSignal }): Promise<readonly Participant[]>;
    };
  };
}

/** Why a reconciliation ran. */
export type ReconcileReason = 'gap' | 'silence' | 'gone' | 'demand' | 'adopt';

/** What one reconciliation did. */
export interface ReconcileOutcome {
  readonly callId: string;
  readonly reason: ReconcileReason;
  /**
   * `repaired`: Graph's answer changed the record; `unchanged`: it agreed; `terminated`: Graph
   * answered 404 and the call was recorded as ended; `final`: the record was already terminated
   * (never revived); `unknown`: no record and nothing to adopt; `failed`: Graph could not be asked.
   */
  readonly status: 'repaired' | 'unchanged' | 'terminated' | 'final' | 'unknown' | 'failed';
  readonly events: readonly CallbackEvent[];
  readonly error?: unknown;
}

/** Counters for health pages and the soak. */
export interface ReconcilerStats {
  /** Reconciliations that changed a record (terminations included). */
  readonly reconciled: number;
  /** Calls recorded as terminated because Graph answered 404. */
  readonly inferredTerminations: number;
  readonly failures: number;
  readonly queued: number;
  readonly inFlight: number;
  /** Until when (ms on the reconciler's clock) all reconciliation waits because Graph throttled. */
  readonly pausedUntil: number;
}

/** Options of {@link createReconciler}. */
export interface ReconcilerOptions {
  readonly store: CallStore;
  readonly client: ReconcileClient;
  /** Hands the events of a reconciliation to the same handlers notifications reach. */
  readonly emit: (events: readonly CallbackEvent[], notification: ParsedNotification) => void | Promise<void>;
  /**
   * A live call without any change for this long is reconciled (default 60 s; `Infinity` turns it
   * off). Each reconciliation in a row that finds nothing doubles it for that call, up to 8×.
   */
  readonly silenceMs?: number;
  /** How often records are scanned for silence and gaps (default: a quarter of `silenceMs`, at most 15 s; 0 = only when `scan()` is called). */
  readonly scanEveryMs?: number;
  /** Least time between two automatic reconciliations of one call (default 5 s). */
  readonly minIntervalMs?: number;
  /** Most reconciliations under way at once (default 4). */
  readonly maxConcurrent?: number;
  /** Most reconciliations started per second over all calls (default 20). */
  readonly maxPerSecond?: number;
  /** Pause after a throttled answer that names no Retry-After (default 5 s). */
  readonly throttlePauseMs?: number;
  /** Clock in ms (default Date.now); use the same one as the receiver. */
  readonly now?: () => number;
  /**
   * Which calls this instance reconciles by itself (silence, gaps); default all. With several bot
   * instances on a shared store, pass the ownership check (`@graph-calling/app` does), so each call is
   * reconciled by its owner only. Demands and 404s are always honoured.
   */
  readonly owns?: (callId: string) => boolean;
  /**
   * The calls this instance owns (`@graph-calling/app` passes its ownership's): a scan then reads
   * only their records, not every record in the store. Default: every record (`store.list()`).
   */
  readonly ownedIds?: () => Iterable<string>;
  /** Failures other than 404 (Graph unreachable, a bad answer). */
  readonly onError?: (error: unknown, callId: string) => void;
}

/** Repairs call records from Graph: GET call and participants, reduced like notifications. */
export interface Reconciler {
  /** Reconciles one call now (respecting the overall limits), whatever its last reconciliation. */
  reconcile(callId: string): Promise<ReconcileOutcome>;
  /** Reconciles every call that is not terminated. */
  reconcileAll(): Promise<readonly ReconcileOutcome[]>;
  /** Asks for a reconciliation (gap, silence): dropped when the call was reconciled too recently; the next scan asks again. */
  request(callId: string, reason: ReconcileReason): void;
  /** Graph answered 404 for the call elsewhere (keep-alive, hang-up): it is over. */
  callGone(callId: string): Promise<ReconcileOutcome>;
  /**
   * Tracks a call the app created, so it is reconciled even if none of its notifications ever
   * arrives: when no record exists `silenceMs` later, Graph is asked (a 404 records it ended). Until
   * then nothing is written, so the call's own notifications stay its first events. `call` (the
   * create answer) becomes the record if Graph cannot be asked at that point.
   */
  adopt(callId: string, call?: Call): Promise<ReconcileOutcome>;
  /** Looks at every record now: silent or gapped live calls are requested. */
  scan(): Promise<void>;
  /** Resolves when nothing is queued or under way. */
  idle(): Promise<void>;
  readonly stats: ReconcilerStats;
  /** Stops the scan timer and waits for what is under way. */
  stop(): Promise<void>;
}

/** Defaults of {@link ReconcilerOptions}. */
export const RECONCILER_DEFAULTS = {
  silenceMs: 60_000,
  minIntervalMs: 5_000,
  maxConcurrent: 4,
  maxPerSecond: 20,
  throttlePauseMs: 5_000,
} as const;

/** The resultInfo of a call recorded as ended because Graph no longer knows it. */
export const INFERRED_END: ResultInfo & { readonly inferred: true } = {
  '@odata.type': '#microsoft.graph.resultInfo',
  code: 404,
  subcode: 0,
  message: 'Inferred: Graph answered 404 ItemNotFound for this call, so it has ended; the notification that said so never arrived.',
  inferred: true,
};

/** Most calls adopted and not yet seen at once. */
const MAX_ADOPTED = 100_000;

/** How many times a quiet call's silence interval may double. */
const MAX_SILENCE_DOUBLINGS = 3;

interface Job {
  readonly callId: string;
  reason: ReconcileReason;
  readonly waiters: Array<(outcome: ReconcileOutcome) => void>;
  gone: boolean;
}

/**
 * Creates a reconciler. It runs on gaps the reducer records, on silence, on 404s and on demand;
 * it is rate-limited per call and in total, backs off everything when Graph throttles, and never
 * makes a terminated call live again. What it learns goes through {@link reduceCall}, so the
 * events are the same ones notifications cause.
 */
export function createReconciler(options: ReconcilerOptions): Reconciler {
  const { store, client } = options;
  const now = options.now ?? Date.now;
  const silenceMs = options.silenceMs ?? RECONCILER_DEFAULTS.silenceMs;
  const minIntervalMs = options.minIntervalMs ?? RECONCILER_DEFAULTS.minIntervalMs;
  const maxConcurrent = Math.max(1, options.maxConcurrent ?? RECONCILER_DEFAULTS.maxConcurrent);
  const maxPerSecond = Math.max(0.001, options.maxPerSecond ?? RECONCILER_DEFAULTS.maxPerSecond);
  const throttlePauseMs = options.throttlePauseMs ?? RECONCILER_DEFAULTS.throttlePauseMs;
  const onError = options.onError ?? (() => undefined);

  const queue = new Map<string, Job>();
  /** When each call was last reconciled automatically; pruned as calls end. */
  const lastRun = new Map<string, number>();
  /** Reconciliations in a row that found nothing to repair while the call stayed quiet: each doubles its silence interval. */
  const quietStreak = new Map<string, number>();
  /** Calls the app created that have no record yet: when adopted, and the create answer. */
  const adopted = new Map<string, { readonly at: number; readonly call: Call | undefined }>();
  const running = new Set<Promise<void>>();
  let tokens = Math.max(1, maxPerSecond);
  let refilledAt = now();
  let pausedUntil = 0;
  let wake: NodeJS.Timeout | undefined;
  let stopped = false;
  const stopping = new AbortController();
  // Every request under way listens to this one signal (and retries add their own listeners): many, by design.
  setMaxListeners(0, stopping.signal);
  let goneQueued = 0;
  const counts = { reconciled: 0, inferredTerminations: 0, failures: 0 };

  let scanning = false;
  const scanEvery = options.scanEveryMs ?? (Number.isFinite(silenceMs) ? Math.min(Math.max(silenceMs / 4, 50), 15_000) : 15_000);
  const scanTimer =
    scanEvery > 0
      ? setInterval(() => {
          // One scan at a time: a scan slower than the interval (a large shared store) is not stacked on itself.
          if (scanning) return;
          scanning = true;
          // A store that cannot be listed fails this scan (reported); the next one tries again.
          scan()
            .catch((error: unknown) => onError(error, ''))
            .finally(() => {
              scanning = false;
            });
        }, scanEvery)
      : undefined;
  scanTimer?.unref();

  function enqueue(callId: string, reason: ReconcileReason, extra: { gone?: boolean } = {}): Promise<ReconcileOutcome> {
    return new Promise((resolve) => {
      const job = queue.get(callId) ?? { callId, reason, waiters: [], gone: false };
      if (extra.gone && !job.gone) {
        job.gone = true;
        goneQueued += 1;
      }
      if (reason === 'gone' || reason === 'demand') job.reason = reason;
      job.waiters.push(resolve);
      queue.set(callId, job);
      pump();
    });
  }

  /** Starts queued jobs while the limits allow; schedules itself for when they will. */
  function pump(): void {
    if (stopped) return;
    const t = now();
    tokens = Math.min(Math.max(1, maxPerSecond), tokens + ((t - refilledAt) / 1000) * maxPerSecond);
    refilledAt = t;
    while (queue.size > 0 && running.size < maxConcurrent) {
      // A 404 costs no request to Graph, so it is not held back by throttling or the budget.
      const job =
        (goneQueued > 0 ? [...queue.values()].find((j) => j.gone) : undefined) ??
        (t >= pausedUntil && tokens >= 1 ? queue.values().next().value : undefined);
      if (job === undefined) break;
      queue.delete(job.callId);
      if (job.gone) goneQueued -= 1;
      else tokens -= 1;
      // A store that fails (a shared one losing its connection) fails this job, not the queue behind it.
      const settled = run(job).catch((error: unknown): ReconcileOutcome => {
        counts.failures += 1;
        onError(error, job.callId);
        return { callId: job.callId, reason: job.reason, status: 'failed', events: [], error };
      });
      const task: Promise<void> = settled.then((outcome) => {
        running.delete(task);
        for (const resolve of job.waiters) resolve(outcome);
        pump();
      });
      running.add(task);
    }
    if (queue.size > 0 && running.size < maxConcurrent && wake === undefined) {
      const wait = Math.max(pausedUntil - t, ((1 - tokens) / maxPerSecond) * 1000, 1);
      wake = setTimeout(() => {
        wake = undefined;
        pump();
      }, wait);
      wake.unref();
    }
  }

  async function run(job: Job): Promise<ReconcileOutcome> {
    const { callId, reason } = job;
    if (reason !== 'demand' && reason !== 'gone') lastRun.set(callId, now());
    if (job.gone) return terminate(callId, reason);
    // Two tries: a notification may change the record while Graph is being asked.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const before = await store.get(callId);
      if (before === undefined && reason !== 'demand' && reason !== 'adopt') return { callId, reason, status: 'unknown', events: [] };
      if (before?.terminatedAt !== undefined) return { callId, reason, status: 'final', events: [] };
      let call: Call;
      let participants: readonly Participant[];
      try {
        const signal = stopping.signal;
        [call, participants] = await Promise.all([
          client.calls.get(callId, { signal }),
          client.calls.participants.list(callId, { signal }),
        ]);
      } catch (error) {
        const status = (error as { status?: unknown } | null)?.status;
        if (status === 404) return terminate(callId, reason, reason === 'adopt');
        if (status === 429 || status === 503) {
          const retryAfter = (error as { retryAfterMs?: unknown }).retryAfterMs;
          pausedUntil = Math.max(pausedUntil, now() + (typeof retryAfter === 'number' ? retryAfter : throttlePauseMs));
        }
        if (stopped) return { callId, reason, status: 'failed', events: [], error };
        counts.failures += 1;
        onError(error, callId);
        const fallback = reason === 'adopt' ? adopted.get(callId)?.call : undefined;
        if (fallback !== undefined && before === undefined) await apply(callId, reason, fallback, undefined, true);
        return { callId, reason, status: 'failed', events: [], error };
      }
      const outcome = await apply(callId, reason, call, participants, false, before?.revision);
      if (outcome !== 'raced') {
        if (outcome.status === 'unchanged') quietStreak.set(callId, (quietStreak.get(callId) ?? 0) + 1);
        else quietStreak.delete(callId);
        return outcome;
      }
    }
    return { callId, reason, status: 'unchanged', events: [] };
  }

  /** Reduces Graph's answer into the record (unless a notification moved it meanwhile) and emits what changed. */
  async function apply(
    callId: string,
    reason: ReconcileReason,
    call: Call,
    participants: readonly Participant[] | undefined,
    adopting: boolean,
    revision?: number,
  ): Promise<ReconcileOutcome | 'raced'> {
    const callNotification = synthetic(callId, 'updated', { kind: 'call', call: { ...call, id: callId } });
    const rosterNotification =
      participants !== undefined ? synthetic(callId, 'updated', { kind: 'participants', participants }, '/participants') : undefined;
    const at = now();
    type Result = 'final' | 'raced' | { readonly events: readonly CallbackEvent[] };
    const applied = await store.update<Result>(callId, (before) => {
      if (before?.terminatedAt !== undefined) return { record: before, result: 'final' };
      if (adopting && before !== undefined) return { record: before, result: { events: [] } };
      // Handing `before` back writes nothing (also when it is undefined: the record vanished meanwhile).
      if (!adopting && before?.revision !== revision) return { record: before as CallRecord, result: 'raced' };
      const first = reduceCall(before, callNotification, { now: at });
      const second = rosterNotification !== undefined ? reduceCall(first.record, rosterNotification, { now: at }) : first;
      const events = [...first.events, ...(second === first ? [] : second.events)];
      const record = adopting ? second.record : settle(second.record, before, at);
      return { record, result: { events } };
    });
    if (applied.result === 'raced') return 'raced';
    if (applied.result === 'final') return { callId, reason, status: 'final', events: [] };
    const { events } = applied.result;
    if (events.length > 0) {
      counts.reconciled += adopting ? 0 : 1;
      await options.emit(events, rosterNotification ?? callNotification);
    }
    return { callId, reason, status: events.length > 0 ? 'repaired' : 'unchanged', events };
  }

  async function terminate(callId: string, reason: ReconcileReason, create = false): Promise<ReconcileOutcome> {
    const notification = synthetic(callId, 'deleted', {
      kind: 'call',
      call: { id: callId, state: 'terminated', resultInfo: INFERRED_END },
    });
    const at = now();
    const applied = await store.update(callId, (before) => {
      // No record (never known, or evicted meanwhile): nothing to end — unless the app created the call and
      // never heard of it again. Handing `before` back writes nothing.
      if (before === undefined && !create) return { record: before as unknown as CallRecord, result: undefined };
      if (before === undefined) {
        const { record, events } = reduceCall(undefined, notification, { now: at, inferred: true });
        return { record: settle(record, undefined, at), result: events };
      }
      if (before.terminatedAt !== undefined) return { record: before, result: [] as readonly CallbackEvent[] };
      const { record, events } = reduceCall(before, notification, { now: at, inferred: true });
      return { record: settle(record, before, at), result: events };
    });
    lastRun.delete(callId);
    if (applied.result === undefined) return { callId, reason, status: 'unknown', events: [] };
    if (applied.result.length === 0) return { callId, reason, status: 'final', events: [] };
    counts.reconciled += 1;
    counts.inferredTerminations += 1;
    await options.emit(applied.result, notification);
    return { callId, reason, status: 'terminated', events: applied.result };
  }

  async function scan(): Promise<void> {
    const t = now();
    const records: readonly CallSummary[] = options.ownedIds === undefined ? await store.list() : await recordsOf(options.ownedIds());
    const present = new Set<string>();
    for (const record of records) {
      adopted.delete(record.callId);
      if (record.terminatedAt !== undefined) continue;
      present.add(record.callId);
      const quietSince = Math.max(record.updatedAt ?? record.createdAt, record.reconciledAt ?? 0);
      // A call Graph keeps confirming is checked less and less often (up to 8× the interval); any change resets that.
      if ((record.updatedAt ?? 0) > (record.reconciledAt ?? 0)) quietStreak.delete(record.callId);
      const interval = silenceMs * 2 ** Math.min(quietStreak.get(record.callId) ?? 0, MAX_SILENCE_DOUBLINGS);
      if (record.gap !== undefined) request(record.callId, 'gap');
      else if (t - quietSince >= interval) request(record.callId, 'silence');
    }
    for (const callId of lastRun.keys()) if (!present.has(callId)) lastRun.delete(callId);
    for (const callId of quietStreak.keys()) if (!present.has(callId)) quietStreak.delete(callId);
    for (const [callId, { at }] of adopted) if (t - at >= silenceMs) request(callId, 'adopt');
  }

  /** What a scan reads of the given calls: their summaries when the store keeps them, else their records (none: skipped). */
  async function recordsOf(callIds: Iterable<string>): Promise<CallSummary[]> {
    const ids = [...callIds];
    const found = store.summaries ? await store.summaries(ids) : await Promise.all(ids.map((callId) => Promise.resolve(store.get(callId))));
    return found.filter((record): record is CallSummary => record !== undefined);
  }

  function request(callId: string, reason: ReconcileReason): void {
    if (options.owns !== undefined && !options.owns(callId)) return;
    const last = lastRun.get(callId);
    if (queue.has(callId) || (last !== undefined && now() - last < minIntervalMs)) return;
    enqueue(callId, reason).catch((error: unknown) => onError(error, callId));
  }

  return {
    reconcile: (callId) => enqueue(callId, 'demand'),
    async reconcileAll() {
      const records = await store.list();
      return Promise.all(records.filter((r) => r.terminatedAt === undefined).map((r) => enqueue(r.callId, 'demand')));
    },
    request,
    callGone: (callId) => enqueue(callId, 'gone', { gone: true }),
    async adopt(callId, call) {
      if ((await store.get(callId)) === undefined) {
        adopted.set(callId, { at: now(), call });
        // Bounded: the oldest adoption is dropped first (it has long had its chance).
        if (adopted.size > MAX_ADOPTED) adopted.delete(adopted.keys().next().value as string);
      }
      return { callId, reason: 'adopt', status: 'unchanged', events: [] };
    },
    scan,
    async idle() {
      while (queue.size > 0 || running.size > 0) {
        if (running.size > 0) await Promise.all([...running]);
        else await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    get stats() {
      return { ...counts, queued: queue.size, inFlight: running.size, pausedUntil };
    },
    async stop() {
      stopped = true;
      stopping.abort(new Error('reconciler stopped'));
      if (scanTimer !== undefined) clearInterval(scanTimer);
      if (wake !== undefined) clearTimeout(wake);
      await Promise.all([...running]);
      const stoppedError = new Error('reconciler stopped');
      for (const job of queue.values())
        for (const resolve of job.waiters)
          resolve({ callId: job.callId, reason: job.reason, status: 'failed', events: [], error: stoppedError });
      queue.clear();
      goneQueued = 0;
    },
  };
}

/**
 * Marks a reconciled record: the gap is repaired, and Graph's roster is at least as new as every
 * roster update received before it was asked — a late one at or below that sequence is stale.
 */
function settle(record: CallRecord, before: CallRecord | undefined, at: number): CallRecord {
  const floor = Math.max(record.rosterSequence ?? 0, record.rosterVersion ?? 0);
  const sequences = idTable(record.sequences);
  for (const id of [...Object.keys(record.participants), ...Object.keys(record.departed)])
    sequences[id] = Math.max(ownEntry(sequences, id) ?? 0, floor);
  const { gap, ...rest } = record;
  void gap;
  return {
    ...rest,
    sequences,
    ...(floor > 0 ? { rosterVersion: floor } : {}),
    reconciledAt: at,
    reconciliations: (before?.reconciliations ?? 0) + 1,
  };
}

function synthetic(
  callId: string,
  changeType: 'updated' | 'deleted',
  resource: ParsedNotification['resource'],
  suffix = '',
): ParsedNotification {
  const resourceUrl = `/communications/calls/${callId}${suffix}`;
  const resourceData = resource.kind === 'call' ? resource.call : resource.kind === 'participants' ? resource.participants : undefined;
  const raw = {
    '@odata.type': '#microsoft.graph.commsNotification',
    changeType,
    resourceUrl,
    resourceData,
  } as unknown as CommsNotification;
  return { changeType, resourceUrl, callId, resource, raw };
}
