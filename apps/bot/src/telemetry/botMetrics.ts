import { metrics, type BatchObservableCallback } from '@opentelemetry/api';
import type { Bot } from '../Bot';

/**
 * The bot's own metrics, observed when the metrics are read (so they cost nothing in between):
 * calls held by state (the census: O(1)), calls this instance owns and keeps alive, reconciliations
 * that changed a record, keep-alive duties taken over from other instances, call-store errors,
 * quarantined records and whether the instance is degraded.
 * Returns the function that stops observing (on shutdown).
 */
export function observeBot(bot: Bot): () => void {
  const meter = metrics.getMeter('@graph-calling/bot');
  const calls = meter.createObservableGauge('graph_calling.calls', {
    description: 'Calls held in the call store (shared by the fleet with Redis), by state: live or terminated.',
  });
  const owned = meter.createObservableGauge('graph_calling.calls.owned', { description: 'Calls whose lease this instance holds.' });
  const kept = meter.createObservableGauge('graph_calling.keep_alive.calls', { description: 'Calls this instance keeps alive.' });
  const reconciled = meter.createObservableCounter('graph_calling.reconciliations', {
    description: 'Reconciliations with Graph that changed a record (terminations inferred from 404 included).',
  });
  const takenOver = meter.createObservableCounter('graph_calling.lease.takeovers', {
    description: 'Calls this instance took over, by reason: owner-dead, owner-departed, lease-expired, unknown.',
  });
  const lost = meter.createObservableCounter('graph_calling.lease.lost', {
    description: 'Calls whose lease another instance took while this one had them (their flow stopped here).',
  });
  const storeErrors = meter.createObservableCounter('graph_calling.store.errors', {
    description: 'Call-store operations that failed (Redis unavailable, conflicts, corrupt records), by operation.',
  });
  const quarantined = meter.createObservableGauge('graph_calling.store.quarantined', {
    description: 'Call records the store moved aside because it cannot read them (the fleet’s, kept until they expire).',
  });
  const degraded = meter.createObservableGauge('graph_calling.degraded', {
    description:
      '1 while Redis does not answer (the ownership sweep or this read) or has just lost the data of live calls, else 0 (as /health).',
  });
  const observe: BatchObservableCallback = async (result) => {
    result.observe(owned, bot.app.ownership.ownedCount);
    result.observe(kept, bot.app.keepAlive.size);
    result.observe(reconciled, bot.app.receiver.reconciler?.stats.reconciled ?? 0);
    for (const [reason, count] of bot.leaseChangeCounts)
      if (reason === 'lost') result.observe(lost, count);
      else result.observe(takenOver, count, { reason });
    for (const [operation, count] of bot.state.storeErrors) result.observe(storeErrors, count, { operation });
    // What Redis must answer may fail (a callback that throws loses the whole batch): this instance's own numbers stay observed.
    const [counts, unreadable] = await Promise.allSettled([bot.state.census.counts(), bot.state.quarantined()]);
    if (unreadable.status === 'fulfilled') result.observe(quarantined, unreadable.value);
    const unanswered = counts.status === 'rejected' || unreadable.status === 'rejected';
    result.observe(degraded, bot.app.ownership.degraded !== undefined || unanswered ? 1 : 0);
    if (counts.status === 'fulfilled') {
      result.observe(calls, counts.value.live, { state: 'live' });
      result.observe(calls, counts.value.terminated, { state: 'terminated' });
    }
  };
  const observables = [calls, owned, kept, reconciled, takenOver, lost, storeErrors, quarantined, degraded];
  meter.addBatchObservableCallback(observe, observables);
  return () => meter.removeBatchObservableCallback(observe, observables);
}
