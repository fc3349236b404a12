import type {
  CallbackEvent,
  CallRecord,
  CallStore,
  CallStoreChange,
  CallSummary,
  FeedMessage,
  OutboxShare,
  OutboxUpdate,
} from '@graph-calling/notifications';
import { RedisCallStore, RedisEventFeed } from '@graph-calling/store-redis';
import type { Simulator } from '@graph-calling/simulator';
import { eventually } from '@graph-calling/test-support/eventually';
import { startBot } from '../examples/bot';
import { ivrFleet } from './ivrFleet';
import { simulatorSettings } from './simulatorSettings';

/**
 * An instance that is not a call's owner receives the caller's key, stores it in the outbox, answers
 * 202 and dies before claiming it: Graph never sends it again, so the owner's sweep must find the
 * orphaned entry and dispatch it — or the owner's IVR waits for a key that never comes. Or it claims
 * the key and dies before publishing it to the other instances: the claim itself must have shared it.
 */

const fleet = ivrFleet();
let simulator: Simulator;

beforeAll(() => {
  simulator = fleet.simulator;
});

/**
 * A Redis store whose receiver "dies" between answering a callback and claiming its outbox entry once
 * `dead` is set: the entry is written (and the callback answered 202), the claim never runs.
 */
class DyingReceiverStore implements CallStore {
  dead = false;
  /** The notification keys whose entries this store wrote and never claimed. */
  readonly unclaimed: string[] = [];

  constructor(private readonly inner: RedisCallStore) {}

  get(callId: string): Promise<CallRecord | undefined> {
    return this.inner.get(callId);
  }

  update<T, R extends CallRecord | undefined = CallRecord>(
    callId: string,
    change: (before: CallRecord | undefined) => CallStoreChange<T, R>,
  ) {
    return this.inner.update(callId, change);
  }

  delete(callId: string): Promise<boolean> {
    return this.inner.delete(callId);
  }

  list(): Promise<readonly CallRecord[]> {
    return this.inner.list();
  }

  summaries(callIds: readonly string[]): Promise<ReadonlyArray<CallSummary | undefined>> {
    return this.inner.summaries(callIds);
  }

  async updateWithOutbox(
    callId: string,
    key: string,
    change: (before: CallRecord | undefined) => CallStoreChange<readonly CallbackEvent[]>,
    share?: OutboxShare,
  ): Promise<OutboxUpdate> {
    // The receiver writes as always (its claims would share what they take); it dies before claiming.
    const update = await this.inner.updateWithOutbox(callId, key, change, share);
    if (!this.dead) return update;
    return {
      ...update,
      shared: false,
      claim: () => {
        this.unclaimed.push(key);
        return Promise.resolve([]);
      },
    };
  }
}

/**
 * A feed whose instance dies right after dispatching an event to its own handlers, before its publish
 * reaches Redis: nothing it publishes itself goes out (what Redis publishes for it, in a claim, does).
 */
class DyingPublisherFeed extends RedisEventFeed {
  readonly dropped: FeedMessage[] = [];

  override publish(message: FeedMessage): Promise<void> {
    this.dropped.push(message);
    return Promise.resolve();
  }
}

async function instance(options: {
  readonly dying?: boolean;
  readonly mute?: boolean;
  readonly ownership?: { sweepMs: number; orphanedOutboxAfterMs: number };
}) {
  const { redis: connection, store, feed, ...parts } = await fleet.parts();
  const dying = options.dying === true ? new DyingReceiverStore(store) : undefined;
  const mute = options.mute === true ? new DyingPublisherFeed({ redis: connection }) : undefined;
  const bot = await startBot({
    ...simulatorSettings(simulator),
    ...parts,
    store: dying ?? store,
    feed: mute ?? feed,
    transferTo: '+14255550199',
    ...(options.ownership !== undefined ? { ownership: options.ownership } : {}),
  });
  const tones: Array<{ readonly tone: string; readonly source: string }> = [];
  bot.app.on('tone.received', (event, _call, context) => void tones.push({ tone: event.tone, source: context.source }));
  return { ...bot, dying, mute, tones, connection };
}

/** Whether `url` answered 202 to a notification carrying the caller's key `tone`. */
function keyAnswered(callId: string, url: string, tone: string): boolean {
  return simulator.control
    .deliveries()
    .some((d) => d.callId === callId && d.url === url && d.status === 202 && JSON.stringify(d.body).includes(`"tone":"${tone}"`));
}

