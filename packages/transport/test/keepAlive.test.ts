import { GraphError, startKeepAlive, type CallsClient } from '@graph-calling/transport';

/** A client whose keep-alive answers are scripted; the schedule, not Graph, is under test. */
function scriptedClient(answer: (n: number) => Promise<void>) {
  const sent: string[] = [];
  const client = { calls: { keepAlive: (id: string) => (sent.push(id), answer(sent.length)) } } as unknown as CallsClient;
  return { client, sent };
}

const gone = new GraphError({ kind: 'http', status: 404, message: 'gone', method: 'POST', url: '/keepAlive', clientRequestId: 'x' });

describe('startKeepAlive (time is the subject: jest modern fake timers)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('sends one keep-alive per interval, none before the first interval has passed', async () => {
    const { client, sent } = scriptedClient(() => Promise.resolve());
    const keepAlive = startKeepAlive(client, 'call-1', { everyMs: 15 * 60_000 });
    await jest.advanceTimersByTimeAsync(15 * 60_000 - 1);
    expect(sent).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(sent).toEqual(['call-1']);
    await jest.advanceTimersByTimeAsync(2 * 15 * 60_000);
    expect(sent).toEqual(['call-1', 'call-1', 'call-1']);
    await keepAlive.close();
    await jest.advanceTimersByTimeAsync(60 * 60_000);
    expect(sent).toHaveLength(3);
  });

  it('stops by itself when Graph answers 404, and reports the call as ended', async () => {
    const { client, sent } = scriptedClient((n) => (n === 2 ? Promise.reject(gone) : Promise.resolve()));
    const ended: string[] = [];
    const keepAlive = startKeepAlive(client, 'call-2', { everyMs: 1000, onEnded: (id) => ended.push(id) });
    await jest.advanceTimersByTimeAsync(10_000);
    expect(sent).toHaveLength(2);
    expect(ended).toEqual(['call-2']);
    expect(keepAlive.stopped).toBe(true);
  });

  it('reports other failures and keeps going; never overlaps a keep-alive still in flight', async () => {
    let release: () => void = () => undefined;
    const { client, sent } = scriptedClient((n) =>
      n === 1 ? Promise.reject(new Error('network')) : n === 2 ? new Promise<void>((r) => (release = r)) : Promise.resolve(),
    );
    const errors: unknown[] = [];
    const keepAlive = startKeepAlive(client, 'call-3', { everyMs: 1000, onError: (error) => errors.push(error) });
    await jest.advanceTimersByTimeAsync(2000);
    expect(errors).toHaveLength(1);
    expect(sent).toHaveLength(2);
    // The second is still in flight: three more intervals send nothing.
    await jest.advanceTimersByTimeAsync(3000);
    expect(sent).toHaveLength(2);
    release();
    await jest.advanceTimersByTimeAsync(1000);
    expect(sent).toHaveLength(3);
    await keepAlive.close();
  });
});
