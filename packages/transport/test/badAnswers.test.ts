import Fastify, { type FastifyInstance } from 'fastify';
import { peerToPeerCall, serviceHosted, user } from '@graph-calling/builders';
import { ResourceIdError } from '@graph-calling/models';
import { createCallsClient, GraphError, staticToken, type CallsClient } from '@graph-calling/transport';
import { eventually } from '@graph-calling/test-support/eventually';

let server: FastifyInstance;
let client: CallsClient;
const hits: Record<string, number> = {};
const request = peerToPeerCall({
  callbackUri: 'https://bot.contoso.com/callback',
  to: user('112f7296-5fa4-42ca-bae8-6a692b15d4b8'),
  media: serviceHosted(),
});
let mode = '';
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  server = Fastify({ forceCloseConnections: true });
  server.all('/v1.0/*', async (req, reply) => {
    hits[mode] = (hits[mode] ?? 0) + 1;
    switch (mode) {
      case 'html':
        return reply.code(502).type('text/html').send('<html><body><h1>502 Bad Gateway</h1></body></html>');
      case 'truncated':
        return reply
          .code(201)
          .header('location', '/v1.0/communications/calls/abc')
          .type('application/json')
          .send('{"id": "abc", "state": "estab');
      case 'dot-location':
        return reply.code(201).header('location', '/v1.0/communications/calls/..').type('application/json').send({ id: '..' });
      case 'no-location':
        return reply.code(201).type('application/json').send({ id: 'abc', state: 'establishing' });
      case 'empty-accepted':
        return reply.code(202).send();
      case 'wrong-shape':
        return reply.code(200).type('application/json').send({ id: 42, state: 'establishing' });
      case 'hang':
        return new Promise(() => undefined);
      case 'cut': {
        reply.hijack();
        reply.raw.writeHead(201, {
          'content-type': 'application/json',
          'content-length': '500',
          location: '/v1.0/communications/calls/abc',
        });
        reply.raw.write('{"id": "abc"');
        setTimeout(() => reply.raw.socket?.destroy(), 10);
        return reply;
      }
      case 'json-null':
        return reply.code(400).type('application/json').send('null');
      case 'gateway-timeout':
        return reply.code(504).send({ error: { code: 'GatewayTimeout', message: 'upstream timed out' } });
      default:
        return reply.code(500).send();
    }
  });
  const url = (await server.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
  client = createCallsClient({ baseUrl: url, auth: staticToken('t'), timeoutMs: 300, retry: { maxRetries: 2, baseDelayMs: 1 } });
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await server.close();
});

async function failure(run: () => Promise<unknown>): Promise<GraphError> {
  const error = await run().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(GraphError);
  return error as GraphError;
}

