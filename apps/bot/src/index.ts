export { Bot } from './Bot';
export { CallTracker } from './CallTracker';
export { connectGraph, graphClientFor } from './embeddedGraph';
export { createBotServer } from './botServer';
export { loadConfig, ConfigError } from './config';
export { createLogger } from './logger';
export { runTour } from './tour';
export { buildProgram, main } from './cli';
export { onShutdownSignals, SHUTDOWN_SIGNALS } from './shutdownSignals';
export { HURRIED_GRACE_MS } from './Bot';

export type { BotConfig, ConfigFlags } from './config';
export type { BotStartOptions, ShutdownReport, HealthCounts } from './Bot';
export type { Stoppable } from './shutdownSignals';
export type { CallStatus } from './callStatus';
export type { GraphConnection } from './embeddedGraph';
export type { BotServerOptions } from './botServer';
export type { TourResult } from './tour';
