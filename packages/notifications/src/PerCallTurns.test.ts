import { PerCallTurns } from './PerCallTurns';

describe('PerCallTurns: one task at a time per call', () => {
  it('answers synchronously for an idle call whose task is synchronous', () => {
    const turns = new PerCallTurns();
    expect(turns.run('c1', () => 1)).toBe(1);
    expect(turns.run('c1', () => 2)).toBe(2);
  });

  it('runs a call’s tasks in the order handed in, each after the previous one settled; other calls at once', async () => {
    const turns = new PerCallTurns();
    const log: string[] = [];
    let release: () => void = () => undefined;
    const first = turns.run('c1', async () => {
      log.push('c1:1 start');
      await new Promise<void>((resolve) => (release = resolve));
      log.push('c1:1 end');
    });
    const second = turns.run('c1', () => void log.push('c1:2'));
    const other = turns.run('c2', () => void log.push('c2:1'));
    expect(other).toBeUndefined();
    expect(log).toEqual(['c1:1 start', 'c2:1']);
    release();
    await Promise.all([first, second]);
    expect(log).toEqual(['c1:1 start', 'c2:1', 'c1:1 end', 'c1:2']);
  });

  it('goes on with the next task after one that throws or rejects', async () => {
    const turns = new PerCallTurns();
    expect(() =>
      turns.run('c1', () => {
        throw new Error('sync');
      }),
    ).toThrow('sync');
    const rejected = turns.run('c1', () => Promise.reject(new Error('async')));
    const after = turns.run('c1', () => 'ran');
    await expect(rejected).rejects.toThrow('async');
    await expect(after).resolves.toBe('ran');
    expect(turns.run('c1', () => 'idle again')).toBe('idle again');
  });
});
