import type { FastifyInstance } from 'fastify';
import type { IdentitySet } from '@graph-calling/models';
import type { Faults } from './faults';
import { SimulatedGraphError } from './graphError';
import type { SimulatorControl } from './SimulatorControl';

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
  app.get('/_sim/calls', () => ({ value: control.calls() }));
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
