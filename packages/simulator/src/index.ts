export { createSimulator } from './createSimulator';
export { SimulatorControl } from './SimulatorControl';
export { DEFAULT_APP } from './SimulatedApp';
export { END_REASONS } from './SimCall';
export { seededRandom, streamSeed } from './random';

export type { Simulator, SimulatorOptions } from './createSimulator';
export type { SimulatedApp } from './SimulatedApp';
export type { Faults } from './faults';
export type { Timing } from './Simulation';
export type { CallTruth } from './SimCall';
export type { DeliveryRecord } from './NotificationSender';
export type { Certificate } from './certificate';

// TLS and client settings (graph-js, @azure/identity, msal-node, transport)
export { clientSettings } from './clientSettings';
export type { ClientSettings } from './clientSettings';

// Call actions: incoming calls, keys, operations
export type { ActionTiming, RingOptions, ActionTruth, SimOperation } from './SimCallActions';
