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
  readonly onError?: (error: unknown, context: { readonly callId?: string }) => void;
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
  /** Stops the scan timer, waits for what is under way and fails what is queued; a second call resolves with the first. */
  close(): Promise<void>;
  /** @deprecated Use {@link Reconciler.close}. */
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

/** The options with their defaults applied. */
type Settings = Required<Pick<ReconcilerOptions, 'silenceMs' | 'minIntervalMs' | 'maxConcurrent' | 'maxPerSecond' | 'throttlePauseMs'>> & {
  readonly scanEveryMs: number;
};

/** What Graph answered for a call: the call and its roster. */
interface GraphView {
  readonly call: Call;
  readonly participants: readonly Participant[];
}

/**
 * Creates a reconciler. It runs on gaps the reducer records, on silence, on 404s and on demand;
 * it is rate-limited per call and in total, backs off everything when Graph throttles, and never
 * makes a terminated call live again. What it learns goes through {@link reduceCall}, so the
 * events are the same ones notifications cause.
 */
export function createReconciler(options: ReconcilerOptions): Reconciler {
  const silenceMs = options.silenceMs ?? RECONCILER_DEFAULTS.silenceMs;
  const settings: Settings = {
    silenceMs,
    minIntervalMs: options.minIntervalMs ?? RECONCILER_DEFAULTS.minIntervalMs,
    maxConcurrent: Math.max(1, options.maxConcurrent ?? RECONCILER_DEFAULTS.maxConcurrent),
    maxPerSecond: Math.max(0.001, options.maxPerSecond ?? RECONCILER_DEFAULTS.maxPerSecond),
    throttlePauseMs: options.throttlePauseMs ?? RECONCILER_DEFAULTS.throttlePauseMs,
    scanEveryMs: options.scanEveryMs ?? (Number.isFinite(silenceMs) ? Math.min(Math.max(silenceMs / 4, 50), 15_000) : 15_000),
  };
  const reconciler = new QueuedReconciler(options, settings);
  return {
    reconcile: (callId) => reconciler.enqueue(callId, 'demand'),
    reconcileAll: () => reconciler.reconcileAll(),
    request: (callId, reason) => reconciler.request(callId, reason),
    callGone: (callId) => reconciler.enqueue(callId, 'gone', { gone: true }),
    adopt: (callId, call) => reconciler.adopt(callId, call),
    scan: () => reconciler.scan(),
    idle: () => reconciler.idle(),
    get stats() {
      return reconciler.stats();
    },
    close: () => reconciler.close(),
    stop: () => reconciler.close(),
  };
}

/** The reconciler's state and steps: a rate-limited queue of jobs, each asking Graph and reducing its answer. */
class QueuedReconciler {
  private readonly store: CallStore;
  private readonly now: () => number;
  private readonly onError: (error: unknown, context: { readonly callId?: string }) => void;
  private readonly queue = new Map<string, Job>();
  /** When each call was last reconciled automatically; pruned as calls end. */
  private readonly lastRun = new Map<string, number>();
  /** Reconciliations in a row that found nothing to repair while the call stayed quiet: each doubles its silence interval. */
  private readonly quietStreak = new Map<string, number>();
  /** Calls the app created that have no record yet: when adopted, and the create answer. */
  private readonly adopted = new Map<string, { readonly at: number; readonly call: Call | undefined }>();
  private readonly running = new Set<Promise<void>>();
  private readonly counts = { reconciled: 0, inferredTerminations: 0, failures: 0 };
  private readonly stopping = new AbortController();
  private readonly scanTimer: NodeJS.Timeout | undefined;
  private tokens: number;
  private refilledAt: number;
  private pausedUntil = 0;
  private wake: NodeJS.Timeout | undefined;
  private stopped = false;
  private closing: Promise<void> | undefined;
  private goneQueued = 0;
  private scanning = false;

  constructor(
    private readonly options: ReconcilerOptions,
    private readonly settings: Settings,
  ) {
    this.store = options.store;
    this.now = options.now ?? Date.now;
    this.onError = options.onError ?? (() => undefined);
    this.tokens = Math.max(1, settings.maxPerSecond);
    this.refilledAt = this.now();
    // Every request under way listens to this one signal (and retries add their own listeners): many, by design.
    setMaxListeners(0, this.stopping.signal);
    this.scanTimer = settings.scanEveryMs > 0 ? setInterval(() => this.scanOnTimer(), settings.scanEveryMs) : undefined;
    this.scanTimer?.unref();
  }

