import Fastify from 'fastify';
import * as t from 'io-ts';
import { CallDataError, createCallingApp } from '@graph-calling/app';
import { callingApp } from '@graph-calling/app/fastify';
import { peerToPeerCall, serviceHosted, user } from '@graph-calling/builders';
import { createSimulator, type Simulator } from '@graph-calling/simulator';
import { simulatorSettings } from './simulatorSettings';

let simulator: Simulator;

beforeAll(async () => {
  simulator = await createSimulator({ timing: { stepMs: 5, autoAnswerMs: 5 } });
});
afterAll(() => simulator.close());

describe('the app with parts of its own', () => {
  it('serves its callback through the fastify plugin, claims what it answers and places at once, and checks call data', async () => {
    const server = Fastify();
    const Step = t.type({ step: t.number });
    const app = await createCallingApp({ ...simulatorSettings(simulator), data: Step, publicUrl: 'http://placeholder' });
    await server.register(callingApp, { app });
    const url = await server.listen({ host: '127.0.0.1', port: 0 });
    try {
      const answered: string[] = [];
      app.onIncoming(async (call) => {
        await call.answer({ callbackUri: `${url}/callback` });
        answered.push(call.id);
      });
      const ringing = simulator.actions.ring({ callbackUri: `${url}/callback`, from: { phone: { id: '+14255550100' } } });
      const incoming = app.call(ringing.id);
      await incoming.waitFor('established');
      expect(answered).toEqual([ringing.id]);
      expect(app.ownership.owns(ringing.id)).toBe(true);
      expect(incoming.direction).toBe('incoming');
      expect((await incoming.snapshot())?.app?.direction).toBe('incoming');

      const placed = await app.place(
        peerToPeerCall({ callbackUri: `${url}/callback`, to: user('112f7296-5fa4-42ca-bae8-6a692b15d4b8'), media: serviceHosted() }),
      );
      expect(app.ownership.owns(placed.id)).toBe(true);
      expect(app.keepAlive.has(placed.id)).toBe(true);

      await placed.data.set({ step: 2 });
      expect(await placed.data.update((current) => ({ step: (current?.step ?? 0) + 1 }))).toEqual({ step: 3 });
      expect(await placed.data.get()).toEqual({ step: 3 });
      // A value another program wrote that does not match the codec is refused, saying so.
      await app.store.update(placed.id, (record) => {
        if (record === undefined) throw new Error('expected a record');
        return { record: { ...record, app: { data: { step: 'three' } } }, result: undefined };
      });
      await expect(placed.data.get()).rejects.toBeInstanceOf(CallDataError);
      await expect(placed.data.get()).rejects.toThrow(`call ${placed.id}: the data kept with the call does not match the app's`);
    } finally {
      await app.close({ graceMs: 5000 });
      await server.close();
    }
  });
});
