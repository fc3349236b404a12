import {
  appHosted,
  applicationInstance,
  groupCall,
  guest,
  joinMeeting,
  joinMeetingById,
  peerToPeerCall,
  phone,
  pstnCall,
  serviceHosted,
  user,
} from '@graph-calling/builders';
import type { CallRequest } from '@graph-calling/models';
import { eventually } from '@graph-calling/test-support/eventually';
import { createSimulator, DEFAULT_APP, type Simulator } from '@graph-calling/simulator';
import { clientCredentials, createCallsClient, GraphError, startKeepAlive, trustedFetch, type CallsClient } from '@graph-calling/transport';
import { simulatorAuth } from '@graph-calling/test-support/simulatorAuth';

let simulator: Simulator;
let client: CallsClient;
let tlsFetch: typeof fetch;
const callbackUri = 'http://127.0.0.1:9/callback';
const john = user('112f7296-5fa4-42ca-bae8-6a692b15d4b8', 'John');
const organizer = user('5810cede-f3cc-42eb-b2c1-e9bd5d53ec96', { displayName: 'Bob', tenantId: DEFAULT_APP.tenantId });
const chatInfo = { threadId: '19:meeting_Win6Ydo4wsMijFjZS00ZGVjLTk5MGUtOTRjNWY2NmNkYTFm@thread.v2', messageId: '0' };

function auth(app = DEFAULT_APP) {
  return simulatorAuth(simulator, app);
}

beforeAll(async () => {
  simulator = await createSimulator({ timing: { stepMs: 5, autoAnswerMs: 5 }, callbackAttempts: 1 });
  tlsFetch = trustedFetch(simulator.certificate.cert);
  client = createCallsClient({ baseUrl: simulator.url, ca: simulator.certificate.cert, auth: auth(), retry: { baseDelayMs: 10 } });
});
afterAll(() => simulator.close());
afterEach(() => simulator.control.setFaults({}));

async function countCalls(): Promise<number> {
  await simulator.control.settled();
  return simulator.control.calls().length;
}