describe('answers that cannot be used all end in a typed error', () => {
  it('an HTML error page: an HTTP error with the page kept as the body', async () => {
    mode = 'html';
    const error = await failure(() => client.calls.get('abc'));
    expect(error).toMatchObject({ kind: 'http', status: 502, code: 'HTTP 502' });
    expect(error.message).toContain('non-JSON answer (text/html');
    expect(error.body).toContain('502 Bad Gateway');
  });

  it('an error answer whose JSON is null: an HTTP error, not called non-JSON', async () => {
    mode = 'json-null';
    const error = await failure(() => client.calls.get('abc'));
    expect(error).toMatchObject({ kind: 'http', status: 400, code: 'HTTP 400', body: 'null' });
    expect(error.message).toMatch(/answered 400 HTTP 400$/);
  });

  it('truncated JSON: invalid-response, not an exception from JSON.parse', async () => {
    mode = 'truncated';
    expect(await failure(() => client.calls.create(request))).toMatchObject({ kind: 'invalid-response', code: 'invalid-json' });
  });

  it('a 201 without Location: invalid-response, and the create is not repeated', async () => {
    mode = 'no-location';
    expect(await failure(() => client.calls.create(request))).toMatchObject({
      kind: 'invalid-response',
      code: 'missing-location',
      status: 201,
    });
    expect(hits['no-location']).toBe(1);
  });

  it('a body that is not a call: invalid-response with the decode paths', async () => {
    mode = 'wrong-shape';
    const error = await failure(() => client.calls.get('abc'));
    expect(error).toMatchObject({ kind: 'invalid-response', code: 'unexpected-shape' });
    expect(error.issues[0]).toMatchObject({ path: 'id', expected: 'string' });
  });

  it('an operation action answered without its operation: invalid-response, not an undefined operation', async () => {
    mode = 'empty-accepted';
    const error = await failure(() => client.calls.participants.startHoldMusic('abc', 'p1'));
    expect(error).toMatchObject({ kind: 'invalid-response', code: 'invalid-json', status: 202 });
    // An action whose answer carries nothing is fine with the same empty 202.
    await expect(client.calls.transfer('abc', { to: user('112f7296-5fa4-42ca-bae8-6a692b15d4b8') })).resolves.toBeUndefined();
  });

  it('a hanging server: a timeout within the configured time; a create is tried once, a GET retried', async () => {
    mode = 'hang';
    // The server never answers, so only the client's own 300 ms timeout can end the request; the message names it.
    expect(await failure(() => client.calls.create(request))).toMatchObject({
      kind: 'timeout',
      message: expect.stringContaining('no complete answer within 300 ms'),
    });
    expect(hits['hang']).toBe(1);
    expect(await failure(() => client.calls.get('abc'))).toMatchObject({ kind: 'timeout' });
    expect(hits['hang']).toBe(1 + 3);
  });

  it('a socket closed mid-answer: a network error; the create is not retried, the GET is', async () => {
    mode = 'cut';
    expect(await failure(() => client.calls.create(request))).toMatchObject({ kind: 'network' });
    expect(hits['cut']).toBe(1);
    expect(await failure(() => client.calls.get('abc'))).toMatchObject({ kind: 'network' });
    expect(hits['cut']).toBe(1 + 3);
  });

  it('a 504 on create is not retried (the call may exist); on GET it is', async () => {
    mode = 'gateway-timeout';
    expect(await failure(() => client.calls.create(request))).toMatchObject({ status: 504, code: 'GatewayTimeout' });
    expect(hits['gateway-timeout']).toBe(1);
    await failure(() => client.calls.get('abc'));
    expect(hits['gateway-timeout']).toBe(1 + 3);
  });

  it('an aborted request says so, and nothing is left unhandled', async () => {
    mode = 'hang';
    const controller = new AbortController();
    const before = hits['hang'] ?? 0;
    const pending = failure(() => client.calls.get('abc', { signal: controller.signal }));
    // Abort once the server holds the request, not after a guessed delay.
    await eventually(() => (hits['hang'] ?? 0) > before);
    controller.abort();
    expect(await pending).toMatchObject({ kind: 'aborted' });
    // An unhandled rejection is reported once the current macrotask has finished: one turn is enough.
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled).toEqual([]);
  });
});

describe('ids are checked before they are put in a URL', () => {
  const paths: string[] = [];
  let recorder: FastifyInstance;
  let recorded: CallsClient;
  beforeAll(async () => {
    recorder = Fastify({ forceCloseConnections: true });
    recorder.all('/*', async (req, reply) => {
      paths.push(req.url);
      return reply.code(404).send({ error: { code: 'ItemNotFound', message: 'no' } });
    });
    const url = (await recorder.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
    recorded = createCallsClient({ baseUrl: url, auth: staticToken('t'), retry: { maxRetries: 0 } });
  });
  afterAll(() => recorder.close());

  it.each([
    ['dot-segment', '..'],
    ['dot-segment', '.'],
    ['dot-segment', '%2e%2e'],
    ['path-separator', 'a/b'],
    ['lone-surrogate', 'call\ud800'],
    ['too-long', 'x'.repeat(1024 * 1024)],
  ])('a call id that is %s is refused with a ResourceIdError naming it, and nothing is sent (%#)', async (problem, id) => {
    const attempts = [
      () => recorded.calls.keepAlive(id),
      () => recorded.calls.get(id),
      () => recorded.calls.delete(id),
      () => recorded.calls.participants.list(id),
      () => recorded.calls.mute(id),
      () => recorded.calls.participants.get(id, 'p1'),
    ];
    for (const attempt of attempts) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResourceIdError);
      expect(error).toMatchObject({ code: 'invalid-resource-id', field: 'call id', problem });
    }
    expect(paths).toEqual([]);
  });

  it('a participant id of .. is refused too', async () => {
    const error = await recorded.calls.participants.remove('abc', '..').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid-resource-id', field: 'participant id', problem: 'dot-segment' });
    expect(paths).toEqual([]);
  });

  it('a good id is sent percent-encoded', async () => {
    await recorded.calls.keepAlive('a b%').catch(() => undefined);
    expect(paths).toEqual(['/v1.0/communications/calls/a%20b%25/keepAlive']);
  });

  it('a create answered with a Location naming .. is an invalid-response, not a call id', async () => {
    mode = 'dot-location';
    const error = await failure(() => client.calls.create(request));
    expect(error).toMatchObject({ kind: 'invalid-response', code: 'invalid-location' });
    expect(error.message).toContain('dot-segment');
    expect(hits['dot-location']).toBe(1);
  });
});
