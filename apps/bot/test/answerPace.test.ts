import { AnswerPace } from '../src/admin/AnswerPace';

describe('AnswerPace', () => {
  /** A pace on a clock that moves only when told, its waits recorded and released by hand. */
  function paced(options: { perSecond: number; burst: number; maxWaiting?: number }) {
    let now = 10_000;
    const waits: Array<{ ms: number; release: () => void }> = [];
    const pace = new AnswerPace({
      ...options,
      now: () => now,
      sleep: (ms) => new Promise<void>((release) => waits.push({ ms, release })),
    });
    return { pace, waits, advance: (ms: number) => (now += ms) };
  }

  it('lets a burst through at once, then gives each request the next slot', async () => {
    const { pace, waits } = paced({ perSecond: 10, burst: 2 });
    const turns = Array.from({ length: 6 }, () => pace.turn());
    // After a quiet while: burst + 1 at once, then one every 100 ms, in order.
    expect(waits.map((w) => w.ms)).toEqual([100, 200, 300]);
    for (const w of waits) w.release();
    expect(await Promise.all(turns)).toEqual([true, true, true, true, true, true]);
  });

  it('queues rather than refuses, up to maxWaiting; the slots of the refused stay free', async () => {
    const { pace, waits, advance } = paced({ perSecond: 10, burst: 0, maxWaiting: 2 });
    const turns = Array.from({ length: 4 }, () => pace.turn());
    expect(waits.map((w) => w.ms)).toEqual([100, 200]);
    expect(await turns[3]).toBe(false);
    for (const w of waits) w.release();
    expect(await Promise.all(turns.slice(0, 3))).toEqual([true, true, true]);
    // Once the schedule has been caught up with, a request goes through at once again.
    advance(1000);
    expect(await pace.turn()).toBe(true);
    expect(waits).toHaveLength(2);
  });
});