describe('calls through the simulator', () => {
  it.each<[string, CallRequest]>([
    ['peer-to-peer, service-hosted', peerToPeerCall({ callbackUri, to: john, media: serviceHosted() })],
    ['peer-to-peer, app-hosted', peerToPeerCall({ callbackUri, to: john, media: appHosted({ blob: 'b' }) })],
    ['group call', groupCall({ callbackUri, targets: [john, user('98da8a1a-1b87-452c-a713-65d3f10b5555')], media: serviceHosted() })],
    ['scheduled meeting', joinMeeting({ callbackUri, chatInfo, organizer, media: serviceHosted() })],
    ['guest join', joinMeeting({ callbackUri, chatInfo, organizer, media: serviceHosted(), source: guest('g1', 'Guest') })],
    [
      'PSTN',
      pstnCall({
        callbackUri,
        from: applicationInstance('3d913abb-aec0-4964-8fa6-3c6850c4f278'),
        to: phone('+12345678901'),
        media: serviceHosted(),
      }),
    ],
    ['join by meeting id', joinMeetingById({ callbackUri, meetingId: '2345678901234', passcode: 'x', media: serviceHosted() })],
  ])('%s: create, get, participants, keep-alive, delete', async (_name, request) => {
    const created = await client.calls.create(request);
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.location).toBe(`${simulator.url}/v1.0/communications/calls/${created.id}`);
    expect(created.call).toMatchObject({ id: created.id, state: 'establishing' });
    expect(created.scenarioId).toMatch(/^[0-9a-f-]{36}$/);
    const fetched = await client.calls.get(created.id);
    expect(fetched.id).toBe(created.id);
    expect((await client.calls.participants.list(created.id)).length).toBeGreaterThanOrEqual(1);
    await client.calls.keepAlive(created.id);
    await client.calls.delete(created.id);
    await simulator.control.waitFor(created.id, (c) => c.state === 'terminated');
    await expect(client.calls.get(created.id)).rejects.toMatchObject({ status: 404, code: 'ItemNotFound' });
  });

  it('uses the deprecated /app/calls path when asked (beta only)', async () => {
    const beta = createCallsClient({
      baseUrl: simulator.url,
      ca: simulator.certificate.cert,
      version: 'beta',
      useAppCallsPath: true,
      auth: auth(),
    });
    const created = await beta.calls.create(peerToPeerCall({ callbackUri, to: john, media: serviceHosted() }));
    expect(created.location).toBe(`${simulator.url}/beta/app/calls/${created.id}`);
    await beta.calls.delete(created.id);
    expect(() =>
      createCallsClient({ baseUrl: simulator.url, ca: simulator.certificate.cert, useAppCallsPath: true, auth: auth() }),
    ).toThrow(/only in beta/);
  });

  it('trusts the simulator only through ca: without it the HTTPS Graph is a network error naming the certificate', async () => {
    const untrusting = createCallsClient({ baseUrl: simulator.url, auth: auth(), retry: { maxRetries: 0 } });
    const error = await untrusting.calls.get('00000000-0000-4000-8000-000000000000').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GraphError);
    expect((error as GraphError).kind).toBe('network');
    // Node 24 adds a hint between the reason and the code ("…; if the root CA is installed locally, …").
    expect((error as GraphError).message).toMatch(/: no answer \(self-signed certificate\b.*DEPTH_ZERO_SELF_SIGNED_CERT\)$/);
  });

  it('uses the deprecated /applications/{id}/calls path when asked (beta only), with the real msal-node token', async () => {
    const beta = createCallsClient({
      baseUrl: simulator.url,
      ca: simulator.certificate.cert,
      version: 'beta',
      useApplicationCallsPath: DEFAULT_APP.appId,
      auth: auth(),
    });
    const created = await beta.calls.create(peerToPeerCall({ callbackUri, to: john, media: serviceHosted() }));
    expect(created.location).toBe(`${simulator.url}/beta/applications/${DEFAULT_APP.appId}/calls/${created.id}`);
    expect((await beta.calls.get(created.id)).id).toBe(created.id);
    expect((await beta.calls.participants.list(created.id)).length).toBeGreaterThanOrEqual(1);
    await beta.calls.keepAlive(created.id);
    await beta.calls.delete(created.id);
    await simulator.control.waitFor(created.id, (c) => c.state === 'terminated');
  });

  it("answers 403 on /applications/{id}/calls when the id is another app's, and creates nothing", async () => {
    const before = await countCalls();
    const other = createCallsClient({
      baseUrl: simulator.url,
      ca: simulator.certificate.cert,
      version: 'beta',
      useApplicationCallsPath: '2891555a-92ff-42e6-80fa-6e1300c6b5c6',
      auth: auth(),
    });
    await expect(other.calls.create(peerToPeerCall({ callbackUri, to: john, media: serviceHosted() }))).rejects.toMatchObject({
      kind: 'http',
      status: 403,
      code: 'Forbidden',
    });
    expect(await countCalls()).toBe(before);
  });

  it('refuses useApplicationCallsPath outside beta, beside useAppCallsPath, or with something not an application id', () => {
    const base = { baseUrl: simulator.url, auth: auth() };
    expect(() => createCallsClient({ ...base, useApplicationCallsPath: DEFAULT_APP.appId })).toThrow(/only in beta/);
    expect(() =>
      createCallsClient({ ...base, version: 'beta', useAppCallsPath: true, useApplicationCallsPath: DEFAULT_APP.appId }),
    ).toThrow(/choose one/);
    expect(() => createCallsClient({ ...base, version: 'beta', useApplicationCallsPath: '../communications' })).toThrow(
      /expects the application \(client\) id, a GUID; found "..\/communications"/,
    );
  });

  it('gets the token through msal-node once, shared by concurrent requests', async () => {
    const before = simulator.control.tokensIssued();
    const fresh = createCallsClient({ baseUrl: simulator.url, ca: simulator.certificate.cert, auth: auth() });
    const created = await fresh.calls.create(peerToPeerCall({ callbackUri, to: john, media: serviceHosted() }));
    await Promise.all(Array.from({ length: 20 }, () => fresh.calls.get(created.id)));
    expect(simulator.control.tokensIssued() - before).toBe(1);
  });

  it('sends a new client-request-id per request, one scenario-id per call flow, and its User-Agent', async () => {
    const seen: Array<Record<string, string>> = [];
    const spying = createCallsClient({
      baseUrl: simulator.url,
      ca: simulator.certificate.cert,
      auth: auth(),
      fetch: (input, init) => {
        seen.push({ ...(init?.headers as Record<string, string>) });
        return tlsFetch(input, init);
      },
    });
    const created = await spying.calls.create(peerToPeerCall({ callbackUri, to: john, media: serviceHosted() }));
    await spying.calls.get(created.id);
    await spying.calls.keepAlive(created.id);
    expect(new Set(seen.map((h) => h['client-request-id'])).size).toBe(3);
    expect(seen.map((h) => h['scenario-id'])).toEqual([created.scenarioId, created.scenarioId, created.scenarioId]);
    expect(seen[0]?.['user-agent']).toMatch(/^graph-calling-transport\/\d+\.\d+\.\d+ \(Node\.js v\d+/);
    expect(seen[0]?.['authorization']).toMatch(/^Bearer ey/);
  });

  it('remembers scenario ids for a bounded number of calls, forgetting the least recently used', async () => {
    const seen: string[] = [];
    const spying = createCallsClient({
      baseUrl: simulator.url,
      auth: auth(),
      maxTrackedCalls: 1,
      fetch: (input, init) => {
        seen.push((init?.headers as Record<string, string>)['scenario-id'] ?? 'none');
        return tlsFetch(input, init);
      },
    });
    const first = await spying.calls.create(peerToPeerCall({ callbackUri, to: john, media: serviceHosted() }));
    const second = await spying.calls.create(peerToPeerCall({ callbackUri, to: john, media: serviceHosted() }));
    await spying.calls.get(second.id);
    await spying.calls.get(first.id);
    expect(seen).toEqual([first.scenarioId, second.scenarioId, second.scenarioId, 'none']);
  });
});

