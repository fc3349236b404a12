// The callback route as an attacker meets it: each case goes through a real server on loopback
// (the node:http adapter, and the README's fastify server) with real sockets and real tokens.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import {
  applyServerLimits,
  createCallbackReceiver,
  createNodeCallbackHandler,
  createTokenVerifier,
  MemoryCallStore,
  type CallbackEvent,
  type CallbackReceiver,
  type Refusal,
  type ServerLimits,
  type TokenVerifierOptions,
} from '@graph-calling/notifications';
import { graphCallbacks } from '@graph-calling/notifications/fastify';
import { APP_ID, TENANT, startIssuer, type Issuer } from '@graph-calling/test-support/issuer';
import { eventually } from '@graph-calling/test-support/eventually';

const CALL = '5b0e1c27-4a5e-4f7e-9d0b-2f6c3a9e7d11';
// Long enough for a 4 MiB body on a loaded 2-core machine, short enough for the slow-body test to see the cut.
const BODY_TIMEOUT_MS = 2000;

// Generous: these run real servers and multi-megabyte bodies, and CI machines are shared.
jest.setTimeout(30_000);

let issuer: Issuer;
let downIssuer: Issuer;
beforeAll(async () => {
  [issuer, downIssuer] = await Promise.all([startIssuer(), startIssuer()]);
  downIssuer.setFailing(true);
});
afterAll(async () => {
  await Promise.all([issuer.close(), downIssuer.close()]);
});

interface Receiver {
  readonly port: number;
  readonly url: string;
  readonly receiver: CallbackReceiver;
  readonly store: MemoryCallStore;
  readonly refusals: Refusal[];
  close(): Promise<void>;
}

interface StartOptions {
  readonly verifier?: Partial<TokenVerifierOptions>;
  readonly limits?: Partial<ServerLimits>;
}

type Start = (options?: StartOptions) => Promise<Receiver>;

function receiverFor(options: StartOptions) {
  const store = new MemoryCallStore();
  const receiver = createCallbackReceiver({
    verifier: createTokenVerifier({
      appIds: APP_ID,
      openIdConfigurationUrl: issuer.openIdConfigurationUrl,
      allowedTenants: [TENANT],
      ...options.verifier,
    }),
    store,
  });
  return { store, receiver };
}

const startNode: Start = async (options = {}) => {
  const { store, receiver } = receiverFor(options);
  const refusals: Refusal[] = [];
  const server: Server = createServer(
    createNodeCallbackHandler(receiver, { bodyTimeoutMs: BODY_TIMEOUT_MS, onRefused: (error) => refusals.push(error) }),
  );
  applyServerLimits(server, options.limits);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}/callback`,
    receiver,
    store,
    refusals,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
};

/** The README's ten-line server: `Fastify()` with no options, and the plugin. */
const startFastify: Start = async (options = {}) => {
  const { store, receiver } = receiverFor(options);
  const refusals: Refusal[] = [];
  const app = Fastify();
  await app.register(graphCallbacks, {
    receiver,
    path: '/callback',
    bodyTimeoutMs: BODY_TIMEOUT_MS,
    ...(options.limits ? { serverLimits: options.limits } : {}),
    onRefused: (error) => refusals.push(error),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}/callback`,
    receiver,
    store,
    refusals,
    close: async () => {
      app.server.closeAllConnections();
      await app.close();
    },
  };
};

const notifications = (value: unknown[]) => JSON.stringify({ '@odata.type': '#microsoft.graph.commsNotifications', value });
const established = (callId = CALL) =>
  notifications([{ changeType: 'updated', resourceUrl: `/communications/calls/${callId}`, resourceData: { state: 'established' } }]);
const roster = (ids: readonly string[], callId = CALL) =>
  notifications([
    {
      changeType: 'updated',
      resourceUrl: `/communications/calls/${callId}/participants`,
      resourceData: ids.map((id) => ({ '@odata.type': '#microsoft.graph.participant', id, isMuted: false, isInLobby: false })),
    },
  ]);

const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

