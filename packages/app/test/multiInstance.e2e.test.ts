import type { Redis } from 'ioredis';
import type { LeaseChange } from '@graph-calling/app';
import { RedisCallLeases } from '@graph-calling/store-redis';
import type { Simulator } from '@graph-calling/simulator';
import { eventually } from '@graph-calling/test-support/eventually';
import { startBot } from '../examples/bot';
import { ivrFleet } from './ivrFleet';
import { simulatorSettings } from './simulatorSettings';

const fleet = ivrFleet();
let simulator: Simulator;
type Bot = Awaited<ReturnType<typeof startBot>>;

beforeAll(() => {
  simulator = fleet.simulator;
});
afterEach(() => simulator.control.setFaults({}));

async function instance(leaseMs = 30_000): Promise<Bot> {
  return (await withConnection(leaseMs)).bot;
}

async function withConnection(leaseMs: number): Promise<{ bot: Bot; connection: Redis }> {
  const { redis: connection, ...parts } = await fleet.parts(leaseMs);
  return { bot: await startBot({ ...simulatorSettings(simulator), ...parts, transferTo: '+14255550199' }), connection };
}

/** Plays the caller of one IVR call: waits for the prompt, presses 1, then # once the recording listens. */
async function caller(callId: string): Promise<void> {
  await eventually(
    () => simulator.actions.truth(callId).operations.some((o) => o.type === 'playPromptOperation' && o.status === 'completed'),
    20_000,
  );
  simulator.actions.pressKeys(callId, ['1']);
  await eventually(() => simulator.actions.truth(callId).recordingActive, 20_000);
  simulator.actions.pressKeys(callId, ['#']);
}

/** The callback URL that received the completion of the call's prompt. */
function promptCompletionTarget(callId: string): string | undefined {
  return simulator.control
    .deliveries()
    .find(
      (d) =>
        d.callId === callId &&
        d.status === 202 &&
        JSON.stringify(d.body).includes('"playPromptOperation"') &&
        JSON.stringify(d.body).includes('"completed"'),
    )?.url;
}

