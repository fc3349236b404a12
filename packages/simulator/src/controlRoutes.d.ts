import type { FastifyInstance } from 'fastify';
import type { SimulatorControl } from './SimulatorControl';
/** The control API over HTTP, under `/_sim` (outside the Graph paths). */
export declare function registerControlRoutes(app: FastifyInstance, control: SimulatorControl): void;