  stats(): ReconcilerStats {
    return { ...this.counts, queued: this.queue.size, inFlight: this.running.size, pausedUntil: this.pausedUntil };
  }

  enqueue(callId: string, reason: ReconcileReason, extra: { gone?: boolean } = {}): Promise<ReconcileOutcome> {
    return new Promise((resolve) => {
      const job = this.queue.get(callId) ?? { callId, reason, waiters: [], gone: false };
      if (extra.gone && !job.gone) {
        job.gone = true;
        this.goneQueued += 1;
      }
      if (reason === 'gone' || reason === 'demand') job.reason = reason;
      job.waiters.push(resolve);
      this.queue.set(callId, job);
      this.pump();
    });
  }

  async reconcileAll(): Promise<readonly ReconcileOutcome[]> {
    const records = await this.store.list();
    return Promise.all(records.filter((r) => r.terminatedAt === undefined).map((r) => this.enqueue(r.callId, 'demand')));
  }

  request(callId: string, reason: ReconcileReason): void {
    if (this.options.owns !== undefined && !this.options.owns(callId)) return;
    const last = this.lastRun.get(callId);
    if (this.queue.has(callId) || (last !== undefined && this.now() - last < this.settings.minIntervalMs)) return;
    this.enqueue(callId, reason).catch((error: unknown) => this.onError(error, { callId }));
  }

  async adopt(callId: string, call: Call | undefined): Promise<ReconcileOutcome> {
    if ((await this.store.get(callId)) === undefined) {
      this.adopted.set(callId, { at: this.now(), call });
      // Bounded: the oldest adoption is dropped first (it has long had its chance).
      const oldest = this.adopted.keys().next();
      if (this.adopted.size > MAX_ADOPTED && oldest.done !== true) this.adopted.delete(oldest.value);
    }
    return { callId, reason: 'adopt', status: 'unchanged', events: [] };
  }

  async idle(): Promise<void> {
    while (this.queue.size > 0 || this.running.size > 0) {
      if (this.running.size > 0) await Promise.all([...this.running]);
      else await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Stops the scan timer, aborts what asks Graph, waits for what is under way, fails what is queued. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    this.stopped = true;
    this.stopping.abort(new Error('reconciler stopped'));
    if (this.scanTimer !== undefined) clearInterval(this.scanTimer);
    if (this.wake !== undefined) clearTimeout(this.wake);
    await Promise.all([...this.running]);
    const stoppedError = new Error('reconciler stopped');
    for (const job of this.queue.values())
      for (const resolve of job.waiters)
        resolve({ callId: job.callId, reason: job.reason, status: 'failed', events: [], error: stoppedError });
    this.queue.clear();
    this.goneQueued = 0;
  }

  /** Starts queued jobs while the limits allow; schedules itself for when they will. */
  private pump(): void {
    if (this.stopped) return;
    const t = this.now();
    const { maxPerSecond, maxConcurrent } = this.settings;
    this.tokens = Math.min(Math.max(1, maxPerSecond), this.tokens + ((t - this.refilledAt) / 1000) * maxPerSecond);
    this.refilledAt = t;
    while (this.queue.size > 0 && this.running.size < maxConcurrent) {
      const job = this.nextJob(t);
      if (job === undefined) break;
      this.queue.delete(job.callId);
      if (job.gone) this.goneQueued -= 1;
      else this.tokens -= 1;
      this.start(job);
    }
    if (this.queue.size > 0 && this.running.size < maxConcurrent && this.wake === undefined) {
      const wait = Math.max(this.pausedUntil - t, ((1 - this.tokens) / maxPerSecond) * 1000, 1);
      this.wake = setTimeout(() => {
        this.wake = undefined;
        this.pump();
      }, wait);
      this.wake.unref();
    }
  }

  /** The job to start now: a 404 first (it costs no request to Graph, so neither throttling nor the budget holds it back). */
  private nextJob(t: number): Job | undefined {
    const gone = this.goneQueued > 0 ? [...this.queue.values()].find((j) => j.gone) : undefined;
    if (gone !== undefined) return gone;
    return t >= this.pausedUntil && this.tokens >= 1 ? this.queue.values().next().value : undefined;
  }

  private start(job: Job): void {
    // A store that fails (a shared one losing its connection) fails this job, not the queue behind it.
    const settled = this.run(job).catch((error: unknown): ReconcileOutcome => {
      this.counts.failures += 1;
      this.onError(error, { callId: job.callId });
      return { callId: job.callId, reason: job.reason, status: 'failed', events: [], error };
    });
    const task: Promise<void> = settled.then((outcome) => {
      this.running.delete(task);
      for (const resolve of job.waiters) resolve(outcome);
      this.pump();
    });
    this.running.add(task);
  }

  private async run(job: Job): Promise<ReconcileOutcome> {
    const { callId, reason } = job;
    if (reason !== 'demand' && reason !== 'gone') this.lastRun.set(callId, this.now());
    if (job.gone) return this.terminate(callId, reason);
    // Two tries: a notification may change the record while Graph is being asked.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const before = await this.store.get(callId);
      if (before === undefined && reason !== 'demand' && reason !== 'adopt') return { callId, reason, status: 'unknown', events: [] };
      if (before?.terminatedAt !== undefined) return { callId, reason, status: 'final', events: [] };
      let view: GraphView;
      try {
        view = await this.askGraph(callId);
      } catch (error) {
        return this.graphFailed(callId, reason, error, before);
      }
      const outcome = await this.apply(callId, reason, view.call, view.participants, false, before?.revision);
      if (outcome !== 'raced') {
        if (outcome.status === 'unchanged') this.quietStreak.set(callId, (this.quietStreak.get(callId) ?? 0) + 1);
        else this.quietStreak.delete(callId);
        return outcome;
      }
    }
    return { callId, reason, status: 'unchanged', events: [] };
  }

