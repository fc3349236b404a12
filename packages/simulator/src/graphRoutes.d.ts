import type { FastifyInstance } from 'fastify';
import type { FaultInjector } from './faults';
import { type Simulation } from './Simulation';
import type { SigningKey } from './SigningKey';
import type { SimCallActions } from './SimCallActions';
import { type SimulatedApp } from './SimulatedApp';
/** Options of {@link registerGraphRoutes}. */
export interface GraphRouteOptions {
    readonly simulation: Simulation;
    readonly key: SigningKey;
    readonly faults: FaultInjector;
    readonly apps: () => readonly SimulatedApp[];
    /** Allow callback URLs that are not on loopback (they would send traffic off this machine). */
    readonly allowNonLoopbackCallbacks: boolean;
    /** Meeting joins naming another tenant: refused with 7505 (`own`, as Graph) or joined (`any`; see `SimulatorOptions`). */
    readonly meetingTenants?: 'own' | 'any';
    /** Serves every other action of the models' CALL_ACTIONS table (answer, playPrompt, invite, …). */
    readonly actions?: SimCallActions;
}
/** The Graph calls API under one version prefix (`/v1.0` or `/beta`). */
export declare function registerGraphRoutes(app: FastifyInstance, version: 'v1.0' | 'beta', options: GraphRouteOptions): void;
