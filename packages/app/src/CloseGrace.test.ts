import { CloseGrace } from './CloseGrace';

describe('CloseGrace: the grace period of close()', () => {
  it('is unbounded until armed, and counts down once armed', () => {
    const grace = new CloseGrace();
    expect(grace.remainingMs()).toBe(Number.POSITIVE_INFINITY);
    grace.arm(60_000);
    expect(grace.remainingMs()).toBeGreaterThan(0);
    expect(grace.remainingMs()).toBeLessThanOrEqual(60_000);
    grace.disarm();
  });

  it('aborts the signal of every task under way when the period is over, with the reason', async () => {
    const grace = new CloseGrace();
    const reasons = await Promise.all([1, 2, 3].map(() => grace.within((signal) => abortedWith(signal, () => grace.arm(0)))));
    expect(reasons.map(String)).toEqual([1, 2, 3].map(() => 'Error: the grace period of close() is over'));
    expect(grace.remainingMs()).toBe(0);
  });

  it('hands a task started after the period an aborted signal', async () => {
    const grace = new CloseGrace();
    grace.arm(0);
    await grace.within((signal) => abortedWith(signal, () => undefined));
    const started = await grace.within((signal) => Promise.resolve(signal.aborted));
    expect(started).toBe(true);
  });

  it('a hurried period (armed again, shorter) replaces the first timer', async () => {
    const grace = new CloseGrace();
    grace.arm(60_000);
    const reason = await grace.within((signal) => abortedWith(signal, () => grace.arm(1)));
    expect(String(reason)).toBe('Error: the grace period of close() is over');
  });
});

/** Resolves with the signal's reason once it aborts (after calling `then`, which may end the period). */
function abortedWith(signal: AbortSignal, then: () => void): Promise<unknown> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(signal.reason);
    else signal.addEventListener('abort', () => resolve(signal.reason), { once: true });
    then();
  });
}