  /** GET call and participants, aborted when the reconciler closes. */
  private async askGraph(callId: string): Promise<GraphView> {
    const signal = this.stopping.signal;
    const [call, participants] = await Promise.all([
      this.options.client.calls.get(callId, { signal }),
      this.options.client.calls.participants.list(callId, { signal }),
    ]);
    return { call, participants };
  }

  /** Graph could not be asked: 404 ends the call, throttling pauses everything, an adopted call keeps its create answer. */
  private async graphFailed(
    callId: string,
    reason: ReconcileReason,
    error: unknown,
    before: CallRecord | undefined,
  ): Promise<ReconcileOutcome> {
    const status = numberField(error, 'status');
    if (status === 404) return this.terminate(callId, reason, reason === 'adopt');
    if (status === 429 || status === 503)
      this.pausedUntil = Math.max(this.pausedUntil, this.now() + (numberField(error, 'retryAfterMs') ?? this.settings.throttlePauseMs));
    if (this.stopped) return { callId, reason, status: 'failed', events: [], error };
    this.counts.failures += 1;
    this.onError(error, { callId });
    const fallback = reason === 'adopt' ? this.adopted.get(callId)?.call : undefined;
    if (fallback !== undefined && before === undefined) await this.apply(callId, reason, fallback, undefined, true);
    return { callId, reason, status: 'failed', events: [], error };
  }

