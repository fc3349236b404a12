import { END_REASONS } from '@graph-calling/simulator';
import { eventually } from '@graph-calling/test-support/eventually';
import { redisFleet } from './redisFleet';

const CALLS = 4;

// Issue 25, item 5: the last instance, stopped while Redis is down, exited 0 with a stack trace and left
// every call up in Graph, with no "hung up" and no "left up" line.
describe('the last `bot serve` stopped while Redis is down', () => {
  const fleet = redisFleet({
    name: 'redis-down',
    // Longer than anything between Redis going down and the stop, however loaded the machine: the bot still owns
    // its calls when it stops (a lapsed lease would rightly leave them to another instance).
    leaseMs: 20_000,
    keepAliveMs: 500,
    keepAliveWindowMs: 10_000,
  });

  it('hangs up every call it owns from its own list, or names each one left up and exits non-zero', async () => {
    const { simulator } = fleet;
    const a = await fleet.startBot();
    fleet.balance(26, [a]);
    const ids = await fleet.placeCalls(a, CALLS, 30);
    await fleet.ownedAndEstablished(a, ids, 15_000);

    fleet.inspect.disconnect();
    await fleet.redis.pause();
    // A has noticed: its health says so.
    await eventually(async () => expect(await (await fetch(`${a.adminUrl}/health`)).json()).toMatchObject({ status: 'degraded' }), 15_000);
    const exit = await a.stop();
    // A hang-up Graph accepted (the DELETE) ends its call a step later.
    await eventually(() => ids.every((id) => simulator.control.call(id)?.state !== 'terminating'));

    const leftUp = ids.filter((id) => simulator.control.call(id)?.state !== 'terminated');
    const errorLines = a
      .log()
      .split('\n')
      .filter((line) => line.includes('"level":50'));
    const named = leftUp.filter((id) => errorLines.some((line) => line.includes(id)));
    process.stdout.write(
      `redis down: ${CALLS - leftUp.length} of ${CALLS} hung up; ${leftUp.length} left up, ${named.length} named; exit ${exit}\n`,
    );
    // Hung up by the bot (not ended by Graph for want of keep-alive).
    if (leftUp.length === 0)
      expect(ids.map((id) => simulator.control.call(id)?.resultInfo?.subcode)).toEqual(ids.map(() => END_REASONS.endedByBot.subcode));
    else expect({ named, exitNonZero: exit !== 0 }).toEqual({ named: leftUp, exitNonZero: true });
  }, 90_000);
});
