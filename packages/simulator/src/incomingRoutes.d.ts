import type { FastifyInstance } from 'fastify';
import type { SimCallActions } from './SimCallActions';
/**
 * Control routes for the call actions, under `/_sim`: ring the bot with an incoming call, press
 * keys as the caller, read what the far side knows of a call's actions, and download a
 * recording with its access token (as a bot does with `recordingLocation`).
 */
export declare function registerIncomingRoutes(app: FastifyInstance, actions: SimCallActions): void;