  /** Reduces Graph's answer into the record (unless a notification moved it meanwhile) and emits what changed. */
  private async apply(
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
    const at = this.now();
    type Result = 'final' | 'raced' | { readonly events: readonly CallbackEvent[] };
    const applied = await this.store.update<Result, CallRecord | undefined>(callId, (before) => {
      if (before?.terminatedAt !== undefined) return { record: before, result: 'final' };
      if (adopting && before !== undefined) return { record: before, result: { events: [] } };
      // Handing `before` back writes nothing (also when it is undefined: the record vanished meanwhile).
      if (!adopting && before?.revision !== revision) return { record: before, result: 'raced' };
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
      this.counts.reconciled += adopting ? 0 : 1;
      await this.options.emit(events, rosterNotification ?? callNotification);
    }
    return { callId, reason, status: events.length > 0 ? 'repaired' : 'unchanged', events };
  }

  private async terminate(callId: string, reason: ReconcileReason, create = false): Promise<ReconcileOutcome> {
    const notification = synthetic(callId, 'deleted', {
      kind: 'call',
      call: { id: callId, state: 'terminated', resultInfo: INFERRED_END },
    });
    const at = this.now();
    const applied = await this.store.update<readonly CallbackEvent[] | undefined, CallRecord | undefined>(callId, (before) => {
      // No record (never known, or evicted meanwhile): nothing to end — unless the app created the call and
      // never heard of it again. Handing `before` back writes nothing.
      if (before === undefined && !create) return { record: before, result: undefined };
      if (before?.terminatedAt !== undefined) return { record: before, result: [] };
      const { record, events } = reduceCall(before, notification, { now: at, inferred: true });
      return { record: settle(record, before, at), result: events };
    });
    this.lastRun.delete(callId);
    if (applied.result === undefined) return { callId, reason, status: 'unknown', events: [] };
    if (applied.result.length === 0) return { callId, reason, status: 'final', events: [] };
    this.counts.reconciled += 1;
    this.counts.inferredTerminations += 1;
    await this.options.emit(applied.result, notification);
    return { callId, reason, status: 'terminated', events: applied.result };
  }

  private scanOnTimer(): void {
    // One scan at a time: a scan slower than the interval (a large shared store) is not stacked on itself.
    if (this.scanning) return;
    this.scanning = true;
    // A store that cannot be listed fails this scan (reported); the next one tries again.
    this.scan()
      .catch((error: unknown) => this.onError(error, {}))
      .finally(() => {
        this.scanning = false;
      });
  }

  async scan(): Promise<void> {
    const t = this.now();
    const records: readonly CallSummary[] =
      this.options.ownedIds === undefined ? await this.store.list() : await this.recordsOf(this.options.ownedIds());
    const present = new Set<string>();
    for (const record of records) {
      this.adopted.delete(record.callId);
      if (record.terminatedAt !== undefined) continue;
      present.add(record.callId);
      const quietSince = Math.max(record.updatedAt ?? record.createdAt, record.reconciledAt ?? 0);
      // A call Graph keeps confirming is checked less and less often (up to 8× the interval); any change resets that.
      if ((record.updatedAt ?? 0) > (record.reconciledAt ?? 0)) this.quietStreak.delete(record.callId);
      const interval = this.settings.silenceMs * 2 ** Math.min(this.quietStreak.get(record.callId) ?? 0, MAX_SILENCE_DOUBLINGS);
      if (record.gap !== undefined) this.request(record.callId, 'gap');
      else if (t - quietSince >= interval) this.request(record.callId, 'silence');
    }
    for (const callId of this.lastRun.keys()) if (!present.has(callId)) this.lastRun.delete(callId);
    for (const callId of this.quietStreak.keys()) if (!present.has(callId)) this.quietStreak.delete(callId);
    for (const [callId, { at }] of this.adopted) if (t - at >= this.settings.silenceMs) this.request(callId, 'adopt');
  }

  /** What a scan reads of the given calls: their summaries when the store keeps them, else their records (none: skipped). */
  private async recordsOf(callIds: Iterable<string>): Promise<CallSummary[]> {
    const ids = [...callIds];
    const found = this.store.summaries
      ? await this.store.summaries(ids)
      : await Promise.all(ids.map((callId) => Promise.resolve(this.store.get(callId))));
    return found.filter((record): record is CallSummary => record !== undefined);
  }
}

/** A numeric field of a thrown value (`status`, `retryAfterMs` of a transport GraphError), read without trusting its shape. */
function numberField(error: unknown, field: string): number | undefined {
  if (typeof error !== 'object' || error === null || !(field in error)) return undefined;
  const value: unknown = Reflect.get(error, field);
  return typeof value === 'number' ? value : undefined;
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
  const resourceData = resource.kind === 'call' ? resource.call : resource.kind === 'participants' ? [...resource.participants] : undefined;
  const raw: CommsNotification = {
    '@odata.type': '#microsoft.graph.commsNotification',
    changeType,
    resourceUrl,
    ...(resourceData !== undefined ? { resourceData } : {}),
  };
  return { changeType, resourceUrl, callId, resource, raw };
}
