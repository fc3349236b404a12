import type { CallRecord } from '@graph-calling/notifications';
import type { Bot } from '../Bot';
import { callStatus } from '../callStatus';
import type { RefusalLog } from '../refusalLog';
import type { Telemetry } from '../telemetry/installTelemetry';
import type { AdminSource } from './adminRoutes';
import { CallTimelines } from './CallTimeline';
import { consoleRoutes } from './consoleRoutes';
import { shownInstance, shownStateWhere } from './redact';

/**
 * What the bot's admin routes read from a running {@link Bot}: every number is a counter or a
 * census count (no list of the store), names and host names only with `pii`. `bot` is read lazily:
 * the servers are built before the bot object exists.
 */
export function botAdminSource(bot: () => Bot, refusals: RefusalLog, pii: boolean, telemetry?: Telemetry): AdminSource {
  const timelines = new CallTimelines({ pii });
  const console = consoleRoutes(timelines, () => shownInstance(bot().app.instanceId, pii));
  return {
    extraRoutes: console.routes,
    start() {
      const offEvents = bot().app.on('*', (event) => timelines.observe(event));
      const offSpans = telemetry?.spans.subscribe((span) => timelines.observeSpan(span)) ?? (() => undefined);
      return () => {
        offEvents();
        offSpans();
        console.close();
      };
    },
    ...(telemetry ? { metrics: telemetry.metricsHandler } : {}),
    get census() {
      return bot().state.census;
    },
    get instanceId() {
      return shownInstance(bot().app.instanceId, pii);
    },
    get: (callId) => bot().app.store.get(callId),
    keeps: (callId) => bot().app.ownership.owns(callId),
    status: (record: CallRecord) => {
      const b = bot();
      return callStatus(record, pii, Date.now(), b.app.ownership.owns(record.callId));
    },
    async health() {
      const b = bot();
      const counts = await b.counts();
      return {
        status: b.isStopping ? 'stopping' : 'ok',
        embedded: b.config.embedded,
        calls: counts.live + counts.terminated,
        ...counts,
        refusalsByCode: refusals.summary().byCode,
        state: shownStateWhere(b.state.where, pii),
        instance: shownInstance(b.app.instanceId, pii),
        owned: b.app.ownership.ownedCount,
        kept: b.app.keepAlive.size,
        takenOver: b.takeOvers,
        otherInstances: b.app.ownership.others.length,
      };
    },
  };
}
