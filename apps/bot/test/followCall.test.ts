import { CallEndedError, FOREVER, followCall, summarize, type CallSnapshot, type FollowedCall } from '../src/followCall';

/** A call whose state the test sets; hanging up ends it as Graph would (200/7000). */
class FakeCall implements FollowedCall {
  readonly id = 'c1';
  hangUps = 0;
  private snapshot: CallSnapshot = { state: 'establishing' };
  private readonly waiting = new Set<() => void>();

  set(snapshot: CallSnapshot): void {
    this.snapshot = snapshot;
    for (const check of [...this.waiting]) check();
  }

  waitFor(predicate: (s: CallSnapshot) => boolean, timeoutMs: number): Promise<CallSnapshot> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!predicate(this.snapshot)) return;
        this.waiting.delete(check);
        clearTimeout(timer);
        resolve(this.snapshot);
      };
      const timer =
        timeoutMs === FOREVER
          ? undefined
          : setTimeout(() => {
              this.waiting.delete(check);
              reject(new Error(`timed out at ${this.snapshot.state}`));
            }, timeoutMs);
      this.waiting.add(check);
      check();
    });
  }

  async hangUp(): Promise<void> {
    this.hangUps += 1;
    setTimeout(() => this.set({ state: 'terminated', resultInfo: { code: 200, subcode: 7000, message: 'ended by bot' } }), 50);
  }
}

beforeEach(() => jest.useFakeTimers({ now: 0 }));
afterEach(() => jest.useRealTimers());

describe('followCall', () => {
  it('hangs up after the duration once the call is established, and says so', async () => {
    const call = new FakeCall();
    const done = followCall(call, { until: 'terminated', timeoutMs: 60_000, durationMs: 5000, now: () => Date.now() });
    await jest.advanceTimersByTimeAsync(120);
    call.set({ state: 'established' });
    await jest.advanceTimersByTimeAsync(4999);
    expect(call.hangUps).toBe(0);
    await jest.advanceTimersByTimeAsync(100);
    const outcome = await done;
    expect(call.hangUps).toBe(1);
    expect(outcome).toEqual({
      callId: 'c1',
      reached: 'terminated',
      establishedAfterMs: 120,
      upMs: 5050,
      endedBy: 'bot',
      resultInfo: { code: 200, subcode: 7000, message: 'ended by bot' },
    });
    expect(summarize(outcome, false)).toBe('summary: call c1 established in 0.1 s, up 5.0 s, hung up by the bot (200/7000 ended by bot)');
  });

  it('ends when the far side hangs up first, without hanging up itself', async () => {
    const call = new FakeCall();
    const done = followCall(call, { until: 'terminated', timeoutMs: 60_000, durationMs: 5000, now: () => Date.now() });
    call.set({ state: 'established' });
    await jest.advanceTimersByTimeAsync(2000);
    call.set({ state: 'terminated', resultInfo: { code: 200, subcode: 5001, message: 'peer left' } });
    const outcome = await done;
    expect(call.hangUps).toBe(0);
    expect(summarize(outcome, false)).toBe('summary: call c1 established in 0.0 s, up 2.0 s, hung up by the far side (200/5001 peer left)');
    await jest.advanceTimersByTimeAsync(10_000);
    expect(call.hangUps).toBe(0);
  });

  it('without a duration (real Graph) stays with the call until it ends', async () => {
    const call = new FakeCall();
    const done = followCall(call, { until: 'terminated', timeoutMs: 1000, durationMs: undefined, now: () => Date.now() });
    call.set({ state: 'established' });
    await jest.advanceTimersByTimeAsync(3_600_000);
    expect(call.hangUps).toBe(0);
    call.set({ state: 'terminated' });
    expect((await done).upMs).toBe(3_600_000);
  });

  it('returns at --until without hanging up; the summary says what happens next', async () => {
    const call = new FakeCall();
    const done = followCall(call, { until: 'established', timeoutMs: 60_000, durationMs: undefined, now: () => Date.now() });
    await jest.advanceTimersByTimeAsync(300);
    call.set({ state: 'established' });
    const outcome = await done;
    expect(call.hangUps).toBe(0);
    expect(summarize(outcome, false)).toBe('summary: call c1 established in 0.3 s; the bot hangs up as it exits');
    expect(summarize(outcome, true)).toBe('summary: call c1 established in 0.3 s; left up (--detach): hang it up with `bot hangup c1`');
  });

  it('fails with the reason when the call ends before --until', async () => {
    const call = new FakeCall();
    const done = followCall(call, { until: 'established', timeoutMs: 60_000, durationMs: undefined });
    call.set({ state: 'terminated', resultInfo: { code: 603, subcode: 0, message: 'declined' } });
    await expect(done).rejects.toThrow(new CallEndedError('c1', 'established', { code: 603, subcode: 0, message: 'declined' }));
    await expect(done).rejects.toThrow('call c1 ended before reaching established (603/0 declined)');
  });

  it('reports a call that never came up, and times out waiting for it when a duration is set', async () => {
    const declined = new FakeCall();
    const done = followCall(declined, { until: 'terminated', timeoutMs: 60_000, durationMs: 5000 });
    declined.set({ state: 'terminated', resultInfo: { code: 408, subcode: 10057, message: 'no answer' } });
    expect(summarize(await done, false)).toBe('summary: call c1 ended before it was established (408/10057 no answer)');

    const silent = new FakeCall();
    const waiting = followCall(silent, { until: 'terminated', timeoutMs: 1000, durationMs: 5000 });
    const failed = expect(waiting).rejects.toThrow('timed out at establishing');
    await jest.advanceTimersByTimeAsync(1000);
    await failed;
  });
});
