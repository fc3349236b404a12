import { SharedAnswers } from '../src/admin/SharedAnswers';

/** A computation the test finishes by hand, counting how often it was started. */
function gate() {
  let runs = 0;
  const pending: Array<{ resolve: (value: string | undefined) => void; reject: (error: Error) => void }> = [];
  return {
    compute: () => {
      runs += 1;
      return new Promise<string | undefined>((resolve, reject) => pending.push({ resolve, reject }));
    },
    finish: (value: string | undefined) => pending.shift()?.resolve(value),
    fail: (error: Error) => pending.shift()?.reject(error),
    get runs() {
      return runs;
    },
  };
}

describe('SharedAnswers', () => {
  it('runs one computation for every identical request under way, and reuses its answer within the window', async () => {
    let now = 1_000;
    const shared = new SharedAnswers<string>({ windowMs: 250, now: () => now });
    const g = gate();
    const twenty = Array.from({ length: 20 }, () => shared.get('status?limit=50', g.compute));
    expect(g.runs).toBe(1);
    g.finish('page 1');
    expect(await Promise.all(twenty)).toEqual(Array.from({ length: 20 }, () => 'page 1'));
    now += 249;
    expect(await shared.get('status?limit=50', g.compute)).toBe('page 1');
    expect(g.runs).toBe(1);
    // Past the window: computed again.
    now += 1;
    const again = shared.get('status?limit=50', g.compute);
    expect(g.runs).toBe(2);
    g.finish('page 1 later');
    expect(await again).toBe('page 1 later');
  });

  it('keeps each query apart', async () => {
    const shared = new SharedAnswers<string>({ now: () => 0 });
    const g = gate();
    const live = shared.get('state=established', g.compute);
    const ended = shared.get('state=terminated', g.compute);
    expect(g.runs).toBe(2);
    g.finish('live');
    g.finish('ended');
    expect([await live, await ended]).toEqual(['live', 'ended']);
  });

  it('keeps neither a turned-away answer nor a failure: the next request computes again', async () => {
    const shared = new SharedAnswers<string>({ now: () => 0 });
    const g = gate();
    const busy = shared.get('q', g.compute);
    g.finish(undefined);
    expect(await busy).toBeUndefined();
    const failed = shared.get('q', g.compute);
    expect(g.runs).toBe(2);
    g.fail(new Error('the call store did not answer'));
    await expect(failed).rejects.toThrow('the call store did not answer');
    const fine = shared.get('q', g.compute);
    expect(g.runs).toBe(3);
    g.finish('ok');
    expect(await fine).toBe('ok');
  });

  it('remembers at most maxKeys queries, forgetting the oldest', async () => {
    const shared = new SharedAnswers<string>({ maxKeys: 2, now: () => 0 });
    const g = gate();
    for (const key of ['a', 'b', 'c']) {
      const answer = shared.get(key, g.compute);
      g.finish(key);
      await answer;
    }
    expect(g.runs).toBe(3);
    expect(await shared.get('c', g.compute)).toBe('c');
    expect(g.runs).toBe(3);
    const a = shared.get('a', g.compute);
    expect(g.runs).toBe(4);
    g.finish('a again');
    expect(await a).toBe('a again');
  });
});