/** A raw connection: what the server wrote, and when it closed the connection. */
function rawConnection(port: number): { socket: Socket; received: () => string; closed: Promise<number> } {
  const started = Date.now();
  const socket = connect(port, '127.0.0.1');
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
  // The server may reset the connection while we still write: that counts as closed.
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now() - started)));
  return { socket, received: () => text, closed };
}

/** Resolves with the value, or with `'still open'` after `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | 'still open'> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<'still open'>((r) => (timer = setTimeout(() => r('still open'), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}

describe.each<[string, Start]>([
  ['node:http adapter', startNode],
  ['README fastify server', startFastify],
])('%s against a hostile client', (_name, start) => {
  let r: Receiver;
  let auth: Record<string, string>;
  beforeAll(async () => {
    r = await start();
    auth = { authorization: `Bearer ${await issuer.sign()}` };
  });
  afterAll(() => r.close());

  async function expectRefused(response: Response, status: number, code: string): Promise<void> {
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
  }

  describe('1. token lifetime', () => {
    it.each<[string, string, () => Promise<string>]>([
      ['a correctly signed token with no exp', 'missing-expiry', () => issuer.sign({ exp: undefined })],
      ['a token with neither iat nor nbf', 'missing-issued-at', () => issuer.sign({ iat: undefined })],
      ['a token living 48 h', 'lifetime-too-long', () => issuer.sign({}, { expiresIn: '48h' })],
      [
        'a token issued in the future to live a year',
        'lifetime-too-long',
        () => {
          const now = Math.floor(Date.now() / 1000);
          return issuer.sign({ iat: now + 365 * 86400, exp: now + 365 * 86400 + 3600 });
        },
      ],
    ])('refuses %s with 401 %s and stores nothing', async (_case, code, sign) => {
      const forged = `c0ffee00-0000-4000-8000-${code.length.toString().padStart(12, '0')}`;
      await expectRefused(await post(r.url, established(forged), { authorization: `Bearer ${await sign()}` }), 401, code);
      expect(r.store.get(forged)).toBeUndefined();
    });

    it('accepts a token within a configured lifetime and refuses one beyond it', async () => {
      const strict = await start({ verifier: { maxLifetimeSeconds: 600 } });
      try {
        expect(
          (await post(strict.url, established(), { authorization: `Bearer ${await issuer.sign({}, { expiresIn: '5m' })}` })).status,
        ).toBe(202);
        await expectRefused(
          await post(strict.url, established(), { authorization: `Bearer ${await issuer.sign({}, { expiresIn: '1h' })}` }),
          401,
          'lifetime-too-long',
        );
      } finally {
        await strict.close();
      }
    });
  });

  describe('2. timeouts and connection caps', () => {
    it('answers 408 and closes the connection when a body announced as 1 MB never comes', async () => {
      const c = rawConnection(r.port);
      c.socket.write(
        `POST /callback HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n${`authorization: ${auth['authorization']}`}\r\n` +
          `content-length: ${1024 * 1024}\r\n\r\n{"value":[`,
      );
      const closedAfter = await within(c.closed, BODY_TIMEOUT_MS + 3000);
      expect(closedAfter).not.toBe('still open');
      expect(c.received()).toMatch(/^HTTP\/1\.1 408 /);
      expect(c.received()).toContain('"code":"body-timeout"');
      expect(r.refusals.at(-1)?.code).toBe('body-timeout');
    });

    it('answers 408 to a body that stalls on a keep-alive connection after a callback answered on it', async () => {
      // A server of its own: the callback it stores would be in the way of the tests that expect an empty store.
      const own = await start();
      try {
        const c = rawConnection(own.port);
        const head = (length: number) =>
          `POST /callback HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\nauthorization: ${auth['authorization']}\r\n` +
          `content-length: ${length}\r\n\r\n`;
        const body = established();
        c.socket.write(head(Buffer.byteLength(body)) + body);
        // The first callback is answered and the connection kept: its body's watch is over.
        await new Promise<void>((resolve) => {
          const answered = () => {
            if (!c.received().includes('\r\n\r\n')) return;
            c.socket.off('data', answered);
            resolve();
          };
          c.socket.on('data', answered);
          // A connection closed without an answer fails the expectation below rather than hanging.
          c.closed.then(() => resolve(), resolve);
        });
        expect(c.received()).toMatch(/^HTTP\/1\.1 202 /);
        c.socket.write(`${head(1024 * 1024)}{"value":[`);
        const closedAfter = await within(c.closed, BODY_TIMEOUT_MS + 3000);
        expect(closedAfter).not.toBe('still open');
        expect(
          c
            .received()
            .split('HTTP/1.1 ')
            .map((answer) => answer.slice(0, 3)),
        ).toEqual(['', '202', '408']);
        expect(own.refusals.at(-1)?.code).toBe('body-timeout');
      } finally {
        await own.close();
      }
    });

    it('closes a connection that sends nothing within the idle timeout', async () => {
      const idle = await start({ limits: { idleTimeoutMs: 300 } });
      try {
        const c = rawConnection(idle.port);
        expect(await within(c.closed, 3000)).not.toBe('still open');
      } finally {
        await idle.close();
      }
    });

    it('closes connections beyond the cap as they arrive', async () => {
      const capped = await start({ limits: { maxConnections: 3 } });
      const held = [rawConnection(capped.port), rawConnection(capped.port), rawConnection(capped.port)];
      try {
        await Promise.all(held.map((c) => once(c.socket, 'connect')));
        const extra = rawConnection(capped.port);
        expect(await within(extra.closed, 2000)).not.toBe('still open');
        for (const c of held) expect(c.socket.destroyed).toBe(false);
      } finally {
        for (const c of held) c.socket.destroy();
        await capped.close();
      }
    });
  });

  describe('3. floods of small items', () => {
    it('refuses 1.3 M empty notifications in one body with 413 too-many-objects, counted before parsing', async () => {
      const body = `{"value":[${'{},'.repeat(1_300_000)}{}]}`;
      expect(body.length).toBeLessThan(4 * 1024 * 1024);
      await expectRefused(await post(r.url, body, auth), 413, 'too-many-objects');
      expect(r.store.list()).toHaveLength(0);
    });

    it('refuses a notification with 1.9 M tiny invalid roster items with 413 too-many-participants', async () => {
      const body = `{"value":[{"changeType":"updated","resourceUrl":"/communications/calls/${CALL}/participants","resourceData":[${'1,'.repeat(1_900_000)}1]}]}`;
      expect(body.length).toBeLessThan(4 * 1024 * 1024);
      await expectRefused(await post(r.url, body, auth), 413, 'too-many-participants');
      expect(r.store.list()).toHaveLength(0);
    });

    it('refuses 101 notifications (one over the default cap) and accepts 100', async () => {
      const item = (i: number) => ({
        changeType: 'updated',
        resourceUrl: `/communications/calls/flood-${i}`,
        resourceData: { state: 'establishing' },
      });
      await expectRefused(
        await post(r.url, notifications(Array.from({ length: 101 }, (_, i) => item(i))), auth),
        413,
        'too-many-notifications',
      );
      expect(r.store.get('flood-0')).toBeUndefined();
      expect((await post(r.url, notifications(Array.from({ length: 100 }, (_, i) => item(i))), auth)).status).toBe(202);
      expect(r.store.get('flood-99')?.state).toBe('establishing');
      for (let i = 0; i < 100; i += 1) r.store.delete(`flood-${i}`);
    });
  });

  describe('4. malformed percent-escapes', () => {
    it.each(['/communications/calls/%', '/communications/calls/%E0%A4%A', `/communications/calls/${CALL}/participants/%zz`])(
      'answers 400 invalid-resource-url for %s',
      async (resourceUrl) => {
        await expectRefused(
          await post(r.url, notifications([{ changeType: 'updated', resourceUrl, resourceData: { state: 'established' } }]), auth),
          400,
          'invalid-resource-url',
        );
        expect(r.refusals.at(-1)?.message).toContain('value[0].resourceUrl');
      },
    );
  });

  describe('4b. ids that cannot be ids', () => {
    it.each([
      ['call id', 'dot segment', '/communications/calls/%2e'],
      ['call id', 'dot segment', '/communications/calls/..'],
      ['call id', 'dot segment', '/communications/calls/%2e%2E/participants'],
      ['call id', 'path separator', '/communications/calls/a%2Fb'],
      ['participant id', 'dot segment', `/communications/calls/${CALL}/participants/..`],
      ['operation id', 'control character', `/communications/calls/${CALL}/operations/x%0Ay`],
      ['call id', 'longer than 256', `/communications/calls/${'x'.repeat(1024 * 1024)}`],
    ])('answers 400 invalid-resource-id for a %s that is a %s (%#)', async (what, why, resourceUrl) => {
      const before = r.store.list().length;
      await expectRefused(
        await post(r.url, notifications([{ changeType: 'updated', resourceUrl, resourceData: { state: 'established' } }]), auth),
        400,
        'invalid-resource-id',
      );
      const message = r.refusals.at(-1)?.message ?? '';
      expect(message).toContain(`value[0].resourceUrl: ${what}: expected an id of 1–256`);
      expect(message).toContain(why);
      expect(message.length).toBeLessThan(500);
      expect(r.store.list().length).toBe(before);
    });

    it('answers 400 for a lone surrogate sent as a JSON escape', async () => {
      const body = `{"value":[{"changeType":"updated","resourceUrl":"/communications/calls/call\\ud800","resourceData":{"state":"established"}}]}`;
      await expectRefused(await post(r.url, body, auth), 400, 'invalid-resource-id');
      expect(r.refusals.at(-1)?.message).toContain('"call\\ud800"');
    });
  });

  describe('5. participant ids named like object members', () => {
    it('joins and leaves __proto__, constructor and toString like any other id', async () => {
      const call = 'proto-ids-call';
      const events: CallbackEvent[] = [];
      const off = r.receiver.on('*', (event) => void events.push(event));
      try {
        expect((await post(r.url, roster(['__proto__', 'constructor', 'toString', 'alice'], call), auth)).status).toBe(202);
        // The store is written before the 202; the handlers run after it.
        await eventually(() => {
          const joined = events
            .filter((e) => e.type === 'participant.joined')
            .map((e) => (e.type === 'participant.joined' ? e.participant.id : ''));
          expect(joined.sort()).toEqual(['__proto__', 'alice', 'constructor', 'toString']);
        });
        const record = r.store.get(call);
        expect(Object.keys(record?.participants ?? {}).sort()).toEqual(['__proto__', 'alice', 'constructor', 'toString']);

        events.length = 0;
        expect((await post(r.url, roster(['alice', 'toString'], call), auth)).status).toBe(202);
        await eventually(() => {
          const left = events
            .filter((e) => e.type === 'participant.left')
            .map((e) => (e.type === 'participant.left' ? e.participantId : ''));
          expect(left.sort()).toEqual(['__proto__', 'constructor']);
        });
        expect(Object.keys(r.store.get(call)?.participants ?? {}).sort()).toEqual(['alice', 'toString']);
        expect(({} as Record<string, unknown>)['isMuted']).toBeUndefined();
      } finally {
        off();
        r.store.delete(call);
      }
    });
  });

  describe('6. no draining after a refusal', () => {
    // 256 MiB: the kernel alone holds tens of MiB of an unread connection (a receive buffer grows up to
    // `net.ipv4.tcp_rmem`'s maximum, 32 MiB here), so a smaller body could be sent whole to a server reading none of it.
    it('answers 401 to a chunked 256 MiB body without a token and closes instead of reading it', async () => {
      const c = rawConnection(r.port);
      await once(c.socket, 'connect');
      c.socket.write('POST /callback HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n');
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
      let sent = 0;
      let open = true;
      c.closed.then(
        () => (open = false),
        () => (open = false),
      );
      while (open && sent < 256 * 1024 * 1024) {
        sent += chunk.length;
        if (!c.socket.write(frame)) await Promise.race([new Promise((resolve) => c.socket.once('drain', resolve)), c.closed]);
      }
      expect(await within(c.closed, 2000)).not.toBe('still open');
      expect(sent).toBeLessThan(256 * 1024 * 1024);
      expect(c.received()).toMatch(/^HTTP\/1\.1 401 /);
      expect(c.received().toLowerCase()).toContain('connection: close');
    });
  });

  describe('7. key server down', () => {
    it('fetches the OpenID configuration once for 200 requests, answers 503 with Retry-After, and says so', async () => {
      const down = await start({ verifier: { openIdConfigurationUrl: downIssuer.openIdConfigurationUrl, failureBackoffMs: 60_000 } });
      try {
        const before = downIssuer.counts.config;
        const token = `Bearer ${await issuer.sign()}`;
        const statuses = new Set<number>();
        for (let batch = 0; batch < 10; batch += 1) {
          const answers = await Promise.all(Array.from({ length: 20 }, () => post(down.url, established(), { authorization: token })));
          for (const a of answers) {
            statuses.add(a.status);
            expect(a.headers.get('retry-after')).toMatch(/^\d+$/);
            await a.arrayBuffer();
          }
        }
        expect([...statuses]).toEqual([503]);
        expect(downIssuer.counts.config - before).toBe(1);
        expect(down.refusals.at(-1)?.code).toBe('keys-unavailable');
        expect(down.refusals.at(-1)?.message).toMatch(/refused without fetching again for \d+ ms/);
      } finally {
        await down.close();
      }
    });
  });

  describe('8. refusals say no more than a code', () => {
    it('reveals neither the app id, the tenant nor the OpenID URL, and hands the detail to onRefused', async () => {
      const answers = [
        await post(r.url, established(), { authorization: `Bearer ${await issuer.sign({ aud: 'someone-else' })}` }),
        await post(r.url, established(), { authorization: `Bearer ${await issuer.sign({ iss: 'https://evil.example' })}` }),
        await post(r.url, established(), { authorization: `Bearer ${await issuer.sign({ tid: '11111111-2222-3333-4444-555555555555' })}` }),
      ];
      const down = await start({ verifier: { openIdConfigurationUrl: downIssuer.openIdConfigurationUrl } });
      try {
        answers.push(await post(down.url, established(), auth));
      } finally {
        await down.close();
      }
      const bodies = await Promise.all(answers.map((a) => a.text()));
      expect(answers.map((a) => a.status)).toEqual([401, 401, 403, 503]);
      for (const body of bodies) {
        expect(body).not.toContain(APP_ID);
        expect(body).not.toContain(TENANT);
        expect(body).not.toContain('11111111-2222');
        expect(body).not.toContain('127.0.0.1');
        expect(body).not.toContain('evil.example');
        expect(Object.keys((JSON.parse(body) as { error: object }).error).sort()).toEqual(['code', 'message']);
      }
      expect(r.refusals.find((e) => e.code === 'wrong-audience')?.message).toContain(APP_ID);
    });
  });
});

describe('a refusal thrown by another copy of the package', () => {
  it('is still a refusal (401), not a 500: the /fastify entry is a separate bundle', async () => {
    // What a TokenError from the root bundle looks like to the /fastify bundle: same shape, another class.
    const foreign = Object.assign(new Error('expected a token signed by a published key'), {
      name: 'TokenError',
      code: 'unknown-key',
      status: 401,
    });
    const receiver = createCallbackReceiver({ verifier: { verify: () => Promise.reject(foreign) } });
    const app = Fastify();
    await app.register(graphCallbacks, { receiver, path: '/callback' });
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const { port } = app.server.address() as AddressInfo;
      const response = await post(`http://127.0.0.1:${port}/callback`, established(), { authorization: 'Bearer a.b.c' });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('unknown-key');
    } finally {
      await app.close();
    }
  });
});
