import type { CallRecord } from '@graph-calling/notifications';
import { errorMessage } from '@graph-calling/models';
import type { Bot } from '../Bot';
import { callStatus, type CallStatus } from '../callStatus';
import type { RefusalLog } from '../refusalLog';
import type { Telemetry } from '../telemetry/installTelemetry';
import type { AdminSource } from './adminRoutes';
import { CallTimelines } from './CallTimeline';
import { TimelineObserver } from './TimelineObserver';
import { shownInstance, shownStateWhere } from './redact';
import { statusPage, type StatusSource } from './statusQuery';

/**
 * What the bot's admin routes read from a running {@link Bot}: every number is a counter or a
 * census count (no list of the store), names and host names only with `pii`. It runs in the bot's
 * thread (the admin worker asks it over adminChannel.ts). `bot` is read lazily: the servers are
 * built before the bot object exists.
 */
export function botAdminSource(bot: () => Bot, refusals: RefusalLog, pii: boolean, telemetry?: Telemetry): AdminSource {
  const timelines = new CallTimelines();
  const observer = new TimelineObserver(timelines, { pii });
  const status = (record: CallRecord) => callStatus(record, pii, Date.now(), bot().app.ownership.owns(record.callId));
  const calls = statusSource(bot, pii, status);
  return {
    console: { timelines, instanceId: () => shownInstance(bot().app.instanceId, pii) },
    start() {
      const offEvents = bot().app.on('*', (event) => observer.observe(event));
      const offLeases = bot().app.onLeaseChange((change) => observer.observeLease(change));
      const offSpans = telemetry?.spans.subscribe((span) => observer.observeSpan(span)) ?? (() => undefined);
      return () => {
        offEvents();
        offLeases();
        offSpans();
      };
    },
    ...(telemetry ? { metrics: telemetry.metricsText } : {}),
    statusPage: (query) => statusPage(calls, query),
    async callStatus(callId) {
      const record = await bot().app.store.get(callId);
      return record === undefined ? undefined : status(record);
    },
    health: () => botHealth(bot(), refusals, pii),
  };
}

/** What the status routes read: the census, records, ownership and who holds which calls. */
function statusSource(bot: () => Bot, pii: boolean, status: (record: CallRecord) => CallStatus): StatusSource {
  return {
    get census() {
      return bot().state.census;
    },
    get instanceId() {
      return shownInstance(bot().app.instanceId, pii);
    },
    get: (callId) => bot().app.store.get(callId),
    keeps: (callId) => bot().app.ownership.owns(callId),
    async heldBy(instance) {
      const b = bot();
      const { leases } = b.state;
      if (leases.heldBy === undefined) return undefined;
      // Ids as shown (redacted without --pii) name this instance or one seen alive at the last sweep.
      const real = [b.app.instanceId, ...b.app.ownership.others].find((id) => shownInstance(id, pii) === instance);
      if (real === undefined) return undefined;
      // The app names in-memory leases `local:…`; they hold calls as `local`.
      return leases.heldBy(real === b.app.instanceId ? leases.instanceId : real);
    },
    status,
  };
}

/** `/health`: counts from the census, the store's state, refusals and ownership; degraded (not failing) while Redis does not answer. */
async function botHealth(b: Bot, refusals: RefusalLog, pii: boolean): Promise<Awaited<ReturnType<AdminSource['health']>>> {
  // Redis may not answer: health still answers 200, saying so (a load balancer keeps sending callbacks,
  // which are answered 503 and retried; the owners keep their calls alive from their own list).
  const [counts, quarantined] = await Promise.allSettled([b.counts(), b.state.quarantined()]);
  const unread = [counts, quarantined].find((read) => read.status === 'rejected');
  const reason =
    b.app.ownership.degraded ?? (unread !== undefined ? `the call store did not answer: ${errorMessage(unread.reason)}` : undefined);
  const known = counts.status === 'fulfilled' ? counts.value : undefined;
  return {
    status: b.isStopping ? 'stopping' : reason !== undefined ? 'degraded' : 'ok',
    ...(reason !== undefined ? { reason } : {}),
    embedded: b.config.embedded,
    ...(known ? { calls: known.live + known.terminated, ...known } : {}),
    quarantined: quarantined.status === 'fulfilled' ? quarantined.value : null,
    refusalsByCode: refusals.summary().byCode,
    state: shownStateWhere(b.state.where, pii),
    instance: shownInstance(b.app.instanceId, pii),
    owned: b.app.ownership.ownedCount,
    kept: b.app.keepAlive.size,
    takenOver: b.takeOvers,
    otherInstances: b.app.ownership.others.length,
  };
}
