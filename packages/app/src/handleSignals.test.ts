import { EventEmitter } from 'node:events';
import { handleSignals } from './handleSignals';

describe('handleSignals', () => {
  it('closes on the first SIGTERM or SIGINT, hurries on the second, and reports the outcome once', async () => {
    const emitter = new EventEmitter();
    const calls: string[] = [];
    let finish: () => void = () => undefined;
    const app = {
      close: () => {
        calls.push('close');
        return new Promise<void>((resolve) => (finish = resolve));
      },
      hurry: () => void calls.push('hurry'),
    };
    const outcomes: unknown[] = [];
    const off = handleSignals(app, { emitter, onClosed: (error) => void outcomes.push(error ?? 'closed') });
    emitter.emit('SIGTERM');
    emitter.emit('SIGINT');
    expect(calls).toEqual(['close', 'hurry']);
    finish();
    await new Promise((resolve) => setImmediate(resolve));
    expect(outcomes).toEqual(['closed']);
    off();
    expect(emitter.listenerCount('SIGTERM')).toBe(0);
  });

  it('hands a failed close to onClosed', async () => {
    const emitter = new EventEmitter();
    const failure = new Error('graph unreachable');
    const outcomes: unknown[] = [];
    handleSignals({ close: () => Promise.reject(failure), hurry: () => undefined }, { emitter, onClosed: (e) => void outcomes.push(e) });
    emitter.emit('SIGINT');
    await new Promise((resolve) => setImmediate(resolve));
    expect(outcomes).toEqual([failure]);
  });
});
