import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  createCallbackReceiver,
  createNodeCallbackHandler,
  createTokenVerifier,
  MemoryCallStore,
  type CallbackReceiver,
} from '@graph-calling/notifications';
import { graphCallbacks } from '@graph-calling/notifications/fastify';
import { APP_ID, TENANT, startIssuer, type Issuer } from '@graph-calling/test-support/issuer';

const CALL = '2f1a1100-b174-40a0-aba7-0b405e01ed92';
const established = {
  '@odata.type': '#microsoft.graph.commsNotifications',
  value: [
    {
      changeType: 'updated',
      resourceUrl: `/communications/calls/${CALL}`,
      resourceData: { '@odata.type': '#microsoft.graph.call', state: 'established' },
    },
  ],
};
const roster = (n: number) => ({
  value: [
    {
      changeType: 'updated',
      resourceUrl: `/communications/calls/${CALL}/participants`,
      resourceData: Array.from({ length: n }, (_, i) => ({
        '@odata.type': '#microsoft.graph.participant',
        id: `p${i}`,
        info: { identity: { user: { id: '112f7296-5fa4-42ca-bae8-6a692b15d4b8', displayName: `Participant ${i}` } }, languageId: 'en-US' },
        mediaStreams: [{ mediaType: 'audio', sourceId: String(i), direction: 'sendReceive', serverMuted: false }],
        isMuted: false,
        isInLobby: false,
      })),
    },
  ],
});

let issuer: Issuer;
beforeAll(async () => {
  issuer = await startIssuer();
});
afterAll(() => issuer.close());

type Harness = { url: string; receiver: CallbackReceiver; store: MemoryCallStore; logs: string[]; close: () => Promise<void> };

function receiverFor(store: MemoryCallStore) {
  return createCallbackReceiver({
    verifier: createTokenVerifier({ appIds: APP_ID, openIdConfigurationUrl: issuer.openIdConfigurationUrl, allowedTenants: [TENANT] }),
    store,
  });
}

