import type { CallbackEvent, CallbackReceiver } from '@graph-calling/notifications';
import { CallTracker, createLogger } from '../src';

/** Only what the tracker uses of a receiver: one '*' subscription, fed by the test. */
function receiver(): { receiver: CallbackReceiver; emit: (event: CallbackEvent) => void } {
  let handler: ((event: CallbackEvent) => void) | undefined;
  const fake = { on: (_name: string, h: (event: CallbackEvent) => void) => ((handler = h), () => (handler = undefined)) };
  return { receiver: fake as unknown as CallbackReceiver, emit: (event) => handler?.(event) };
}

const terminated = (callId: string) => ({ type: 'call.terminated', callId, resultInfo: undefined, call: {} }) as unknown as CallbackEvent;

describe('CallTracker', () => {
  it('forgets ended calls beyond the last 1000, so a long-running bot stays bounded', () => {
    const tracker = new CallTracker(createLogger({ level: 'silent' }));
    const { receiver: r, emit } = receiver();
    tracker.attach(r);
    for (let i = 0; i < 1001; i += 1) {
      tracker.add(`call-${i}`, `scenario-${i}`);
      emit(terminated(`call-${i}`));
    }
    expect(tracker.liveCalls()).toEqual([]);
    expect(tracker.scenarioOf('call-0')).toBeUndefined();
    expect(tracker.scenarioOf('call-1')).toBe('scenario-1');
    expect(tracker.placed('call-1000')).toBe(true);
  });

  it('does not keep as live a call whose end arrived before the create answered', () => {
    const tracker = new CallTracker(createLogger({ level: 'silent' }));
    tracker.add('early', 'scenario', true);
    expect(tracker.liveCalls()).toEqual([]);
    expect(tracker.scenarioOf('early')).toBe('scenario');
  });
});
