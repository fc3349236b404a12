import type { IdentitySet } from '@graph-calling/models';
import type { FaultInjector, Faults } from './faults';
import type { DeliveryRecord, NotificationSender } from './NotificationSender';
import type { CallTruth } from './SimCall';
import type { Simulation } from './Simulation';
import type { SimulatedApp } from './SimulatedApp';
/**
 * Scripts the far side and inspects the truth: what tests and the bot tour use to make targets
 * answer, participants join and leave, lobbies admit, and to compare a bot's view with reality.
 */
export declare class SimulatorControl {
    private readonly simulation;
    private readonly sender;
    private readonly injector;
    private readonly registry;
    constructor(simulation: Simulation, sender: NotificationSender, injector: FaultInjector, registry: SimulatedApp[]);
    /** Every call the simulator holds (live ones, and ended ones until `timing.endedCallTtlMs`), with its true state and roster. */
    calls(): CallTruth[];
    /**
     * One page of {@link calls}, in creation order: up to `limit` calls after `cursor` (from the
     * previous page; none for the first), and the cursor of the next page when there is one.
     */
    callsPage(limit: number, cursor?: number): {
        readonly value: CallTruth[];
        readonly nextCursor: number | undefined;
    };
    call(id: string): CallTruth | undefined;
    answer(id: string): CallTruth;
    decline(id: string): CallTruth;
    hangup(id: string): CallTruth;
    admit(id: string): CallTruth;
    /** Adds a participant; returns their id. */
    join(id: string, identity: IdentitySet, options?: {
        inLobby?: boolean;
    }): string;
    leave(id: string, participantId: string): CallTruth;
    mute(id: string, participantId: string, muted?: boolean): CallTruth;
    /** How many Graph requests the fault injector has answered with 429 or 503. */
    requestsRefused(): number;
    faults(): Faults;
    setFaults(faults: Faults): void;
    /** Every callback delivery attempt so far (status, attempt, time). */
    deliveries(): readonly DeliveryRecord[];
    /** Resolves once every queued callback has been delivered or given up on. */
    settled(): Promise<void>;
    private tokens;
    /** How many Graph tokens the identity endpoint has issued. */
    tokensIssued(): number;
    /** @internal Counted by the identity endpoint. */
    countToken(): void;
    registerApp(app: SimulatedApp): void;
    /** Polls until `predicate` holds for the call (or throws after `timeoutMs`). */
    waitFor(id: string, predicate: (call: CallTruth) => boolean, timeoutMs?: number): Promise<CallTruth>;
}