async function nodeHarness(): Promise<Harness> {
  const store = new MemoryCallStore();
  const receiver = receiverFor(store);
  const logs: string[] = [];
  const server: Server = createServer(createNodeCallbackHandler(receiver, { onRefused: (e) => logs.push(`${e.code} ${e.message}`) }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/callback`, receiver, store, logs, close: () => new Promise((r) => server.close(() => r())) };
}

async function fastifyHarness(): Promise<Harness> {
  const store = new MemoryCallStore();
  const receiver = receiverFor(store);
  const logs: string[] = [];
  const app: FastifyInstance = Fastify({ logger: { level: 'info', stream: { write: (line: string) => void logs.push(line) } } });
  await app.register(graphCallbacks, { receiver, path: '/callback' });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url: `${address.replace('localhost', '127.0.0.1')}/callback`, receiver, store, logs, close: () => app.close() };
}

/** POSTs `body` as application/json, unless `headers` says otherwise (`null`: the header is not sent). */
const post = (url: string, body: string | Buffer, headers: Record<string, string | null> = {}) =>
  fetch(url, {
    method: 'POST',
    body,
    headers: Object.fromEntries(
      Object.entries({ 'content-type': 'application/json', ...headers }).filter((entry): entry is [string, string] => entry[1] !== null),
    ),
  });

describe.each([
  ['node:http handler', nodeHarness],
  ['fastify plugin', fastifyHarness],
])('%s', (_name, start) => {
  let h: Harness;
  let token: string;
  beforeAll(async () => {
    h = await start();
    token = await issuer.sign();
  });
  afterAll(() => h.close());
  const auth = () => ({ authorization: `Bearer ${token}` });

  it('answers 202, then updates the store and runs the typed handlers', async () => {
    const seen = new Promise<string>((resolve) => {
      const off = h.receiver.on('call.established', (event, context) => {
        off();
        resolve(`${event.callId} ${context.caller.tenantId}`);
      });
    });
    const response = await post(h.url, JSON.stringify(established), auth());
    expect(response.status).toBe(202);
    expect(await seen).toBe(`${CALL} ${TENANT}`);
    expect(h.store.get(CALL)?.state).toBe('established');
  });

  it('accepts a 500-participant roster (~0.5 MB) and a 4000-participant one (over fastify\u2019s 1 MiB default)', async () => {
    const body = JSON.stringify(roster(500));
    expect(body.length).toBeGreaterThan(100_000);
    const joined = new Promise<number>((resolve) => {
      const off = h.receiver.on('roster.updated', (event) => {
        off();
        resolve(event.participants.length);
      });
    });
    expect((await post(h.url, body, auth())).status).toBe(202);
    expect(await joined).toBe(500);
    const big = JSON.stringify(roster(4000));
    expect(big.length).toBeGreaterThan(1024 * 1024);
    expect((await post(h.url, big, auth())).status).toBe(202);
  });

  it('does not make Graph wait for a slow handler', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    let finished = false;
    const off = h.receiver.on('call.stateChanged', async () => {
      await gate;
      finished = true;
    });
    const hold = { value: [{ changeType: 'updated', resourceUrl: `/communications/calls/${CALL}`, resourceData: { state: 'hold' } }] };
    const response = await post(h.url, JSON.stringify(hold), auth());
    expect(response.status).toBe(202);
    expect(finished).toBe(false);
    release();
    off();
  });

  it('accepts JSON declared with parameters, a stray semicolon or the identity coding', async () => {
    const body = JSON.stringify(established);
    for (const headers of [
      { 'content-type': 'application/json; charset=utf-8' },
      { 'content-type': 'Application/JSON;charset="UTF-8"' },
      { 'content-type': 'application/json;' },
      { 'content-type': 'application/json; odata.metadata=minimal' },
      { 'content-encoding': 'identity' },
    ])
      expect([JSON.stringify(headers), (await post(h.url, body, { ...auth(), ...headers })).status]).toEqual([
        JSON.stringify(headers),
        202,
      ]);
  });

  it('says which content coding it takes when it refuses a gzip body', async () => {
    const response = await post(h.url, gzipSync(JSON.stringify(established)), { ...auth(), 'content-encoding': 'gzip' });
    expect(response.status).toBe(415);
    expect(response.headers.get('accept-encoding')).toBe('identity');
    expect(await response.json()).toEqual({
      error: { code: 'unsupported-content-encoding', message: 'expected an application/json body in UTF-8, without Content-Encoding' },
    });
    // The detail, for the log (fastify's log lines are JSON, so its quotes arrive escaped).
    expect(h.logs.join('\n')).toMatch(/expected a body without content coding .*found \\?"gzip\\?"/);
  });

  type Request = { body: string | Buffer; headers: Record<string, string | null> };
  it.each<[string, number, string, () => Request | Promise<Request>]>([
    ['no token', 401, 'missing-authorization', () => ({ body: JSON.stringify(established), headers: {} })],
    [
      'a token with alg none',
      401,
      'unsupported-algorithm',
      () => ({
        body: JSON.stringify(established),
        headers: {
          authorization: `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(`{"tid":"${TENANT}","aud":"${APP_ID}"}`).toString('base64url')}.`,
        },
      }),
    ],
    [
      'a token for another app',
      401,
      'wrong-audience',
      async () => ({ body: JSON.stringify(established), headers: { authorization: `Bearer ${await issuer.sign({ aud: 'other-app' })}` } }),
    ],
    [
      'a tenant that is not allowed',
      403,
      'tenant-not-allowed',
      async () => ({
        body: JSON.stringify(established),
        headers: { authorization: `Bearer ${await issuer.sign({ tid: '11111111-1111-1111-1111-111111111111' })}` },
      }),
    ],
    ['malformed JSON', 400, 'invalid-json', () => ({ body: '{"value": [', headers: auth() })],
    [
      'the wrong @odata.type',
      400,
      'not-notifications',
      () => ({ body: JSON.stringify({ '@odata.type': '#microsoft.graph.call', state: 'terminated', id: CALL }), headers: auth() }),
    ],
    ['a body with __proto__', 400, 'invalid-json', () => ({ body: `{"__proto__": {"polluted": true}, "value": []}`, headers: auth() })],
    [
      'an invalid notification',
      400,
      'invalid-notification',
      () => ({ body: JSON.stringify({ value: [{ changeType: 'updated', resourceUrl: 5 }] }), headers: auth() }),
    ],
    [
      'a participant array of 50k entries',
      413,
      'too-many-participants',
      () => ({
        body: JSON.stringify({
          value: [
            {
              changeType: 'updated',
              resourceUrl: `/communications/calls/${CALL}/participants`,
              resourceData: Array.from({ length: 50_000 }, (_, i) => ({ id: `x${i}`, isMuted: true })),
            },
          ],
        }),
        headers: auth(),
      }),
    ],
    ['a 10 MB body', 413, 'too-large', () => ({ body: Buffer.alloc(10 * 1024 * 1024, 0x20), headers: auth() })],
    [
      'a text/plain body',
      415,
      'unsupported-media-type',
      () => ({ body: JSON.stringify(established), headers: { ...auth(), 'content-type': 'text/plain' } }),
    ],
    [
      'a body without Content-Type',
      415,
      'unsupported-media-type',
      () => ({ body: Buffer.from(JSON.stringify(established)), headers: { ...auth(), 'content-type': null } }),
    ],
    [
      'a UTF-16 body (charset=utf-16le)',
      415,
      'unsupported-media-type',
      () => ({
        body: Buffer.from(JSON.stringify(established), 'utf16le'),
        headers: { ...auth(), 'content-type': 'application/json; charset=utf-16le' },
      }),
    ],
    [
      'a gzip body',
      415,
      'unsupported-content-encoding',
      () => ({ body: gzipSync(JSON.stringify(established)), headers: { ...auth(), 'content-encoding': 'gzip' } }),
    ],
    [
      'a plain body declared in a coding it does not know',
      415,
      'unsupported-content-encoding',
      () => ({ body: JSON.stringify(established), headers: { ...auth(), 'content-encoding': 'x-unknown' } }),
    ],
  ])('refuses %s with %d %s and changes no state', async (_name, status, code, make) => {
    const before = JSON.stringify(h.store.list());
    const { body, headers } = await make();
    const response = await post(h.url, body, headers);
    expect(response.status).toBe(status);
    const answer = (await response.json()) as { error: { code: string } };
    expect(answer.error.code).toBe(code);
    // Accepted bodies are processed in a setImmediate queued before the answer is written, so one more
    // turn of the event loop is enough for any (wrongly) accepted change to show.
    await new Promise((resolve) => setImmediate(resolve));
    expect(JSON.stringify(h.store.list())).toBe(before);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('never writes the bearer token to its logs', async () => {
    const secret = await issuer.sign({ aud: 'other-app' });
    await post(h.url, JSON.stringify(established), { authorization: `Bearer ${secret}` });
    await post(h.url, JSON.stringify(established), { authorization: `Bearer ${token}` });
    const all = h.logs.join('\n');
    expect(all).not.toContain(secret.split('.')[1]);
    expect(all).not.toContain(token.split('.')[1]);
  });
});
