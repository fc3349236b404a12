import type { FastifyInstance } from 'fastify';
import type { IdentitySet } from '@graph-calling/models';
import type { Faults } from './faults';
import { SimulatedGraphError } from './graphError';
import { publicBaseOf } from './requestContext';
import type { SimulatorControl } from './SimulatorControl';

/** Calls per page of `GET /_sim/calls` unless `limit` says otherwise, and the most `limit` may ask for. */
const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

/** A query parameter as a whole number in [min, max]; `undefined` when absent; a 400 naming it otherwise. */
function wholeNumber(text: string | undefined, name: string, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(value) || value < min || value > max)
    throw new SimulatedGraphError(
      400,
      'BadRequest',
      `${name}: expected a whole number from ${min} to ${max}, found ${JSON.stringify(text.slice(0, 40))}`,
    );
  return value;
}

/** The control API over HTTP, under `/_sim` (outside the Graph paths). */
export function registerControlRoutes(app: FastifyInstance, control: SimulatorControl): void {
  const guard = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      if (error instanceof RangeError) throw new SimulatedGraphError(404, 'ItemNotFound', error.message);
      throw error;
    }
  };
  // Paged as Graph pages collections: `@odata.nextLink` while there is more.
  app.get<{ Querystring: { limit?: string; cursor?: string } }>('/_sim/calls', (request) => {
    const limit = wholeNumber(request.query.limit, 'limit', 1, MAX_PAGE) ?? DEFAULT_PAGE;
    const cursor = wholeNumber(request.query.cursor, 'cursor', 0, Number.MAX_SAFE_INTEGER);
    const page = control.callsPage(limit, cursor);
    return {
      value: page.value,
      ...(page.nextCursor !== undefined
        ? { '@odata.nextLink': `${publicBaseOf(request)}/_sim/calls?limit=${limit}&cursor=${page.nextCursor}` }
        : {}),
    };
  });
  app.get<{ Params: { id: string } }>('/_sim/calls/:id', (request) =>
    guard(() => {
      const truth = control.call(request.params.id);
      if (!truth) throw new RangeError(`no call ${request.params.id}`);
      return truth;
    }),
  );
  for (const action of ['answer', 'decline', 'hangup', 'admit'] as const) {
    app.post<{ Params: { id: string } }>(`/_sim/calls/:id/${action}`, (request) => guard(() => control[action](request.params.id)));
  }
  app.post<{ Params: { id: string }; Body: { identity?: IdentitySet; inLobby?: boolean } }>(
    '/_sim/calls/:id/participants',
    async (request, reply) => {
      const identity = request.body?.identity;
      if (typeof identity !== 'object' || identity === null)
        throw new SimulatedGraphError(400, 'BadRequest', 'expected {"identity": {"user": {"id": …}}}');
      const id = guard(() => control.join(request.params.id, identity, { inLobby: request.body?.inLobby === true }));
      return reply.code(201).send({ id });
    },
  );
  app.delete<{ Params: { id: string; pid: string } }>('/_sim/calls/:id/participants/:pid', (request) =>
    guard(() => control.leave(request.params.id, request.params.pid)),
  );
  app.post<{ Params: { id: string; pid: string }; Body: { muted?: boolean } }>('/_sim/calls/:id/participants/:pid/mute', (request) =>
    guard(() => control.mute(request.params.id, request.params.pid, request.body?.muted !== false)),
  );
  app.get('/_sim/faults', () => control.faults());
  app.put<{ Body: Faults }>('/_sim/faults', (request) => {
    control.setFaults(request.body ?? {});
    return control.faults();
  });
  app.get('/_sim/deliveries', () => ({ value: control.deliveries().map((d) => ({ ...d, body: undefined })) }));
}
