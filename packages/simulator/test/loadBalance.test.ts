import { peerToPeerCall, serviceHosted, user } from '@graph-calling/builders';
import { createSimulator, DEFAULT_APP, type Simulator } from '@graph-calling/simulator';
import { FaultInjector } from '../src/faults';
import { eventually, graph, graphToken, startCallbackServer, trustingFetch } from './support';

const john = user('112f7296-5fa4-42ca-bae8-6a692b15d4b8', 'John');
let simulator: Simulator;
let instances: Array<Awaited<ReturnType<typeof startCallbackServer>>>;
let token: string;

beforeAll(async () => {
  simulator = await createSimulator({ timing: { stepMs: 5, autoAnswerMs: 10 }, callbackRetryDelayMs: 10 });
  instances = await Promise.all([1, 2, 3].map(() => startCallbackServer(simulator, DEFAULT_APP)));
  token = await graphToken(simulator, DEFAULT_APP);
});
afterAll(async () => {
  await simulator.close();
  await Promise.all(instances.map((i) => i.close()));
});

afterEach(() => simulator.control.setFaults({}));

describe('load-balanced callbacks', () => {
  it('spreads each notification over the callback targets, and together they see every call end', async () => {
    const targets = instances.map((i) => i.url);
    simulator.control.setFaults({ seed: 7, loadBalance: { callbackTargets: targets } });
    const created: string[] = [];
    for (let n = 0; n < 6; n += 1) {
      const answer = await graph(simulator, token)(
        'POST',
        '/v1.0/communications/calls',
        peerToPeerCall({ callbackUri: 'http://127.0.0.1:9/not-a-bot', to: john, media: serviceHosted() }),
      );
      expect(answer.status).toBe(201);
      created.push(answer.body?.['id'] as string);
    }
    await eventually(() => {
      for (const id of created) expect(instances.some((i) => i.store.get(id)?.state === 'established')).toBe(true);
    });
    for (const id of created) simulator.control.hangup(id);
    await eventually(() => {
      for (const id of created) expect(instances.some((i) => i.store.get(id)?.state === 'terminated')).toBe(true);
    });
    const urls = simulator.control
      .deliveries()
      .filter((d) => created.includes(d.callId))
      .map((d) => d.url);
    // Nothing went to the calls' own callbackUri; every target got a share.
    expect(new Set(urls)).toEqual(new Set(targets));
    for (const instance of instances) expect(instance.received()).toBeGreaterThan(0);
  });

  it('picks the same targets for the same seed, without changing which notifications are dropped', () => {
    const targets = ['http://127.0.0.1:1/a', 'http://127.0.0.1:2/b', 'http://127.0.0.1:3/c'];
    const sequence = (faults: ConstructorParameters<typeof FaultInjector>[0]) => {
      const injector = new FaultInjector(faults);
      return Array.from({ length: 30 }, () => ({ target: injector.targetFor('http://127.0.0.1:9/own'), fate: injector.forNotification() }));
    };
    const drops = { dropPercent: 30, duplicatePercent: 20 };
    const first = sequence({ seed: 3, notifications: drops, loadBalance: { callbackTargets: targets } });
    expect(sequence({ seed: 3, notifications: drops, loadBalance: { callbackTargets: targets } })).toEqual(first);
    expect(sequence({ seed: 4, notifications: drops, loadBalance: { callbackTargets: targets } })).not.toEqual(first);
    expect(sequence({ seed: 3, notifications: drops }).map((s) => s.fate)).toEqual(first.map((s) => s.fate));
    expect(sequence({ seed: 3, notifications: drops }).every((s) => s.target === 'http://127.0.0.1:9/own')).toBe(true);
  });

  it('refuses targets that are not loopback http(s) URLs, saying which one', async () => {
    simulator.control.setFaults({ seed: 5 });
    const put = (body: unknown) =>
      trustingFetch(simulator)(`${simulator.url}/_sim/faults`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const remote = await put({ loadBalance: { callbackTargets: ['http://127.0.0.1:1/ok', 'https://bot.contoso.com/callback'] } });
    expect(remote.status).toBe(400);
    expect(((await remote.json()) as { error: { message: string } }).error.message).toBe(
      'loadBalance.callbackTargets[1]: the simulator only calls back loopback addresses, found bot.contoso.com.',
    );
    const notUrl = await put({ loadBalance: { callbackTargets: ['ftp://127.0.0.1/x'] } });
    expect(((await notUrl.json()) as { error: { message: string } }).error.message).toBe(
      'loadBalance.callbackTargets[0]: expected an absolute http(s) URL, found "ftp://127.0.0.1/x".',
    );
    expect(simulator.control.faults()).toEqual({ seed: 5 });
  });
});