describe('retries and the no-duplicate-create guarantee', () => {
  /** A fetch that lifts the simulator's faults once the first answer is in. */
  function healingFetch(): typeof fetch {
    let first = true;
    return async (input, init) => {
      try {
        return await tlsFetch(input, init);
      } finally {
        if (first) {
          first = false;
          simulator.control.setFaults({});
        }
      }
    };
  }

  /** A sleep that returns at once and records each wait the client asked for: the wait is the subject, not the clock. */
  function recordingSleep() {
    const waits: number[] = [];
    return { waits, sleep: (ms: number) => (waits.push(ms), Promise.resolve()) };
  }

  it('retries a 429 with Retry-After (seconds) and creates exactly one call', async () => {
    simulator.control.setFaults({ requests: { throttlePercent: 100, retryAfterSeconds: 1 } });
    const before = await countCalls();
    // The wait is the subject: an injected sleep records the delay the client asked for (1 s from Retry-After).
    const { waits, sleep } = recordingSleep();
    const c = createCallsClient({
      baseUrl: simulator.url,
      ca: simulator.certificate.cert,
      auth: auth(),
      fetch: healingFetch(),
      retry: { sleep },
    });
    await c.calls.create(peerToPeerCall({ callbackUri, to: john, media: serviceHosted() }));
    expect(waits).toEqual([1000]);
    expect((await countCalls()) - before).toBe(1);
  });

  it('retries a 503 with Retry-After as an HTTP-date', async () => {
    simulator.control.setFaults({ requests: { unavailablePercent: 100, retryAfterSeconds: 1, retryAfterFormat: 'http-date' } });
    const { waits, sleep } = recordingSleep();
    const c = createCallsClient({
      baseUrl: simulator.url,
      ca: simulator.certificate.cert,
      auth: auth(),
      fetch: healingFetch(),
      retry: { sleep },
    });
    await expect(c.calls.create(peerToPeerCall({ callbackUri, to: john, media: serviceHosted() }))).resolves.toBeDefined();
    // An HTTP-date one second ahead, read back at whole-second resolution: one wait of at most a second.
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeLessThanOrEqual(1000);
  });

  it('gives up after the configured retries with the Retry-After it was given and a hint', async () => {
    simulator.control.setFaults({ requests: { throttlePercent: 100, retryAfterSeconds: 0 } });
    const c = createCallsClient({ baseUrl: simulator.url, ca: simulator.certificate.cert, auth: auth(), retry: { maxRetries: 2 } });
    const error = (await c.calls
      .create(peerToPeerCall({ callbackUri, to: john, media: serviceHosted() }))
      .catch((e: unknown) => e)) as GraphError;
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({ kind: 'http', status: 429, code: 'TooManyRequests', retryAfterMs: 0 });
    expect(error.hint).toMatch(/throttling/);
    expect(error.requestId).toBeTruthy();
  });

  it('never retries a create after a timeout: the simulator sees exactly one call', async () => {
    // The simulator creates the call, then answers too late: a client that retried would create a second one.
    simulator.control.setFaults({ requests: { slowMs: 400 } });
    const before = await countCalls();
    let attempts = 0;
    const c = createCallsClient({
      baseUrl: simulator.url,
      ca: simulator.certificate.cert,
      auth: auth(),
      timeoutMs: 100,
      fetch: (input, init) => (attempts++, tlsFetch(input, init)),
    });
    const error = (await c.calls
      .create(peerToPeerCall({ callbackUri, to: john, media: serviceHosted() }))
      .catch((e: unknown) => e)) as GraphError;
    expect(error).toMatchObject({ kind: 'timeout' });
    // The retry decision is made before create() settles, so one attempt now means one attempt ever.
    expect(attempts).toBe(1);
    // The slow simulator still creates the call (once): wait for it rather than for a fixed time.
    await eventually(async () => (await countCalls()) - before === 1);
    expect((await countCalls()) - before).toBe(1);
  });

  it('retries an idempotent GET after a timeout', async () => {
    const created = await client.calls.create(peerToPeerCall({ callbackUri, to: john, media: serviceHosted() }));
    simulator.control.setFaults({ requests: { slowMs: 300 } });
    const c = createCallsClient({
      baseUrl: simulator.url,
      ca: simulator.certificate.cert,
      auth: auth(),
      timeoutMs: 100,
      retry: { baseDelayMs: 1 },
      fetch: healingFetch(),
    });
    await expect(c.calls.get(created.id)).resolves.toMatchObject({ id: created.id });
  });

  it('a DELETE whose first attempt timed out after Graph acted is retried, and its 404 is success (alreadyGone)', async () => {
    const created = await client.calls.create(peerToPeerCall({ callbackUri, to: john, media: serviceHosted() }));
    // The answer is held back long after Graph acted; the first attempt fails with the client's own timeout only once
    // the simulator has ended the call (so the order "acted, then timed out" never depends on the machine's load).
    simulator.control.setFaults({ requests: { slowMs: 5000 } });
    let attempts = 0;
    const firstThenHeal: typeof fetch = async (input, init) => {
      attempts += 1;
      if (attempts > 1) return tlsFetch(input, init);
      const signal = init?.signal ?? undefined;
      tlsFetch(input, { ...init, signal: null }).catch(() => undefined);
      await simulator.control.waitFor(created.id, (call) => call.state === 'terminated');
      simulator.control.setFaults({});
      if (signal && !signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      throw signal?.reason ?? new Error('no timeout signal');
    };
    const c = createCallsClient({
      baseUrl: simulator.url,
      auth: auth(),
      timeoutMs: 100,
      retry: { baseDelayMs: 1 },
      fetch: firstThenHeal,
    });
    await expect(c.calls.delete(created.id)).resolves.toEqual({ alreadyGone: true });
    expect(attempts).toBe(2);
  });

  it('a first-attempt DELETE answered 404 is still an error: the call was not ours to end', async () => {
    const created = await client.calls.create(peerToPeerCall({ callbackUri, to: john, media: serviceHosted() }));
    await expect(client.calls.delete(created.id)).resolves.toEqual({ alreadyGone: false });
    await simulator.control.waitFor(created.id, (call) => call.state === 'terminated');
    await expect(client.calls.delete(created.id)).rejects.toMatchObject({ status: 404, code: 'ItemNotFound' });
  });
});

describe('errors with hints', () => {
  it('a missing permission (7504) names what requiredPermissions says is needed', async () => {
    const limited = {
      appId: '44444444-2222-4333-8444-555555555555',
      secret: 'x',
      tenantId: DEFAULT_APP.tenantId,
      roles: ['Calls.Initiate.All'],
    };
    simulator.control.registerApp(limited);
    const c = createCallsClient({ baseUrl: simulator.url, ca: simulator.certificate.cert, auth: auth(limited) });
    const error = (await c.calls
      .create(groupCall({ callbackUri, targets: [john, user('98da8a1a-1b87-452c-a713-65d3f10b5555')], media: appHosted({ blob: 'b' }) }))
      .catch((e: unknown) => e)) as GraphError;
    expect(error).toMatchObject({ status: 403, code: '7504' });
    expect(error.hint).toBe(
      'a groupCall request needs Calls.InitiateGroupCall.All and Calls.AccessMedia.All: add them as application permissions of the app registration and grant admin consent (the token has Calls.Initiate.All)',
    );
    expect(error.message).toContain('Insufficient enterprise tenant permissions');
  });

  it('a tenant mismatch (7505) says which tenant to get the token for', async () => {
    const other = '22222222-3333-4444-8555-666666666666';
    const error = (await client.calls
      .create(joinMeeting({ callbackUri, chatInfo, organizer, media: serviceHosted(), tenantId: other }))
      .catch((e: unknown) => e)) as GraphError;
    expect(error).toMatchObject({ status: 403, code: '7505' });
    expect(error.hint).toContain(other);
  });

  it('an auth failure is a typed error', async () => {
    const c = createCallsClient({
      baseUrl: simulator.url,
      ca: simulator.certificate.cert,
      auth: clientCredentials({
        tenantId: DEFAULT_APP.tenantId,
        clientId: DEFAULT_APP.appId,
        clientSecret: 'wrong',
        authorityUrl: simulator.authorityUrl,
        ca: simulator.certificate.cert,
      }),
    });
    await expect(c.calls.get('x')).rejects.toMatchObject({ kind: 'auth', message: expect.stringContaining('AADSTS7000215') });
  });
});

describe('keep-alive scheduler', () => {
  it('keeps a call alive past the window, and stops when Graph says the call is gone', async () => {
    // A window wide enough that a loaded machine's late keep-alive still lands inside it (the call would end).
    const sim = await createSimulator({ timing: { stepMs: 5, autoAnswerMs: 5, keepAliveWindowMs: 3000 } });
    try {
      const simFetch = trustedFetch(sim.certificate.cert);
      const c = createCallsClient({
        baseUrl: sim.url,
        ca: sim.certificate.cert,
        auth: clientCredentials({
          tenantId: DEFAULT_APP.tenantId,
          clientId: DEFAULT_APP.appId,
          clientSecret: DEFAULT_APP.secret ?? '',
          authorityUrl: sim.authorityUrl,
          ca: sim.certificate.cert,
        }),
        // Counts the keep-alives sent, so the test waits for them rather than for a fixed time.
        fetch: (input, init) => {
          if (String(input instanceof Request ? input.url : input).endsWith('/keepAlive')) keepAlives += 1;
          return simFetch(input, init);
        },
      });
      let keepAlives = 0;
      const created = await c.calls.create(peerToPeerCall({ callbackUri, to: john, media: serviceHosted() }));
      let onEnded: (callId: string) => void = () => undefined;
      const ended = new Promise<string>((resolve) => (onEnded = resolve));
      const keepAlive = startKeepAlive(c, created.id, { everyMs: 100, onEnded: (id) => onEnded(id) });
      // 35 keep-alives 100 ms apart span more than the 3 s window in which an unrefreshed call ends.
      await eventually(() => keepAlives >= 35, 60_000);
      expect(sim.control.call(created.id)?.state).toBe('established');
      sim.control.hangup(created.id);
      await expect(ended).resolves.toBe(created.id);
      expect(keepAlive.stopped).toBe(true);
      expect(() => startKeepAlive(c, 'x', { everyMs: 46 * 60_000 })).toThrow(RangeError);
    } finally {
      await sim.close();
    }
  }, 90_000);
});
