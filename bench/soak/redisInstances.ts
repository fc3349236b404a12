import { performance } from 'node:perf_hooks';
import { callStateAdvances, createReconciler, type CallRecord } from '@graph-calling/notifications';
import { DEFAULT_APP, END_REASONS, type DeliveryRecord } from '@graph-calling/simulator';
import { connectRedis, RedisCallLeases, RedisCallStore } from '@graph-calling/store-redis';
import { botEnvironment, startBotProcess, tempDir, type BotProcess } from '@graph-calling/test-support/botProcess';
import { startRedis } from '@graph-calling/test-support/redisServer';
import type { ReceiverSetup, SoakResult } from './driver';

/** The soak flags this setup reads (see `parseSoakArgs`' `known`). */
export const REDIS_SOAK_FLAGS = {
  instances: 'string',
  store: 'string',
  kill: 'string',
  'keep-alive-window-ms': 'string',
} as const;

/** The simulator's keep-alive window in a multi-instance soak: short, so that a call nobody keeps alive ends within the run. */
export function keepAliveWindowMs(extra: Readonly<Record<string, string | boolean | undefined>>): number {
  const raw = extra['keep-alive-window-ms'];
  return typeof raw === 'string' ? Number(raw) : 20_000;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * `--instances K --store redis --kill N`: K bot processes (`bot serve`, from source) sharing one
 * redis-server; the simulator spreads every notification over them (its loadBalance fault); once
 * every call is placed, N of them are SIGKILLed. Keep-alive runs every quarter of the simulator's
 * keep-alive window and the ownership lease is a fifth of it, so a dead owner's calls must be taken
 * over — and kept alive — by the survivors, or the simulator ends them (keepAliveMissed).
 */
export const redisInstances: ReceiverSetup = async ({ simulator, options, newClient }) => {
  const count = Number(options.extra['instances'] ?? 3);
  const kill = Number(options.extra['kill'] ?? 0);
  if (!Number.isInteger(count) || count < 1 || count > 16) throw new Error(`--instances: expected 1 to 16, found ${String(count)}`);
  if (!Number.isInteger(kill) || kill < 0 || kill >= count)
    throw new Error(`--kill: expected 0 to ${count - 1} (one instance must survive), found ${String(kill)}`);
  const window = keepAliveWindowMs(options.extra);
  const leaseMs = Math.floor(window / 5);
  const redis = await startRedis();
  const dir = tempDir('graph-calling-soak-');
  const env = {
    ...botEnvironment(simulator, DEFAULT_APP, dir.path),
    BOT_REDIS_URL: redis.url,
    BOT_LEASE_MS: String(leaseMs),
    BOT_KEEP_ALIVE_MS: String(Math.floor(window / 4)),
    BOT_RECONCILE_SILENCE_MS: String(options.silenceMs),
  };
  const bots: BotProcess[] = await Promise.all(Array.from({ length: count }, () => startBotProcess(env)));
  simulator.control.setFaults({ ...simulator.control.faults(), loadBalance: { callbackTargets: bots.map((b) => `${b.url}/callback`) } });
  // The observer shares its event loop with the simulator and 300 calls: allow it slow answers.
  const redisClient = await connectRedis(redis.url, { commandTimeout: 60_000 });
  const store = new RedisCallStore({ redis: redisClient });
  const leases = new RedisCallLeases({ redis: redisClient, instanceId: 'soak-observer', leaseMs });
  // The create answer goes into the shared store as the placing instance would record it (adoption asks Graph nothing).
  const adopter = createReconciler({
    store,
    client: newClient(),
    emit: () => undefined,
    scanEveryMs: 0,
    silenceMs: Number.POSITIVE_INFINITY,
  });

  const placed: string[] = [];
  const killed: BotProcess[] = [];
  let callsOwnedByKilled = 0;
  const orphans = new Set<string>();
  const takenOver = new Set<string>();
  const endedUnowned = new Set<string>();
  let watching: Promise<void> | undefined;
  let watchUntil = Number.POSITIVE_INFINITY;

  /** After the kill: which of the dead instances' calls a survivor holds now (or that ended first). */
  async function watchTakeover(): Promise<void> {
    while (performance.now() < watchUntil && takenOver.size + endedUnowned.size < orphans.size) {
      const open = [...orphans].filter((callId) => !takenOver.has(callId) && !endedUnowned.has(callId));
      await Promise.all(
        open.map(async (callId) => {
          const owner = await leases.owner(callId);
          if (owner !== undefined && !killed.some((k) => k.instance === owner)) takenOver.add(callId);
          else if ((await store.get(callId))?.state === 'terminated') endedUnowned.add(callId);
        }),
      );
      await sleep(100);
    }
  }

  /** Waits (bounded) until every live call has an owner, then kills the instances owning the most calls. */
  async function killNow(): Promise<void> {
    const owners = new Map<string, string>();
    const deadline = performance.now() + 3 * leaseMs;
    for (;;) {
      owners.clear();
      const live = (await store.list()).filter((r) => r.state !== 'terminated');
      const held = await Promise.all(live.map((record) => leases.owner(record.callId)));
      let unowned = 0;
      live.forEach((record, i) => {
        const owner = held[i];
        if (owner === undefined) unowned += 1;
        else owners.set(record.callId, owner);
      });
      if (unowned === 0 || performance.now() > deadline) break;
      await sleep(100);
    }
    const held = (b: BotProcess) => [...owners.values()].filter((o) => o === b.instance).length;
    const victims = [...bots].sort((x, y) => held(y) - held(x)).slice(0, kill);
    for (const [callId, owner] of owners) if (victims.some((v) => v.instance === owner)) orphans.add(callId);
    callsOwnedByKilled = orphans.size;
    for (const victim of victims) {
      await victim.kill();
      killed.push(victim);
    }
    watching = watchTakeover();
  }

  return {
    callbackUri: (index) => `${bots[index % bots.length]?.url ?? ''}/callback?call=${index}`,
    record: (callId) => store.get(callId),
    async adopt(callId, call) {
      await adopter.adopt(callId, call);
      placed.push(callId);
      // Mid-run: once every call is placed and owned, the busiest instances die without a word.
      if (placed.length === options.calls && kill > 0) await killNow();
    },
    async reconciled() {
      const alive = bots.filter((b) => !killed.includes(b));
      const health = await Promise.all(
        alive.map(async (b) => (await (await fetch(`${b.adminUrl}/health`)).json()) as { reconciled?: number }),
      );
      return health.reduce((sum, h) => sum + (h.reconciled ?? 0), 0);
    },
    async extra() {
      watchUntil = performance.now() + 2 * leaseMs;
      await watching;
      const ids = new Set(placed);
      const truths = simulator.control.calls().filter((t) => ids.has(t.id));
      const missed = truths.filter((t) => t.resultInfo?.subcode === END_REASONS.keepAliveTimeout.subcode);
      const keepAliveMissed = missed.length;
      return {
        instances: count,
        killed: killed.length,
        callsOwnedByKilled,
        takenOver: takenOver.size,
        endedBeforeTakeover: endedUnowned.size,
        keepAliveMissed,
        keepAliveMissedOwnedByKilled: missed.filter((t) => orphans.has(t.id)).length,
        lostUpdates: await lostUpdates(simulator.control.deliveries(), ids, (id) => store.get(id)),
        keepAliveWindowMs: window,
        leaseMs,
      };
    },
    failures(result: SoakResult) {
      const reasons: string[] = [];
      if (result['keepAliveMissed'] !== 0) reasons.push(`${String(result['keepAliveMissed'])} calls went past the keep-alive window`);
      if (result['lostUpdates'] !== 0)
        reasons.push(`${String(result['lostUpdates'])} acknowledged notifications are missing from the store`);
      const orphaned = Number(result['callsOwnedByKilled']) - Number(result['takenOver']) - Number(result['endedBeforeTakeover']);
      if (orphaned > 0) reasons.push(`${orphaned} calls of the killed instances were never taken over`);
      return reasons;
    },
    async close() {
      watchUntil = 0;
      await watching;
      await Promise.all(bots.filter((b) => !killed.includes(b)).map((b) => b.stop()));
      await adopter.close();
      await redisClient.quit();
      await redis.close();
      dir.remove();
    },
  };
};

/**
 * Notifications an instance acknowledged (202) whose change the shared record does not show: a
 * call state the record has not reached, or a roster entry whose sequence number is newer than the
 * one recorded for that participant. Zero when nothing acknowledged was lost.
 */
async function lostUpdates(
  deliveries: readonly DeliveryRecord[],
  ids: ReadonlySet<string>,
  get: (callId: string) => Promise<CallRecord | undefined>,
): Promise<number> {
  const records = new Map<string, CallRecord | undefined>();
  let lost = 0;
  for (const delivery of deliveries) {
    if (delivery.status !== 202 || !ids.has(delivery.callId)) continue;
    if (!records.has(delivery.callId)) records.set(delivery.callId, await get(delivery.callId));
    const record = records.get(delivery.callId);
    const value = (delivery.body as { value?: ReadonlyArray<Record<string, unknown>> }).value ?? [];
    for (const n of value) {
      if (record === undefined) {
        lost += 1;
        continue;
      }
      const url = [n['resourceUrl'], n['resource']].find((v): v is string => typeof v === 'string') ?? '';
      if (url.endsWith('/participants')) {
        for (const p of (n['resourceData'] as ReadonlyArray<{ id?: string; rosterSequenceNumber?: number }> | undefined) ?? []) {
          const seen = Object.prototype.hasOwnProperty.call(record.sequences, p.id ?? '') ? record.sequences[p.id ?? ''] : undefined;
          // A terminated record stops taking roster updates; only live calls can have lost one.
          if (record.state !== 'terminated' && (seen ?? 0) < (p.rosterSequenceNumber ?? 0)) lost += 1;
        }
      } else {
        const state = n['changeType'] === 'deleted' ? 'terminated' : (n['resourceData'] as { state?: string } | undefined)?.state;
        // The record is behind a state an instance acknowledged.
        if (state !== undefined && callStateAdvances(record.state, state)) lost += 1;
      }
    }
  }
  return lost;
}
