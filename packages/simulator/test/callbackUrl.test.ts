// The simulator calls back only http(s) on loopback, and never follows a redirect: a bot's
// callback that answers 307 to somewhere else gets no further than the bot.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { peerToPeerCall, serviceHosted, user } from '@graph-calling/builders';
import { createSimulator, DEFAULT_APP, type Simulator } from '@graph-calling/simulator';
import { eventually, graph, graphToken } from './support';

const john = user('112f7296-5fa4-42ca-bae8-6a692b15d4b8', 'John');
let simulator: Simulator;
let token: string;

beforeAll(async () => {
  simulator = await createSimulator({ callbackAttempts: 3, callbackRetryDelayMs: 10 });
  token = await graphToken(simulator, DEFAULT_APP);
});
afterAll(() => simulator.close());

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('callback URLs', () => {
  it.each(['ftp://127.0.0.1/callback', 'file:///etc/passwd', 'ws://127.0.0.1:9/callback', 'http://10.1.2.3/callback'])(
    'refuses %s when the call is created (400 BadRequest)',
    async (callbackUri) => {
      // The builders refuse such URLs already; a hand-written request can still carry one.
      const request = { ...peerToPeerCall({ callbackUri: 'http://127.0.0.1:9/callback', to: john, media: serviceHosted() }), callbackUri };
      const answer = await graph(simulator, token)('POST', '/v1.0/communications/calls', request);
      expect(answer.status).toBe(400);
      expect(answer.body?.['error']?.['code']).toBe('BadRequest');
    },
  );

  it('does not follow a 307 from the loopback callback, and does not retry it', async () => {
    const elsewhere: string[] = [];
    const target = await listen((req, res) => {
      elsewhere.push(`${req.method} ${req.url}`);
      res.writeHead(202).end();
    });
    let redirected = 0;
    const bot = await listen((req, res) => {
      redirected += 1;
      req.resume();
      // A non-loopback address would be the attack; a second loopback server lets the test see whether it is reached.
      res.writeHead(307, { location: `${target.url}/stolen` }).end();
    });
    try {
      const created = await graph(simulator, token)(
        'POST',
        '/v1.0/communications/calls',
        peerToPeerCall({ callbackUri: `${bot.url}/callback`, to: john, media: serviceHosted() }),
      );
      expect(created.status).toBe(201);
      const callId = created.body?.['id'] as string;
      await eventually(() => expect(simulator.control.deliveries().filter((d) => d.callId === callId).length).toBeGreaterThan(0));
      await simulator.control.settled();
      const deliveries = simulator.control.deliveries().filter((d) => d.callId === callId);
      expect(deliveries.every((d) => d.status === 307 && d.attempt === 1)).toBe(true);
      expect(redirected).toBeGreaterThanOrEqual(1);
      expect(elsewhere).toEqual([]);
    } finally {
      bot.server.closeAllConnections();
      target.server.closeAllConnections();
      bot.server.close();
      target.server.close();
    }
  });
});
