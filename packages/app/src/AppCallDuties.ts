import type { CallLeases, CallRecord, CallSummary } from '@graph-calling/notifications';
import { added } from './added';
import { runFlow, type AppLogger, type ReportError } from './AppLogger';
import type { Call } from './Call';
import type { CallHandles } from './CallHandles';
import type { DisownReason, OwnedCallDuties } from './CallOwnership';
import { LeaseLostError } from './errors';
import type { KeepAliveScheduler } from './KeepAliveScheduler';
import type { LeaseChange, Takeover } from './LeaseChange';

/** What {@link AppCallDuties} acts on. */
export interface AppCallDutiesParts<D> {
  readonly keepAlive: KeepAliveScheduler;
  readonly handles: CallHandles<D>;
  /** Calls whose lease this instance lost: no action from here until it adopts them again. */
  readonly lost: Set<string>;
  readonly leases: CallLeases;
  readonly logger: AppLogger | undefined;
  readonly report: ReportError;
}

/**
 * What the app does for the calls it owns: keeps them alive, resumes the flows of the calls it takes
 * over (take-over handlers), stops the flows of the calls it lost, and tells the lease listeners.
 */
export class AppCallDuties<D> implements OwnedCallDuties {
  /** Established calls taken over since start whose first keep-alive was sent at once. */
  adoptedKeepAlives = 0;
  private readonly takeoverHandlers: Set<(call: Call<D>) => void | Promise<void>>;
  private readonly leaseListeners = new Set<(change: LeaseChange) => void>();

  constructor(
    private readonly parts: AppCallDutiesParts<D>,
    onTakeover?: (call: Call<D>) => void | Promise<void>,
  ) {
    this.takeoverHandlers = new Set(onTakeover ? [onTakeover] : []);
  }

  /** Adds a take-over handler; returns the function that removes it. */
  onTakeover(handler: (call: Call<D>) => void | Promise<void>): () => boolean {
    return added(this.takeoverHandlers, handler);
  }

  /** Adds a lease change listener; returns the function that removes it. */
  onLeaseChange(listener: (change: LeaseChange) => void): () => boolean {
    return added(this.leaseListeners, listener);
  }

  own(record: CallSummary, adopted: boolean, whole: CallRecord | undefined, takeover?: Takeover): void {
    const { keepAlive, handles, lost, logger, report } = this.parts;
    lost.delete(record.callId);
    if (takeover !== undefined) this.announce(takeover);
    if (record.state === 'terminated' || record.state === 'terminating') return;
    const atOnce = adopted && record.state === 'established';
    if (atOnce) this.adoptedKeepAlives += 1;
    keepAlive.add(record.callId, atOnce);
    if (!adopted) return;
    logger?.info({ callId: record.callId }, 'took the call over');
    const call = handles.for(record.callId, whole).activate();
    for (const handler of this.takeoverHandlers) runFlow(() => handler(call), record.callId, 'take-over handler failed', report);
  }

  disown(callId: string, reason: DisownReason): void {
    const { keepAlive, handles, lost, logger } = this.parts;
    keepAlive.remove(callId);
    if (reason !== 'lost') return;
    // Its flow stops here: another instance may own the call now.
    lost.add(callId);
    handles.get(callId)?.interrupt(new LeaseLostError(callId, 'the flow under way'));
    logger?.warn({ callId }, 'lost the lease of a call: its flow stops here');
    this.announceLost(callId);
  }

  private announce(change: LeaseChange): void {
    for (const listener of this.leaseListeners)
      try {
        listener(change);
      } catch (error) {
        this.parts.report(error, { callId: change.callId }, 'lease change listener failed');
      }
  }

  /** Announces that this instance lost `callId`'s lease, naming who holds it now when the lease service can say. */
  private announceLost(callId: string): void {
    const { leases } = this.parts;
    const at = Date.now();
    // Not when the lease service is the reason the lease was lost: then the change names no new holder.
    Promise.resolve(leases.history?.(callId)).then(
      (history) => {
        const to = history?.current !== undefined && history.current !== leases.instanceId ? history.current : undefined;
        this.announce({ type: 'lost', callId, from: leases.instanceId, ...(to !== undefined ? { to } : {}), at });
      },
      () => this.announce({ type: 'lost', callId, from: leases.instanceId, at }),
    );
  }
}