describe('an outbox entry whose receiver died before claiming it', () => {
  it('is dispatched by the call’s owner on its next sweep: the owner’s IVR takes the key and runs to the transfer', async () => {
    // The owner sweeps only when the test says so (no timer races the assertions); any unclaimed entry counts as orphaned.
    const [a, b] = await Promise.all([
      instance({ ownership: { sweepMs: 3_600_000, orphanedOutboxAfterMs: 0 } }),
      instance({ dying: true }),
    ]);
    try {
      simulator.control.setFaults({ loadBalance: { callbackTargets: [a.app.callbackUri] } });
      const call = simulator.actions.ring({ callbackUri: a.app.callbackUri, from: { phone: { id: '+14255550123' } } });
      // a answered and owns the call; its IVR played the prompt and waits for the key.
      await eventually(async () => (await a.app.call(call.id).data.get())?.step === 'key', 20_000);
      expect(a.app.ownership.owns(call.id)).toBe(true);
      expect(b.app.ownership.owns(call.id)).toBe(false);

      // The key's notification reaches b, which stores it, answers 202 and dies before claiming it.
      b.dying!.dead = true;
      simulator.control.setFaults({ loadBalance: { callbackTargets: [b.app.callbackUri] } });
      simulator.actions.pressKeys(call.id, ['1']);
      await eventually(() => keyAnswered(call.id, b.app.callbackUri, 'tone1'), 20_000);
      await eventually(() => b.dying!.unclaimed.length > 0, 20_000);
      const outboxes = (await a.connection.hkeys(`graph-calling:call:${call.id}`)).filter((field) => field.startsWith('outbox:'));
      expect(outboxes).toHaveLength(1);
      const orphan = outboxes[0]!.slice('outbox:'.length);
      // Nobody dispatched it: neither instance heard the key, and a's IVR still waits for it.
      expect([a.tones, b.tones]).toEqual([[], []]);
      expect((await a.app.call(call.id).data.get())?.step).toBe('key');

      // The balancer takes b out; a's sweep finds the orphaned entry and dispatches it as a received event.
      simulator.control.setFaults({ loadBalance: { callbackTargets: [a.app.callbackUri] } });
      await a.app.ownership.sweep();
      expect(a.tones).toEqual([{ tone: 'tone1', source: 'outbox' }]);
      // The entry is gone (the IVR's next steps may already have put their own notifications through the outbox).
      const left = await a.connection.hkeys(`graph-calling:call:${call.id}`);
      expect(left.filter((field) => field === `outbox:${orphan}` || field === `outbox-at:${orphan}`)).toEqual([]);
      await eventually(async () => (await a.app.call(call.id).data.get())?.step === 'record', 20_000);
      expect(await a.app.call(call.id).data.get()).toMatchObject({ key: 'tone1' });

      // The rest of the IVR runs on a as usual.
      await eventually(() => simulator.actions.truth(call.id).recordingActive, 20_000);
      simulator.actions.pressKeys(call.id, ['#']);
      await eventually(() => a.messages.has(call.id), 20_000);
      expect(simulator.actions.truth(call.id)).toMatchObject({
        tonesReported: ['tone1', 'pound'],
        transferredTo: { phone: { id: '+14255550199' } },
      });
      // The key was dispatched once, by a: a second sweep finds nothing more.
      await a.app.ownership.sweep();
      expect(a.tones.filter((t) => t.tone === 'tone1')).toHaveLength(1);
    } finally {
      simulator.control.setFaults({});
      await Promise.all([a.app.close({ graceMs: 5000 }), b.app.close({ graceMs: 5000 })]);
    }
  });
});

describe('an outbox entry claimed by an instance that dies before publishing its events', () => {
  it('reaches the call’s owner all the same: the claim published the events in the same step', async () => {
    const [a, b] = await Promise.all([instance({}), instance({ mute: true })]);
    try {
      simulator.control.setFaults({ loadBalance: { callbackTargets: [a.app.callbackUri] } });
      const call = simulator.actions.ring({ callbackUri: a.app.callbackUri, from: { phone: { id: '+14255550124' } } });
      await eventually(async () => (await a.app.call(call.id).data.get())?.step === 'key', 20_000);
      expect(a.app.ownership.owns(call.id)).toBe(true);

      // The key reaches b, which claims it and runs its own handlers, and never gets to publish anything.
      simulator.control.setFaults({ loadBalance: { callbackTargets: [b.app.callbackUri] } });
      simulator.actions.pressKeys(call.id, ['1']);
      await eventually(() => b.tones.length > 0, 20_000);
      expect(b.tones).toEqual([{ tone: 'tone1', source: 'callback' }]);
      // The app publishes nothing the claim already shared: b's own feed was not even asked to.
      expect(b.mute!.dropped.filter((m) => m.events.some((e) => e.type === 'tone.received'))).toEqual([]);

      // a's IVR got the key through the message the claim published, and runs to the transfer.
      await eventually(async () => (await a.app.call(call.id).data.get())?.step === 'record', 20_000);
      expect(await a.app.call(call.id).data.get()).toMatchObject({ key: 'tone1' });
      simulator.control.setFaults({ loadBalance: { callbackTargets: [a.app.callbackUri] } });
      await eventually(() => simulator.actions.truth(call.id).recordingActive, 20_000);
      simulator.actions.pressKeys(call.id, ['#']);
      await eventually(() => a.messages.has(call.id), 20_000);
      expect(simulator.actions.truth(call.id)).toMatchObject({ transferredTo: { phone: { id: '+14255550199' } } });
    } finally {
      simulator.control.setFaults({});
      await Promise.all([a.app.close({ graceMs: 5000 }), b.app.close({ graceMs: 5000 })]);
    }
  });
});
