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

describe('PerCallTurns: tasks handed in from inside a running one', () => {
  it('runs a task of the same call handed in by a synchronous one after it, and other calls at once', async () => {
    const turns = new PerCallTurns();
    const log: string[] = [];
    let inner: unknown;
    let other: unknown;
    const outer = turns.run('c1', () => {
      log.push('c1:outer start');
      inner = turns.run('c1', () => void log.push('c1:inner'));
      other = turns.run('c2', () => {
        log.push('c2 start');
        // c1 is still running, further out: this one waits for it too.
        return turns.run('c1', () => void log.push('c1:from c2'));
      });
      log.push('c1:outer end');
      return 'outer';
    });
    expect(outer).toBe('outer');
    expect(log).toEqual(['c1:outer start', 'c2 start', 'c1:outer end']);
    await Promise.all([inner, other]);
    expect(log).toEqual(['c1:outer start', 'c2 start', 'c1:outer end', 'c1:inner', 'c1:from c2']);
    expect(turns.run('c1', () => 'idle again')).toBe('idle again');
  });

  it('keeps later tasks waiting behind a synchronous start that turns asynchronous, and one that throws', async () => {
    const turns = new PerCallTurns();
    const log: string[] = [];
    let release: () => void = () => undefined;
    const first = turns.run('c1', () => new Promise<void>((resolve) => (release = resolve)).then(() => void log.push('first')));
    const second = turns.run('c1', () => void log.push('second'));
    expect(log).toEqual([]);
    release();
    await Promise.all([first, second]);
    expect(log).toEqual(['first', 'second']);
    let queued: unknown;
    expect(() =>
      turns.run('c1', () => {
        queued = turns.run('c1', () => 'queued ran');
        throw new Error('sync');
      }),
    ).toThrow('sync');
    await expect(queued).resolves.toBe('queued ran');
    expect(turns.run('c1', () => 'idle again')).toBe('idle again');
  });
});
