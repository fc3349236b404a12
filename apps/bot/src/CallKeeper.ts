import type { OwnedCallDuties } from '@graph-calling/app';
import type { CallRecord, Reconciler } from '@graph-calling/notifications';
import { GraphError, startKeepAlive, type CallsClient, type KeepAlive } from '@graph-calling/transport';
import type { Logger } from './logger';

/**
 * The duties of the instance that owns a call (see `CallOwnership`): keep it alive while it is up.
 * The schedule starts as soon as this instance owns a live call; an established call also gets a
 * keep-alive at once, because its last one (by another instance, or before a restart) may be
 * nearly a keep-alive interval old — or, on a slow day, the create answer itself took a while.
 */
export class CallKeeper implements OwnedCallDuties {
  private readonly running = new Map<string, KeepAlive>();
  /** Keep-alives sent at once on taking a call over (for status and the soak). */
  adoptedKeepAlives = 0;

  constructor(
    private readonly client: CallsClient,
    private readonly logger: Logger,
    private readonly everyMs: number,
    private readonly reconciler: () => Reconciler | undefined,
  ) {}

  /** The calls this instance keeps alive now. */
  get kept(): number {
    return this.running.size;
  }

  own(record: CallRecord, adopted: boolean): void {
    const callId = record.callId;
    if (record.state === undefined || record.state === 'terminated' || record.state === 'terminating' || this.running.has(callId)) return;
    const log = this.logger.child({ callId });
    const gone = () => {
      this.disown(callId);
      log.info('keep-alive: the call is gone');
      this.reconciler()
        ?.callGone(callId)
        .catch((error: unknown) => log.warn({ err: (error as Error).message }, 'reconciliation failed'));
    };
    if (record.state === 'established') {
      if (adopted) this.adoptedKeepAlives += 1;
      this.client.calls.keepAlive(callId).catch((error: unknown) => {
        if (error instanceof GraphError && error.status === 404) gone();
        else log.warn({ err: (error as Error).message }, 'keep-alive failed');
      });
    }
    this.running.set(
      callId,
      startKeepAlive(this.client, callId, {
        everyMs: this.everyMs,
        onEnded: gone,
        onError: (_id, error) => log.warn({ err: (error as Error).message }, 'keep-alive failed'),
      }),
    );
    if (adopted) log.info('took the call over: keeping it alive');
  }

  disown(callId: string): void {
    this.running.get(callId)?.stop();
    this.running.delete(callId);
  }

  /** Stops every keep-alive (on shutdown). */
  stopAll(): void {
    for (const keepAlive of this.running.values()) keepAlive.stop();
    this.running.clear();
  }
}
