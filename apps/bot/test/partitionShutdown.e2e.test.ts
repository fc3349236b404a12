import { eventually } from '@graph-calling/test-support/eventually';
import { keepAlivesSent, redisFleet } from './redisFleet';

const CALLS = 4;

// Issue 25, item 3: an owner cut off from Redis kept sending keep-alives for calls another instance had
// taken over, and on SIGTERM (hangup) after the partition healed hung up 12 of 12 calls a live instance owned.
describe('an owner partitioned from Redis, then stopped with BOT_ON_SHUTDOWN=hangup', () => {
  const fleet = redisFleet({ name: 'partition', leaseMs: 1000, keepAliveMs: 200, keepAliveWindowMs: 10_000, proxy: true });
  const hangup = { BOT_ON_SHUTDOWN: 'hangup' };

  it('stops acting when its lease lapses: 0 keep-alives without a lease, 0 calls hung up that B owns', async () => {
    const { simulator, proxy } = fleet;
    // A reaches Redis through the proxy and is alone when the calls are placed: it adopts them all.
    const a = await fleet.startBot(hangup, proxy.url);
    fleet.balance(25, [a]);
    const ids = await fleet.placeCalls(a, CALLS, 20);
    await fleet.ownedAndEstablished(a, ids, 15_000);
    // A keeps them alive while it holds them.
    await eventually(async () => expect(await keepAlivesSent(a)).toBeGreaterThanOrEqual(CALLS), 10_000);

    const b = await fleet.startBot(hangup);
    fleet.balance(25, [a, b]);

    // The partition: A's Redis connection goes silent, so it renews no lease. Once Redis holds none of A's
    // leases any more, whatever A sends is without one.
    proxy.pause();
    await eventually(async () => expect((await fleet.owners(ids)).filter((owner) => owner === a.instance)).toEqual([]), 10_000);
    const atLeaseEnd = await keepAlivesSent(a);
    await eventually(async () => expect(await fleet.owners(ids)).toEqual(ids.map(() => b.instance)), 10_000);
    // Several of A's keep-alive intervals pass with the partition on (B, on the same interval, sends several
    // rounds of keep-alives meanwhile), then it heals.
    const bAtTakeover = await keepAlivesSent(b);
    await eventually(async () => expect(await keepAlivesSent(b)).toBeGreaterThanOrEqual(bAtTakeover + CALLS * 8), 20_000);
    proxy.resume();
    await eventually(async () => expect(await (await fetch(`${a.adminUrl}/health`)).json()).toMatchObject({ owned: 0 }), 10_000);
    // A few more rounds after the heal: A, which owns nothing, must still send nothing.
    const bAtHeal = await keepAlivesSent(b);
    await eventually(async () => expect(await keepAlivesSent(b)).toBeGreaterThanOrEqual(bAtHeal + CALLS * 4), 20_000);
    const withoutLease = (await keepAlivesSent(a)) - atLeaseEnd;

    // SIGTERM with hangup: A holds nothing, so it hangs nothing up.
    const exit = await a.stop();
    const hungUpByA = ids.filter((id) => simulator.control.call(id)?.state !== 'established');
    expect({ withoutLease, hungUpByA, exit }).toEqual({ withoutLease: 0, hungUpByA: [], exit: 0 });
    expect(await fleet.owners(ids)).toEqual(ids.map(() => b.instance));
    // Reported by the measurement lines of the final message.
    process.stdout.write(
      `partition: keep-alives by A without a lease ${withoutLease}; calls hung up by A ${hungUpByA.length} of ${CALLS}\n`,
    );
  }, 90_000);
});
