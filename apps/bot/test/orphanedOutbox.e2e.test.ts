import { eventually } from '@graph-calling/test-support/eventually';
import { redisFleet } from './redisFleet';

/**
 * The IVR's key reaches an instance that does not own the call; it stores the key's events in the
 * call's outbox, answers 202 and is SIGKILLed before its claim reaches Redis (a proxy holds the claim,
 * so the moment is exact, not a race). Graph never sends an answered notification again: the owner
 * must find the orphaned entry on its sweep and carry the IVR on to the transfer.
 */

const TRANSFER_TO = '+14255550199';

/** Whether `sent` (RESP bytes from a bot to Redis) holds a script run that takes an outbox entry: a claim, not the write that stores it. */
function outboxClaim(sent: Buffer): boolean {
  const text = sent.toString('latin1');
  // The write carries the record's summary (`{"callId":…`); HMGET reads the entry before writing; a claim names the entry only.
  return /\$7\r\nevalsha\r\n|\$4\r\neval\r\n/i.test(text) && text.includes('outbox:') && !text.includes('{"callId":');
}

describe('a key acknowledged by an instance killed before it claimed it', () => {
  const fleet = redisFleet({ name: 'outbox', leaseMs: 3000, keepAliveMs: 60_000, keepAliveWindowMs: 600_000, proxy: true });

  it('reaches the owner’s IVR through its sweep: the call is recorded and transferred', async () => {
    const { simulator } = fleet;
    const ivr = { BOT_INCOMING: `ivr:${TRANSFER_TO}` };
    const owner = await fleet.startBot(ivr);
    const victim = await fleet.startBot(ivr, fleet.proxy.url);
    fleet.balance(1, [owner]);
    const id = simulator.actions.ring({
      callbackUri: `${owner.url}/callback`,
      from: { phone: { id: '+14255551000' } },
      to: { applicationInstance: { id: '3d913abb-aec0-4964-8fa6-3c6850c4f278', displayName: 'Calling Bot' } },
    }).id;
    // The owner answered, subscribed to keys and played its prompt: its IVR waits for the caller's key.
    await eventually(() => {
      const truth = simulator.actions.truth(id);
      return truth.toneSubscribed && truth.operations.some((o) => o.type === 'playPromptOperation' && o.status === 'completed');
    }, 30_000);
    expect(await fleet.owners([id])).toEqual([owner.instance]);
    // Every notification so far was claimed by the owner: the one entry left below is the victim's.
    const outboxEmpty = async () => (await fleet.inspect.hkeys(`graph-calling:call:${id}`)).every((field) => !field.startsWith('outbox'));
    await eventually(outboxEmpty, 20_000);

    // The key's notification goes to the victim; its claim of the stored events never reaches Redis.
    fleet.balance(1, [victim]);
    const claimHeld = fleet.proxy.pauseOn(outboxClaim);
    simulator.actions.pressKeys(id, ['1']);
    await claimHeld;
    await eventually(
      () =>
        simulator.control
          .deliveries()
          .some(
            (d) => d.callId === id && d.url === `${victim.url}/callback` && d.status === 202 && JSON.stringify(d.body).includes('"tone1"'),
          ),
      20_000,
    );
    await victim.kill();
    fleet.balance(1, [owner]);
    const outboxes = (await fleet.inspect.hkeys(`graph-calling:call:${id}`)).filter((field) => field.startsWith('outbox:'));
    expect(outboxes).toHaveLength(1);
    const [orphan] = outboxes;

    // The owner's sweep dispatches the orphaned key: its IVR records (the caller ends it with #) and transfers.
    await eventually(() => simulator.actions.truth(id).recordingActive, 20_000);
    simulator.actions.pressKeys(id, ['#']);
    await eventually(() => simulator.actions.truth(id).transferredTo !== undefined, 20_000);
    expect(simulator.actions.truth(id)).toMatchObject({
      tonesReported: ['tone1', 'pound'],
      transferredTo: { phone: { id: TRANSFER_TO } },
    });
    // The orphaned entry is gone. Each later notification also passes through the outbox (written, then claimed by
    // the owner), so one may be between its write and its claim right now: the outbox empties once they are claimed.
    expect(await fleet.inspect.hkeys(`graph-calling:call:${id}`)).not.toContain(orphan);
    await eventually(outboxEmpty, 20_000);
    expect(owner.log()).toMatch(/dispatched events another instance stored and acknowledged but never dispatched/);
  }, 90_000);
});
