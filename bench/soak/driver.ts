import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  groupCall,
  joinMeeting,
  peerToPeerCall,
  phone,
  pstnCall,
  applicationInstance,
  guest,
  serviceHosted,
  user,
} from '@graph-calling/builders';
import type { Call, CallRequest } from '@graph-calling/models';
import type { CallRecord } from '@graph-calling/notifications';
import {
  createSimulator,
  DEFAULT_APP,
  seededRandom,
  streamSeed,
  type CallTruth,
  type Simulator,
  type SimulatorOptions,
} from '@graph-calling/simulator';
import { createCallsClient, type CallsClient } from '@graph-calling/transport';
import { simulatorAuth } from '@graph-calling/test-support/simulatorAuth';
import type { SoakOptions } from './options';

/** What a receiver setup is given: the running simulator and a way to make Graph clients for it. */
export interface SoakContext {
  readonly simulator: Simulator;
  readonly options: SoakOptions;
  /** A new calls client for the simulator (each bot instance would have its own). */
  readonly newClient: () => CallsClient;
}

/**
 * The bot side of a soak run: where callbacks go and what the bot believes about each call.
 * The default keeps one in-process receiver with a memory store; other setups (several instances,
 * a shared store, instances killed mid-run) plug in here and add their own figures with `extra`.
 */
export interface SoakReceivers {
  /** The callback URL of call number `index` (distinct per call, so each call draws its own faults). */
  callbackUri(index: number): string;
  /** The bot's record of a call. */
  record(callId: string): CallRecord | undefined | Promise<CallRecord | undefined>;
  /** Tells the bot side about a call it created (from the create answer). */
  adopt(callId: string, call: Call, index: number): Promise<void>;
  /** Reconciliations that changed a record, over every instance. */
  reconciled(): number | Promise<number>;
  /** Called once every call has been hung up (a setup may kill an instance here, say). */
  afterHangUps?(): Promise<void>;
  /** Extra fields for the JSON line. */
  extra?(): Record<string, unknown> | Promise<Record<string, unknown>>;
  /** Extra conditions of convergence (say, no call missed its keep-alive), as reasons it failed. */
  failures?(result: SoakResult): readonly string[];
  close(): Promise<void>;
}

/** Builds the bot side of a run. */
export type ReceiverSetup = (context: SoakContext) => Promise<SoakReceivers>;

/** The JSON line of a run (the contract in ARCHITECTURE.md). */
export interface SoakResult {
  readonly requested: number;
  readonly created: number;
  readonly duplicates: number;
  readonly diverged: number;
  readonly notTerminated: number;
  readonly reconciled: number;
  readonly createP50Ms: number;
  readonly createP99Ms: number;
  readonly wallMs: number;
  readonly heapMB: number;
  readonly [extra: string]: unknown;
}

/** A run's result, whether it converged, and why calls diverged (for the human report). */
export interface SoakReport {
  readonly result: SoakResult;
  readonly converged: boolean;
  readonly divergences: readonly string[];
}

type Scenario = 'peerToPeer' | 'group' | 'meeting' | 'guest' | 'pstn';
const SCENARIOS: readonly Scenario[] = ['peerToPeer', 'group', 'meeting', 'guest', 'pstn'];
/** Scenarios whose rosters the simulator notifies; peer-to-peer and PSTN calls send none, so only their state is compared. */
const NOTIFIED_ROSTER = new Set<Scenario>(['group', 'meeting', 'guest']);

const chatInfo = { threadId: '19:meeting_soak@thread.v2', messageId: '0' };
const organizer = user('5810cede-f3cc-42eb-b2c1-e9bd5d53ec96', { displayName: 'Organizer', tenantId: DEFAULT_APP.tenantId });

function requestFor(scenario: Scenario, callbackUri: string, index: number): CallRequest {
  const target = user(`00000000-0000-4000-8000-${String(index).padStart(12, '0')}`, `Target ${index}`);
  const media = serviceHosted();
  switch (scenario) {
    case 'peerToPeer':
      return peerToPeerCall({ callbackUri, to: target, media });
    case 'group':
      return groupCall({ callbackUri, targets: [target, user('98da8a1a-1b87-452c-a713-65d3f10b5555', 'Second')], media });
    case 'meeting':
      return joinMeeting({ callbackUri, chatInfo, organizer, media });
    case 'guest':
      return joinMeeting({ callbackUri, chatInfo, organizer, media, source: guest(`guest-${index}`, `Guest ${index}`) });
    case 'pstn':
      return pstnCall({ callbackUri, from: applicationInstance('3d913abb-aec0-4964-8fa6-3c6850c4f278'), to: phone('+12345678901'), media });
  }
}