describe('two app instances on one Redis, notifications spread over both', () => {
  it('run every IVR to its transfer, also when the prompt completion reaches the other instance', async () => {
    const [a, b] = await Promise.all([instance(), instance()]);
    try {
      // Each sees the other once it has swept (the count a `/health` route reports).
      await Promise.all([a.app.ownership.sweep(), b.app.ownership.sweep()]);
      expect([a.app.counts().others, b.app.counts().others]).toEqual([1, 1]);
      simulator.control.setFaults({ seed: 7, loadBalance: { callbackTargets: [a.app.callbackUri, b.app.callbackUri] } });
      const calls = Array.from({ length: 8 }, (_, i) =>
        simulator.actions.ring({ callbackUri: a.app.callbackUri, from: { phone: { id: `+1425555010${i}` } } }),
      );
      await Promise.all(calls.map((call) => caller(call.id)));
      await eventually(() => calls.every((call) => a.messages.has(call.id) || b.messages.has(call.id)), 20_000);
      let crossed = 0;
      for (const call of calls) {
        const truth = simulator.actions.truth(call.id);
        expect(truth).toMatchObject({
          answered: true,
          tonesReported: ['tone1', 'pound'],
          transferredTo: { phone: { id: '+14255550199' } },
        });
        const ranOn = a.messages.has(call.id) ? a : b;
        expect(ranOn.messages.get(call.id)).toBe(truth.operations.find((o) => o.type === 'recordOperation')?.recordingLocation);
        if (promptCompletionTarget(call.id) !== ranOn.app.callbackUri) crossed += 1;
      }
      // The seeded spread sends some prompt completions to the instance that does not run the IVR.
      expect(crossed).toBeGreaterThan(0);
    } finally {
      await Promise.all([a.app.close({ graceMs: 5000 }), b.app.close({ graceMs: 5000 })]);
    }
  });

  it('hand a call over on close: the other instance takes it and resumes the IVR from its stored step', async () => {
    const [a, b] = await Promise.all([instance(900), instance(900)]);
    try {
      simulator.control.setFaults({ loadBalance: { callbackTargets: [a.app.callbackUri] } });
      const call = simulator.actions.ring({ callbackUri: a.app.callbackUri, from: { phone: { id: '+14255550111' } } });
      await eventually(async () => (await a.app.call(call.id).data.get())?.step === 'key', 20_000);
      expect(a.app.ownership.owns(call.id)).toBe(true);
      // The load balancer stops sending to a, which shuts down and hands its call over.
      simulator.control.setFaults({ loadBalance: { callbackTargets: [b.app.callbackUri] } });
      const report = await a.app.close({ graceMs: 5000 });
      expect(report).toMatchObject({ mode: 'handover', handedOver: [call.id], hungUp: [] });
      await eventually(() => b.app.ownership.owns(call.id), 20_000);
      await caller(call.id);
      await eventually(() => b.messages.has(call.id), 20_000);
      expect(simulator.actions.truth(call.id)).toMatchObject({
        tonesReported: ['tone1', 'pound'],
        transferredTo: { phone: { id: '+14255550199' } },
      });
      expect(a.messages.has(call.id)).toBe(false);
    } finally {
      await Promise.all([a.app.close({ graceMs: 5000 }), b.app.close({ graceMs: 5000 })]);
    }
  });

  it('stop a partitioned owner’s flow once its lease runs out; the other instance takes the call over and finishes it alone', async () => {
    const { bot: a, connection } = await withConnection(900);
    const b = await instance(900);
    const changes = { a: [] as LeaseChange[], b: [] as LeaseChange[] };
    a.app.onLeaseChange((change) => changes.a.push(change));
    b.app.onLeaseChange((change) => changes.b.push(change));
    try {
      simulator.control.setFaults({ loadBalance: { callbackTargets: [a.app.callbackUri] } });
      const call = simulator.actions.ring({ callbackUri: a.app.callbackUri, from: { phone: { id: '+14255550122' } } });
      await eventually(async () => (await a.app.call(call.id).data.get())?.step === 'key', 20_000);
      // a loses Redis (its commands fail; its lease is no longer renewed) and the load balancer sends to b.
      simulator.control.setFaults({ loadBalance: { callbackTargets: [b.app.callbackUri] } });
      connection.disconnect();
      await eventually(() => b.app.ownership.owns(call.id), 20_000);
      expect(a.app.ownership.owns(call.id)).toBe(false);
      // b says whom it took the call from and why (a no longer heartbeats); a, cut off, says it lost it.
      await eventually(() => changes.b.length > 0, 20_000);
      expect(changes.b).toEqual([
        { type: 'takeover', callId: call.id, from: a.app.instanceId, to: b.app.instanceId, reason: 'owner-dead', at: expect.any(Number) },
      ]);
      await eventually(() => changes.a.length > 0, 20_000);
      expect(changes.a).toEqual([{ type: 'lost', callId: call.id, from: a.app.instanceId, at: expect.any(Number) }]);
      await expect(a.app.call(call.id).transfer({ to: { kind: 'phone', id: '+14255550100' } })).rejects.toMatchObject({
        code: 'lease-lost',
      });
      await caller(call.id);
      await eventually(() => b.messages.has(call.id), 20_000);
      const truth = simulator.actions.truth(call.id);
      expect(truth).toMatchObject({ tonesReported: ['tone1', 'pound'], transferredTo: { phone: { id: '+14255550199' } } });
      // One prompt (a's, before the partition) and one recording (b's): a never acted after its lease ran out.
      expect(truth.operations.map((o) => o.type).sort()).toEqual(['playPromptOperation', 'recordOperation', 'subscribeToToneOperation']);
      expect(a.messages.has(call.id)).toBe(false);
    } finally {
      await Promise.all([a.app.close({ graceMs: 2000 }), b.app.close({ graceMs: 5000 })]);
    }
  });

  it('tell whom a call was lost to: a live owner whose lease ran out, taken over by the other instance', async () => {
    const { bot: a, connection } = await withConnection(30_000);
    const b = await instance(30_000);
    const changes = { a: [] as LeaseChange[], b: [] as LeaseChange[] };
    a.app.onLeaseChange((change) => changes.a.push(change));
    b.app.onLeaseChange((change) => changes.b.push(change));
    try {
      simulator.control.setFaults({ loadBalance: { callbackTargets: [a.app.callbackUri] } });
      const call = simulator.actions.ring({ callbackUri: a.app.callbackUri, from: { phone: { id: '+14255550133' } } });
      await eventually(async () => (await a.app.call(call.id).data.get())?.step === 'key', 20_000);
      await Promise.all([a.app.ownership.sweep(), b.app.ownership.sweep()]);
      // a's lease runs out while a is alive (as after a long pause): b's sweep takes the call (once it is
      // 2 s old). Deleted again each round, in case a's own sweep renewed it in between.
      const lease = new RedisCallLeases({ redis: connection }).aliveKey(a.app.instanceId);
      await eventually(async () => {
        // As a lease running out looks: a's instance key gone.
        await connection.del(lease);
        await b.app.ownership.sweep();
        return changes.b.length > 0;
      }, 20_000);
      expect(changes.b).toEqual([
        {
          type: 'takeover',
          callId: call.id,
          from: a.app.instanceId,
          to: b.app.instanceId,
          reason: 'lease-expired',
          at: expect.any(Number),
        },
      ]);
      // a's next sweep finds the lease is b's: the call is lost, to b.
      await a.app.ownership.sweep();
      await eventually(() => changes.a.length > 0, 20_000);
      expect(changes.a).toEqual([{ type: 'lost', callId: call.id, from: a.app.instanceId, to: b.app.instanceId, at: expect.any(Number) }]);
    } finally {
      await Promise.all([a.app.close({ graceMs: 2000 }), b.app.close({ graceMs: 2000 })]);
    }
  });
});
