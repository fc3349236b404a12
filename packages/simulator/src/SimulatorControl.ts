import type { IdentitySet } from '@graph-calling/models';
import type { FaultInjector, Faults } from './faults';
import type { DeliveryRecord, NotificationSender } from './NotificationSender';
import { truthOf, type CallTruth } from './SimCall';
import type { Simulation } from './Simulation';
import type { SimulatedApp } from './SimulatedApp';

/**
 * Scripts the far side and inspects the truth: what tests and the bot tour use to make targets
 * answer, participants join and leave, lobbies admit, and to compare a bot's view with reality.
 */
export class SimulatorControl {
  constructor(
    private readonly simulation: Simulation,
    private readonly sender: NotificationSender,
    private readonly injector: FaultInjector,
    private readonly registry: SimulatedApp[],
  ) {}

  /** Every call the simulator holds (live ones, and ended ones until `timing.endedCallTtlMs`), with its true state and roster. */
  calls(): CallTruth[] {
    return [...this.simulation.calls.values()].map((call) => truthOf(call));
  }

  /**
   * One page of {@link calls}, in creation order: up to `limit` calls after `cursor` (from the
   * previous page; none for the first), and the cursor of the next page when there is one.
   */
  callsPage(limit: number, cursor?: number): { readonly value: CallTruth[]; readonly nextCursor: number | undefined } {
    const { calls, next } = this.simulation.page(limit, cursor ?? 0);
    return { value: calls.map((call) => truthOf(call)), nextCursor: next };
  }

  call(id: string): CallTruth | undefined {
    return this.simulation.truth(id);
  }

  answer(id: string): CallTruth {
    return this.simulation.answer(id);
  }

  decline(id: string): CallTruth {
    return this.simulation.decline(id);
  }

  hangup(id: string): CallTruth {
    return this.simulation.hangUp(id);
  }

  admit(id: string): CallTruth {
    return this.simulation.admit(id);
  }

  /** Adds a participant; returns their id. */
  join(id: string, identity: IdentitySet, options: { inLobby?: boolean } = {}): string {
    return this.simulation.join(id, identity, options);
  }

  leave(id: string, participantId: string): CallTruth {
    return this.simulation.leave(id, participantId);
  }

  mute(id: string, participantId: string, muted = true): CallTruth {
    return this.simulation.mute(id, participantId, muted);
  }

  /** How many Graph requests the fault injector has answered with 429 or 503. */
  requestsRefused(): number {
    return this.injector.refused;
  }

  faults(): Faults {
    return this.injector.current;
  }

  setFaults(faults: Faults): void {
    this.injector.set(faults);
  }

  /** Every callback delivery attempt so far (status, attempt, time). */
  deliveries(): readonly DeliveryRecord[] {
    return this.sender.log;
  }

  /** Resolves once every queued callback has been delivered or given up on. */
  settled(): Promise<void> {
    return this.sender.idle();
  }

  private tokens = 0;

  /** How many Graph tokens the identity endpoint has issued. */
  tokensIssued(): number {
    return this.tokens;
  }

  /** @internal Counted by the identity endpoint. */
  countToken(): void {
    this.tokens += 1;
  }

  registerApp(app: SimulatedApp): void {
    this.registry.push(app);
  }

  /** Polls until `predicate` holds for the call (or throws after `timeoutMs`). */
  async waitFor(id: string, predicate: (call: CallTruth) => boolean, timeoutMs = 5000): Promise<CallTruth> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const truth = this.simulation.truth(id);
      if (truth && predicate(truth)) return truth;
      if (Date.now() > deadline)
        throw new Error(`call ${id} did not reach the expected state within ${timeoutMs} ms (now ${truth?.state ?? 'unknown'})`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}
