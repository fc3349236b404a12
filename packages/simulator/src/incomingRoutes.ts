import type { FastifyInstance } from 'fastify';
import { IdentitySet, Modality } from '@graph-calling/models';
import { decodedOr400, SimulatedGraphError } from './graphError';
import type { SimCallActions } from './SimCallActions';

/** A few bytes of a WAV header: what a simulated recording downloads as. */
const SILENCE = Buffer.from('RIFF$\u0000\u0000\u0000WAVEfmt ', 'latin1');

/**
 * Control routes for the call actions, under `/_sim`: ring the bot with an incoming call, press
 * keys as the caller, read what the far side knows of a call's actions, and download a
 * recording with its access token (as a bot does with `recordingLocation`).
 */
export function registerIncomingRoutes(app: FastifyInstance, actions: SimCallActions): void {
  const guard = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      if (error instanceof RangeError) throw new SimulatedGraphError(404, 'ItemNotFound', error.message);
      if (error instanceof TypeError) throw new SimulatedGraphError(400, 'BadRequest', error.message);
      throw error;
    }
  };
  app.post<{ Body: { callbackUri?: unknown; from?: unknown; to?: unknown; appId?: unknown; modalities?: unknown } }>(
    '/_sim/incoming',
    async (request, reply) => {
      const body = request.body ?? {};
      if (typeof body.callbackUri !== 'string' || typeof body.from !== 'object' || body.from === null)
        throw new SimulatedGraphError(
          400,
          'BadRequest',
          'expected {"callbackUri": "http://127.0.0.1:…", "from": {"phone": {"id": "+1…"}}}',
        );
      const callbackUri = body.callbackUri;
      const from = decodedOr400(IdentitySet, body.from, '"from"');
      const to = body.to !== undefined && body.to !== null ? decodedOr400(IdentitySet, body.to, '"to"') : undefined;
      const modalities = Array.isArray(body.modalities)
        ? body.modalities.map((m: unknown, i) => decodedOr400(Modality, m, `"modalities[${i}]"`))
        : undefined;
      const call = guard(() =>
        actions.ring({
          callbackUri,
          from,
          ...(to !== undefined ? { to } : {}),
          ...(typeof body.appId === 'string' ? { appId: body.appId } : {}),
          ...(modalities !== undefined ? { modalities } : {}),
        }),
      );
      return reply.code(201).send({ id: call.id });
    },
  );
  app.post<{ Params: { id: string }; Body: { keys?: unknown } }>('/_sim/calls/:id/keys', (request) => {
    const keys = request.body?.keys;
    const list = typeof keys === 'string' ? [...keys] : Array.isArray(keys) ? keys.map(String) : undefined;
    if (list === undefined || list.length === 0)
      throw new SimulatedGraphError(400, 'BadRequest', 'expected {"keys": "1#"} or {"keys": ["tone1"]}');
    return guard(() => actions.pressKeys(request.params.id, list));
  });
  app.get<{ Params: { id: string } }>('/_sim/calls/:id/actions', (request) => guard(() => actions.truth(request.params.id)));
  app.get<{ Params: { id: string } }>('/_sim/recordings/:id', async (request, reply) => {
    const recording = actions.recordings.get(request.params.id);
    if (recording === undefined) throw new SimulatedGraphError(404, 'ItemNotFound', `No recording ${request.params.id}.`);
    if (request.headers.authorization !== `Bearer ${recording.token}`)
      throw new SimulatedGraphError(401, 'InvalidAuthenticationToken', 'The recording access token is missing or wrong.');
    return reply.type('application/octet-stream').send(SILENCE);
  });
}
