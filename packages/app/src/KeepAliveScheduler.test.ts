import { KeepAliveScheduler } from './KeepAliveScheduler';

describe('KeepAliveScheduler', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function scheduler(fenced = new Set<string>(), gone = new Set<string>()) {
    const sent: string[] = [];
    const ended: string[] = [];
    const keepAlive = new KeepAliveScheduler({
      everyMs: 1000,
      now: () => Date.now(),
      send: (callId) => {
        sent.push(callId);
        return gone.has(callId) ? Promise.reject(Object.assign(new Error('gone'), { status: 404 })) : Promise.resolve();
      },
      mayAct: (callId) => !fenced.has(callId),
      onGone: (callId) => void ended.push(callId),
    });
    return { keepAlive, sent, ended };
  }

  it('keeps every call alive with one timer, sends at once for a call taken over, and not for a call it may not act on', async () => {
    const fenced = new Set(['theirs']);
    const { keepAlive, sent } = scheduler(fenced);
    keepAlive.add('a');
    keepAlive.add('b');
    keepAlive.add('theirs');
    keepAlive.add('adopted', true);
    await jest.advanceTimersByTimeAsync(0);
    expect(sent).toEqual(['adopted']);
    expect(jest.getTimerCount()).toBe(1);
    await jest.advanceTimersByTimeAsync(1000);
    expect(sent.sort()).toEqual(['a', 'adopted', 'adopted', 'b']);
    expect(jest.getTimerCount()).toBe(1);
    await keepAlive.close();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('forgets a call Graph answers 404 for and reports it gone', async () => {
    const { keepAlive, sent, ended } = scheduler(new Set(), new Set(['over']));
    keepAlive.add('over', true);
    await jest.advanceTimersByTimeAsync(0);
    expect(ended).toEqual(['over']);
    expect(keepAlive.has('over')).toBe(false);
    await jest.advanceTimersByTimeAsync(5000);
    expect(sent).toEqual(['over']);
  });
});
