import { eventually } from '@graph-calling/test-support/eventually';
import { keepAlivesSent, redisFleet } from './redisFleet';

const KEEP_ALIVE_MS = 500;
/**
 * Graph ends a call after this long without a keep-alive (shortened from 45 minutes): sixteen keep-alive
 * periods, so that a bot process the OS leaves without a core for a few seconds (CI beside other work)
 * still keeps its calls, as it would within Graph's real window.
 */
const KEEP_ALIVE_WINDOW_MS = 8000;
const CALLS = 12;

// Issue 25, item 4: Redis restarted without persistence forgot every lease and record; 10 of 12 live calls
// got no further keep-alive and Graph ended them, while /health said "ok".
describe('Redis restarted empty under a `bot serve` with live calls', () => {
  const fleet = redisFleet({ name: 'redis-restart', leaseMs: 1000, keepAliveMs: KEEP_ALIVE_MS, keepAliveWindowMs: KEEP_ALIVE_WINDOW_MS });

  it('0 calls end for want of keep-alive: the owner claims them again and rebuilds their records', async () => {
    const { simulator, redis, inspect } = fleet;
    const a = await fleet.startBot();
    fleet.balance(27, [a]);
    const ids = await fleet.placeCalls(a, CALLS, 400);
    // A claims each call as its notifications arrive: on a loaded machine that takes a while for twelve.
    await fleet.ownedAndEstablished(a, ids, 40_000);

    // Restarted empty: every lease and record is gone.
    await redis.pause();
    await redis.start();
    const restartedAt = Date.now();
    const sentAtRestart = await keepAlivesSent(a);
    // The owner claims its calls again and rebuilds their records from Graph.
    await eventually(async () => expect(await fleet.owners(ids)).toEqual(ids.map(() => a.instance)), 20_000);
    await eventually(async () => {
      const records = await Promise.all(ids.map((id) => inspect.hget(`graph-calling:call:${id}`, 'record')));
      expect(records.map((json) => (json === null ? undefined : (JSON.parse(json) as { state?: string }).state))).toEqual(
        ids.map(() => 'established'),
      );
    }, 20_000);
    // Keep-alives go on for longer than Graph's window: a call without them would have ended by then.
    await eventually(() => Date.now() - restartedAt > KEEP_ALIVE_WINDOW_MS * 1.2, 30_000);
    await eventually(
      async () =>
        expect(await keepAlivesSent(a)).toBeGreaterThanOrEqual(sentAtRestart + CALLS * (KEEP_ALIVE_WINDOW_MS / KEEP_ALIVE_MS + 2)),
      30_000,
    );
    const ended = ids.filter((id) => simulator.control.call(id)?.state !== 'established');
    process.stdout.write(
      `redis restarted empty: ${ended.length} of ${CALLS} calls ended; ${(await keepAlivesSent(a)) - sentAtRestart} keep-alives since\n`,
    );
    expect(ended).toEqual([]);
    expect(await a.stop()).toBe(0);
  }, 150_000);
});
