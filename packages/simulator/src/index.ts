export { createSimulator } from './createSimulator';
export { SimulatorControl } from './SimulatorControl';
export { DEFAULT_APP, ALL_CALLING_ROLES } from './SimulatedApp';
export { END_REASONS } from './SimCall';
export { CALLING_ERRORS } from './graphError';
export { CALLBACK_ISSUER } from './NotificationSender';
export { seededRandom, streamSeed } from './random';

export type { Simulator, SimulatorOptions } from './createSimulator';
export type { SimulatedApp } from './SimulatedApp';
export type { Faults } from './faults';
export type { Timing } from './Simulation';
export type { CallTruth } from './SimCall';
export type { DeliveryRecord } from './NotificationSender';
export type { Certificate } from './certificate';