/** Why a record differs from the truth, or undefined when it agrees. */
export function compareWithTruth(record: CallRecord | undefined, truth: CallTruth, rosterNotified: boolean): string | undefined {
  if (record === undefined) return `no record (truth: ${truth.state})`;
  if (record.state !== truth.state) return `state ${record.state ?? 'unknown'} (truth: ${truth.state})`;
  if (truth.state === 'terminated' || !rosterNotified) return undefined;
  const known = new Map(Object.values(record.participants).map((p) => [p.id ?? '', p]));
  if (known.size !== truth.participants.length) return `roster of ${known.size} (truth: ${truth.participants.length})`;
  for (const p of truth.participants) {
    const mine = known.get(p.id);
    if (mine === undefined) return `participant ${p.id} missing`;
    if ((mine.isMuted ?? false) !== p.isMuted || (mine.isInLobby ?? false) !== p.isInLobby)
      return `participant ${p.id} muted=${String(mine.isMuted)} inLobby=${String(mine.isInLobby)} (truth: ${p.isMuted}/${p.isInLobby})`;
  }
  return undefined;
}

/** Heap in use after a full collection: what the run retains, not the garbage it has not collected yet. */
function retainedHeapMB(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return Math.round((process.memoryUsage().heapUsed / 1024 / 1024) * 10) / 10;
}

