export { Bot, graphClientFor } from './Bot';
export { loadConfig, ConfigError } from './config';
export { createLogger } from './logger';
export { runTour } from './tour';
export { buildProgram, main } from './cli';

export type { BotConfig, ConfigFlags } from './config';
export type { CallStatus, BotStartOptions } from './Bot';
export type { TourResult } from './tour';
