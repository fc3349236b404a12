import { alternatingRounds } from '../measure';
import { median, round1, round3 } from '../stats';

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

  it('rounds figures for the report', () => {
    expect(round1(41.26)).toBe(41.3);
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
