import { randomUUID } from 'node:crypto';
import { serviceHosted } from '@graph-calling/builders';
import type { CallbackReceiver } from '@graph-calling/notifications';
import type { CallsClient } from '@graph-calling/transport';
import type { CallTracker } from './CallTracker';
import type { IncomingPolicy } from './incomingPolicy';
import { runIvr, type IvrOutcome } from './ivr';
import type { Logger } from './logger';

/**
 * Handles calls that ring the bot by its policy: answer (then keep them alive and hang them up
 * on shutdown like the calls it placed), reject, redirect, or run the IVR. Graph gives a bot
 * 15 seconds to decide, so the decision is made as soon as `call.incoming` arrives.
 */
export class IncomingCalls {
  /** IVR runs by call id, for the tour and the logs. */
  readonly ivrRuns = new Map<string, Promise<IvrOutcome>>();

  constructor(
    private readonly client: CallsClient,
    private readonly calls: CallTracker,
    private readonly logger: Logger,
    private readonly callbackUri: () => string,
    /** Changeable at run time (the tour switches it between scenarios). */
    public policy: IncomingPolicy,
  ) {}

  attach(receiver: CallbackReceiver): () => void {
    return receiver.on('call.incoming', async (event) => {
      const log = this.logger.child({ callId: event.callId, caller: event.incoming.callerKind });
      const policy = this.policy;
      try {
        switch (policy.kind) {
          case 'ignore':
            return;
          case 'answer':
            this.calls.add(event.callId, randomUUID());
            await this.client.calls.answer(event.callId, { media: serviceHosted(), callbackUri: this.callbackUri() });
            log.info('incoming call answered');
            return;
          case 'reject':
            await this.client.calls.reject(event.callId, { reason: policy.reason });
            log.info({ reason: policy.reason }, 'incoming call rejected');
            return;
          case 'redirect':
            await this.client.calls.redirect(event.callId, { targets: [policy.to], callbackUri: this.callbackUri() });
            log.info({ to: policy.to.kind }, 'incoming call redirected');
            return;
          case 'ivr': {
            this.calls.add(event.callId, randomUUID());
            const run = runIvr(this.client, receiver, event.callId, { callbackUri: this.callbackUri(), transferTo: policy.transferTo });
            this.ivrRuns.set(event.callId, run);
            // The IVR outlives this handler: handlers must return quickly so other notifications flow.
            run.then(
              (outcome) => log.info({ key: outcome.key, completionReason: outcome.completionReason }, 'IVR done, call transferred'),
              (error: unknown) => log.warn({ err: (error as Error).message }, 'IVR failed'),
            );
            return;
          }
        }
      } catch (error) {
        log.warn({ policy: policy.kind, err: (error as Error).message }, 'could not handle the incoming call');
      }
    });
  }
}