/** At most `limit` holders at once; the others wait in order. */
function semaphore(limit: number): { acquire(): Promise<void>; release(): void } {
  let free = limit;
  const waiting: Array<() => void> = [];
  return {
    acquire: () => (free > 0 ? ((free -= 1), Promise.resolve()) : new Promise<void>((resolve) => waiting.push(resolve))),
    release: () => {
      const next = waiting.shift();
      if (next) next();
      else free += 1;
    },
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/**
 * Runs one soak: a simulator with the requested faults, the bot side from `setup`, N concurrent
 * calls of mixed scenarios driven through their lives (answer, lobby admission, joins, mutes,
 * leaves, far-side and bot hang-ups), each compared with the truth mid-call and after the end.
 */
export async function runSoak(
  options: SoakOptions,
  setup: ReceiverSetup,
  progress: (line: string) => void = () => undefined,
  simulatorOptions: Pick<SimulatorOptions, 'timing' | 'deliveryLogSize'> = {},
): Promise<SoakReport> {
  const started = performance.now();
  const simulator = await createSimulator({
    ...simulatorOptions,
    faults: {
      seed: options.seed,
      notifications: {
        dropPercent: options.drop,
        duplicatePercent: options.duplicate,
        reorderPercent: options.reorder,
        delayPercent: options.delay,
      },
      requests: { throttlePercent: options.throttle, retryAfterSeconds: 1 },
    },
  });
  const auth = simulatorAuth(simulator, DEFAULT_APP);
  const newClient = () => createCallsClient({ baseUrl: simulator.url, ca: simulator.certificate.cert, auth, retry: { maxRetries: 8 } });
  const client = newClient();
  const receivers = await setup({ simulator, options, newClient });
  const divergences: string[] = [];
  const createMs: number[] = [];
  const calls: Array<{ readonly id: string; readonly scenario: Scenario }> = [];
  let diverged = 0;
  try {
    const truthOf = (id: string) => simulator.control.call(id);
    /** Polls the truth (cheaply: a map lookup) until `predicate` holds or `ms` pass. */
    const until = async (id: string, predicate: (t: CallTruth) => boolean, ms: number): Promise<boolean> => {
      const deadline = performance.now() + ms;
      for (;;) {
        const truth = truthOf(id);
        if (truth !== undefined && predicate(truth)) return true;
        if (performance.now() > deadline || truth?.state === 'terminated') return false;
        await sleep(100);
      }
    };
    /** Ignores the far side refusing an action on a call that ended meanwhile. */
    const act = (action: () => unknown) => {
      try {
        action();
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
      }
    };

    const creating = semaphore(options.createConcurrency);
    const drive = async (index: number): Promise<void> => {
      const random = seededRandom(streamSeed(options.seed, `soak call ${index}`));
      const scenario = SCENARIOS[index % SCENARIOS.length] as Scenario;
      const pause = () => sleep(20 + Math.floor(random() * 60));
      // Calls overlap for their whole lives, but only so many creates are on the wire at once: a
      // thousand simultaneous connections would measure the listen backlog, not the calling stack.
      await creating.acquire();
      const t0 = performance.now();
      let created;
      try {
        created = await client.calls.create(requestFor(scenario, receivers.callbackUri(index), index));
      } catch (error) {
        divergences.push(`call ${index}: create failed: ${(error as Error).message}`);
        return;
      } finally {
        creating.release();
      }
      createMs.push(performance.now() - t0);
      const id = created.id;
      calls.push({ id, scenario });
      await receivers.adopt(id, created.call, index);
      if (scenario === 'guest') {
        await until(id, (t) => t.participants.some((p) => p.self && p.isInLobby), 5_000);
        await pause();
        act(() => simulator.control.admit(id));
      }
      await until(id, (t) => t.state === 'established', 10_000);
      if (scenario === 'group' || scenario === 'meeting' || scenario === 'guest') {
        const joined: string[] = [];
        const joins = 1 + Math.floor(random() * 2);
        for (let j = 0; j < joins; j += 1) {
          await pause();
          act(() =>
            joined.push(
              simulator.control.join(id, user(`11111111-0000-4000-8000-${String(index * 10 + j).padStart(12, '0')}`, `Joiner ${j}`)),
            ),
          );
        }
        await pause();
        if (joined[0] !== undefined) act(() => simulator.control.mute(id, joined[0] as string, true));
        if (joined.length > 1 && random() < 0.5) {
          await pause();
          act(() => simulator.control.leave(id, joined[1] as string));
        }
      }
      // Mid-call: the bot's record must come to match the truth (state and roster) before the call ends.
      const deadline = performance.now() + options.settleMs;
      let reason: string | undefined;
      for (;;) {
        const truth = truthOf(id);
        if (truth === undefined) break;
        reason = compareWithTruth(await receivers.record(id), truth, NOTIFIED_ROSTER.has(scenario));
        if (reason === undefined || performance.now() > deadline) break;
        await sleep(500);
      }
      if (reason !== undefined) {
        diverged += 1;
        divergences.push(`call ${index} ${id} (${scenario}) mid-call: ${reason}`);
      }
      await pause();
      if (random() < 0.5) {
        await client.calls.delete(id).catch((error: unknown) => {
          if ((error as { status?: number }).status !== 404) divergences.push(`call ${index}: hang-up failed: ${(error as Error).message}`);
        });
      } else {
        act(() => simulator.control.hangup(id));
      }
    };

    await Promise.all(Array.from({ length: options.calls }, (_, index) => drive(index)));
    const lastHangUp = performance.now();
    progress(`all ${calls.length} calls hung up after ${Math.round(lastHangUp - started)} ms; waiting for the records to converge`);
    await receivers.afterHangUps?.();

    // After the last hang-up: every record must reach `terminated`, within the convergence window.
    let pending = calls;
    while (pending.length > 0 && performance.now() - lastHangUp < options.convergeMs) {
      const next: typeof calls = [];
      for (const call of pending) {
        const truth = truthOf(call.id);
        const record = await receivers.record(call.id);
        if (truth === undefined || record?.state !== 'terminated' || truth.state !== 'terminated') next.push(call);
      }
      pending = next;
      if (pending.length > 0) await sleep(250);
    }
    const convergedAfterMs = Math.round(performance.now() - lastHangUp);
    for (const call of pending) {
      const truth = truthOf(call.id);
      const record = await receivers.record(call.id);
      divergences.push(
        `${call.id} (${call.scenario}) after the end: ${truth ? (compareWithTruth(record, truth, false) ?? 'not terminated') : 'no truth'}`,
      );
    }
    const statuses = new Map<string, number>();
    for (const d of simulator.control.deliveries()) {
      const key = d.error !== undefined ? `${d.status} (${d.error})` : String(d.status);
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
    }
    progress(
      `callback deliveries (latest ${simulator.control.deliveries().length}): ${[...statuses].map(([k, v]) => `${k} ×${v}`).join(', ')}`,
    );
    const created = calls.length;
    const simulatorCalls = simulator.control.calls().length;
    const sorted = [...createMs].sort((a, b) => a - b);
    const result: SoakResult = {
      requested: options.calls,
      created,
      duplicates: Math.max(0, simulatorCalls - created),
      diverged,
      notTerminated: pending.length,
      reconciled: await receivers.reconciled(),
      createP50Ms: Math.round(percentile(sorted, 50)),
      createP99Ms: Math.round(percentile(sorted, 99)),
      wallMs: Math.round(performance.now() - started),
      heapMB: retainedHeapMB(),
      convergedAfterMs,
      ...((await receivers.extra?.()) ?? {}),
    };
    const failures = receivers.failures?.(result) ?? [];
    divergences.push(...failures);
    const converged =
      result.created === result.requested &&
      result.duplicates === 0 &&
      result.diverged === 0 &&
      result.notTerminated === 0 &&
      failures.length === 0;
    return { result, converged, divergences };
  } finally {
    await receivers.close();
    await simulator.close();
  }
}
