import { alternatingRounds } from '../measure';
import { median, middleHalf, quantile, round1, round2, round3 } from '../stats';

describe('the statistics every suite reports with', () => {
  it('takes the middle measurement, or the mean of the middle two, whatever the order; none is NaN', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNaN();
    const measured = [9, 2, 7];
    median(measured);
    expect(measured).toEqual([9, 2, 7]);
  });

  it('gives the middle half of a set: its quartiles, interpolated as the median is, whatever the order', () => {
    // Five paired rounds: the second and fourth smallest.
    expect(middleHalf([0.9, 0.7, 0.8, 1.0, 0.6])).toEqual({ low: 0.7, high: 0.9 });
    // Four: a quarter of the way between the first two, and three quarters between the last two.
    expect(middleHalf([1, 2, 3, 5])).toEqual({ low: 1.75, high: 3.5 });
    expect(middleHalf([0.8123])).toEqual({ low: 0.812, high: 0.812 });
    const none = middleHalf([]);
    expect(none.low).toBeNaN();
    expect(none.high).toBeNaN();
    const measured = [3, 1, 2];
    middleHalf(measured);
    expect(measured).toEqual([3, 1, 2]);
  });

  it('gives any quantile the same way: the ends are the extremes, and between two measurements it interpolates', () => {
    const ms = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(quantile(ms, 0)).toBe(1);
    expect(quantile(ms, 1)).toBe(100);
    expect(quantile(ms, 0.5)).toBe(median(ms));
    expect(round2(quantile(ms, 0.99))).toBe(99.01);
    expect(quantile([], 0.99)).toBeNaN();
  });

  it('rounds figures for the report', () => {
    expect(round1(41.26)).toBe(41.3);
    expect(round2(7.374)).toBe(7.37);
    expect(round3(0.84951)).toBe(0.85);
  });
});

describe('alternatingRounds', () => {
  it('runs every load once a round, forward then backward, and keeps each round apart', async () => {
    const ran: string[] = [];
    let n = 0;
    const load = (name: string) => () => {
      ran.push(name);
      n += 1;
      return Promise.resolve(n);
    };
    const rounds = await alternatingRounds(3, { base: load('base'), subject: load('subject'), cold: load('cold') });
    expect(ran).toEqual(['base', 'subject', 'cold', 'cold', 'subject', 'base', 'base', 'subject', 'cold']);
    expect(rounds).toEqual([
      { base: 1, subject: 2, cold: 3 },
      { cold: 4, subject: 5, base: 6 },
      { base: 7, subject: 8, cold: 9 },
    ]);
  });
});
