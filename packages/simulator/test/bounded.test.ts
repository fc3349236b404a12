import { peerToPeerCall, serviceHosted, user } from '@graph-calling/builders';
import { createSimulator, DEFAULT_APP, type Simulator } from '@graph-calling/simulator';
import { eventually, graph, graphToken, startCallbackServer } from './support';

const john = user('112f7296-5fa4-42ca-bae8-6a692b15d4b8', 'John');

describe('the simulator listens on loopback only, unless asked', () => {
  it.each(['0.0.0.0', '::', '192.168.1.10'])('refuses host %s without allowNonLoopback, naming the option', async (host) => {
    await expect(createSimulator({ host })).rejects.toThrow(
      new TypeError(
        `createSimulator: host: expected a loopback address (127.0.0.1, ::1 or localhost), found ${JSON.stringify(host)}; set allowNonLoopback: true to listen there`,
      ),
    );
  });
});

describe('calls the simulator holds', () => {
  let sim: Simulator;
  let cb: Awaited<ReturnType<typeof startCallbackServer>>;
  beforeAll(async () => {
    sim = await createSimulator({ timing: { stepMs: 1, autoAnswerMs: false, endedCallTtlMs: 200 } });
    cb = await startCallbackServer(sim, DEFAULT_APP);
  });
  afterAll(async () => {
    await cb.close();
    await sim.close();
  });

  async function place(count: number): Promise<string[]> {
    const call = graph(sim, await graphToken(sim, DEFAULT_APP));
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const answer = await call(
        'POST',
        '/v1.0/communications/calls',
        peerToPeerCall({ callbackUri: cb.url, to: john, media: serviceHosted() }),
      );
      ids.push(answer.body?.['id'] as string);
    }
    return ids;
  }

  it('pages GET /_sim/calls in creation order with @odata.nextLink, and refuses a bad limit or cursor', async () => {
    const ids = await place(7);
    const control = graph(sim, undefined);
    const seen: string[] = [];
    let next: string | undefined = '/_sim/calls?limit=3';
    const sizes: number[] = [];
    while (next !== undefined) {
      const page = await control('GET', next.replace(sim.url, ''));
      expect(page.status).toBe(200);
      const value = page.body?.['value'] as Array<{ id: string }>;
      sizes.push(value.length);
      seen.push(...value.map((c) => c.id));
      next = page.body?.['@odata.nextLink'] as string | undefined;
      if (next !== undefined) expect(next).toMatch(new RegExp(`^${sim.url.replace(/[.]/g, '\\.')}/_sim/calls\\?limit=3&cursor=\\d+$`));
    }
    expect(sizes).toEqual([3, 3, 1]);
    expect(seen).toEqual(ids);
    // Without limit: a page of 100 at most.
    expect((await control('GET', '/_sim/calls')).body?.['value']).toHaveLength(7);
    for (const query of ['limit=0', 'limit=1001', 'limit=x', 'cursor=-1', 'cursor=1.5']) {
      const refused = await control('GET', `/_sim/calls?${query}`);
      expect(refused.status).toBe(400);
      expect(refused.body?.['error']?.['message']).toMatch(new RegExp(`^${query.split('=')[0] as string}: expected a whole number from`));
    }
    for (const id of ids) sim.control.hangup(id);
  });

  it('forgets an ended call after timing.endedCallTtlMs, and keeps a live one', async () => {
    const [ended, live] = await place(2);
    sim.control.hangup(ended as string);
    await eventually(() => expect(sim.control.call(ended as string)).toBeUndefined(), 10_000);
    expect(sim.control.call(live as string)?.state).toBe('establishing');
    expect(sim.control.calls().map((c) => c.id)).toEqual([live]);
    // Graph answers 404 for a forgotten call as for an ended one.
    const get = await graph(sim, await graphToken(sim, DEFAULT_APP))('GET', `/v1.0/communications/calls/${ended as string}`);
    expect(get.status).toBe(404);
    sim.control.hangup(live as string);
  });
});
