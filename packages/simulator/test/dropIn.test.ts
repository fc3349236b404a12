import { X509Certificate } from 'node:crypto';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { peerToPeerCall, serviceHosted, user } from '@graph-calling/builders';
import { createSimulator, DEFAULT_APP, type Simulator } from '@graph-calling/simulator';
import { CERTIFICATE_HOSTS } from '../src/certificate';
import { graph, graphToken, trustingFetch, trustingNetworkClient } from './support';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DOMAIN = 'graphcallingsim.onmicrosoft.com';
const unnamed = {
  appId: '7c0a8f1e-3b2d-4e5f-8a9b-0c1d2e3f4a5b',
  secret: 'x',
  tenantId: DEFAULT_APP.tenantId,
  roles: ['Calls.Initiate.All'],
};
const callbackUri = 'http://127.0.0.1:9/callback';
const john = user('112f7296-5fa4-42ca-bae8-6a692b15d4b8', 'John');

let simulator: Simulator;
let call: ReturnType<typeof graph>;

beforeAll(async () => {
  simulator = await createSimulator({
    apps: [DEFAULT_APP, unnamed],
    tenantDomains: { [DOMAIN]: DEFAULT_APP.tenantId },
    timing: { autoAnswerMs: false },
    callbackAttempts: 1,
  });
  call = graph(simulator, await graphToken(simulator, DEFAULT_APP));
});
afterAll(() => simulator.close());

async function msalToken(authority: string, knownAuthority: string, scopes: string[], app = DEFAULT_APP): Promise<string> {
  const client = new ConfidentialClientApplication({
    auth: { clientId: app.appId, clientSecret: app.secret ?? '', authority, knownAuthorities: [knownAuthority] },
    system: { networkClient: trustingNetworkClient(simulator.certificate.cert) },
  });
  const result = await client.acquireTokenByClientCredential({ scopes });
  return result?.accessToken ?? '';
}
const claims = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

describe('HTTPS, one certificate', () => {
  it('serves Graph, the callback keys and the authority over HTTPS with one certificate for 127.0.0.1, localhost and ::1', async () => {
    expect(simulator.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(simulator.openIdConfigurationUrl.startsWith(simulator.url)).toBe(true);
    expect(simulator.authorityUrl).toMatch(/^https:/);
    const x509 = new X509Certificate(simulator.certificate.cert);
    expect(x509.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(x509.checkIP('::1')).toBe('::1');
    expect(x509.checkHost('localhost')).toBe('localhost');
    expect(CERTIFICATE_HOSTS).toEqual(['127.0.0.1', 'localhost', '::1']);
    expect(simulator.certificate.cert.endsWith('-----END CERTIFICATE-----\n')).toBe(true);
    // An untrusting client is refused by TLS, not answered over plain text.
    await expect(fetch(`${simulator.url}/v1.0/communications/calls/x`)).rejects.toThrow();
  });

  it('builds Location and jwks_uri from the host and scheme the client used (localhost as well as 127.0.0.1)', async () => {
    const port = new URL(simulator.url).port;
    const viaLocalhost = graph({ ...simulator, url: `https://localhost:${port}` }, await graphToken(simulator, DEFAULT_APP));
    const created = await viaLocalhost(
      'POST',
      '/v1.0/communications/calls',
      peerToPeerCall({ callbackUri, to: john, media: serviceHosted() }),
    );
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`https://localhost:${port}/v1.0/communications/calls/${created.body?.['id']}`);
    const config = (await (
      await trustingFetch(simulator)(`https://localhost:${port}/botframework/.well-known/OpenIdConfiguration`)
    ).json()) as {
      jwks_uri: string;
    };
    expect(config.jwks_uri).toBe(`https://localhost:${port}/botframework/keys`);
  });

  it('keeps plain HTTP behind plainHttp (the identity endpoint stays HTTPS)', async () => {
    const plain = await createSimulator({ plainHttp: true });
    try {
      expect(plain.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(plain.authorityUrl).toMatch(/^https:/);
      const answer = await fetch(`${plain.url}/botframework/.well-known/OpenIdConfiguration`);
      expect(((await answer.json()) as { jwks_uri: string }).jwks_uri).toBe(`${plain.url}/botframework/keys`);
    } finally {
      await plain.close();
    }
  });
});

describe('request ids', () => {
  it('sends one GUID per request in request-id, the same as the error body innerError; generates client-request-id', async () => {
    const missing = await call('GET', '/v1.0/communications/calls/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    const requestId = missing.headers.get('request-id');
    expect(requestId).toMatch(GUID);
    expect(missing.body?.['error']?.['innerError']?.['request-id']).toBe(requestId);
    const clientRequestId = missing.headers.get('client-request-id');
    expect(clientRequestId).toMatch(GUID);
    expect(missing.body?.['error']?.['innerError']?.['client-request-id']).toBe(clientRequestId);
    const again = await call('GET', '/v1.0/communications/calls/00000000-0000-4000-8000-000000000000');
    expect(again.headers.get('request-id')).not.toBe(requestId);
  });

  it("echoes the caller's client-request-id on success and in errors", async () => {
    const ok = await call('POST', '/v1.0/communications/calls', peerToPeerCall({ callbackUri, to: john, media: serviceHosted() }), {
      'client-request-id': 'mine-1',
    });
    expect(ok.headers.get('client-request-id')).toBe('mine-1');
    expect(ok.headers.get('request-id')).toMatch(GUID);
    const bad = await call('GET', '/v1.0/communications/calls/nope', undefined, { 'client-request-id': 'mine-2' });
    expect(bad.headers.get('client-request-id')).toBe('mine-2');
    expect(bad.body?.['error']?.['innerError']?.['client-request-id']).toBe('mine-2');
  });
});

describe('bodies Graph does not take', () => {
  it('reads an empty body sent with Content-Type: application/json as no body (keepAlive, DELETE)', async () => {
    const created = await call('POST', '/v1.0/communications/calls', peerToPeerCall({ callbackUri, to: john, media: serviceHosted() }));
    const id = created.body?.['id'] as string;
    const json = { 'content-type': 'application/json' };
    expect((await call('POST', `/v1.0/communications/calls/${id}/keepAlive`, '', json)).status).toBe(200);
    expect((await call('DELETE', `/v1.0/communications/calls/${id}`, '', json)).status).toBe(204);
  });

  it('still refuses malformed JSON and prototype pollution (400), and an empty create body (400, not a crash)', async () => {
    const json = { 'content-type': 'application/json' };
    expect((await call('POST', '/v1.0/communications/calls', '{"callbackUri":', json)).body?.['error']?.['code']).toBe('BadRequest');
    expect((await call('POST', '/v1.0/communications/calls', '{"__proto__":{"x":1}}', json)).status).toBe(400);
    const empty = await call('POST', '/v1.0/communications/calls', '', json);
    expect(empty.status).toBe(400);
    expect(empty.body?.['error']?.['message']).toMatch(/^Invalid call: /);
  });
});

describe('identity, as Entra ID accepts it', () => {
  it('issues tokens for both scope forms of Graph, with the matching audience', async () => {
    const authority = simulator.authority(DEFAULT_APP.tenantId);
    expect(claims(await msalToken(authority, simulator.authorityHost, ['https://graph.microsoft.com/.default']))['aud']).toBe(
      'https://graph.microsoft.com',
    );
    const byAppId = await msalToken(authority, simulator.authorityHost, ['00000003-0000-0000-c000-000000000000/.default']);
    expect(claims(byAppId)['aud']).toBe('00000003-0000-0000-c000-000000000000');
    expect((await graph(simulator, byAppId)('GET', '/v1.0/communications/calls/none')).status).toBe(404);
  });

  it('accepts the tenant by a configured domain name (the token names the tenant id)', async () => {
    const token = await msalToken(simulator.authority(DOMAIN), simulator.authorityHost, ['https://graph.microsoft.com/.default']);
    expect(claims(token)).toMatchObject({ tid: DEFAULT_APP.tenantId, appid: DEFAULT_APP.appId });
  });

  it('builds discovery from the host the client used: an authority at https://localhost passes msal-node’s issuer check', async () => {
    const port = new URL(simulator.authorityUrl).port;
    const token = await msalToken(`https://localhost:${port}/${DEFAULT_APP.tenantId}`, `localhost:${port}`, [
      'https://graph.microsoft.com/.default',
    ]);
    expect(claims(token)['tid']).toBe(DEFAULT_APP.tenantId);
  });

  it('still refuses a scope that does not name Graph (AADSTS1002012)', async () => {
    await expect(
      msalToken(simulator.authority(DEFAULT_APP.tenantId), simulator.authorityHost, ['https://outlook.office.com/.default']),
    ).rejects.toThrow(/1002012/);
  });
});

describe('resources as Graph documents them', () => {
  it('synthesizes the source with @odata.types and the documented nulls, named after the app registration', async () => {
    const created = await call('POST', '/v1.0/communications/calls', peerToPeerCall({ callbackUri, to: john, media: serviceHosted() }));
    expect(created.body?.['source']).toEqual({
      '@odata.type': '#microsoft.graph.participantInfo',
      identity: {
        '@odata.type': '#microsoft.graph.identitySet',
        application: { '@odata.type': '#microsoft.graph.identity', id: DEFAULT_APP.appId, displayName: DEFAULT_APP.displayName },
      },
      countryCode: null,
      endpointType: null,
      region: null,
      languageId: null,
    });
    for (const key of [
      'subject',
      'ringingTimeoutInSeconds',
      'mediaState',
      'resultInfo',
      'answeredBy',
      'chatInfo',
      'meetingInfo',
      'toneInfo',
    ]) {
      expect([key, created.body?.[key]]).toEqual([key, null]);
    }
    const id = created.body?.['id'] as string;
    await call('DELETE', `/v1.0/communications/calls/${id}`);
    await simulator.control.waitFor(id, (c) => c.state === 'terminated');
    expect(simulator.control.call(id)?.resultInfo).toMatchObject({ code: 200, subcode: 7000 });
  });

  it('names an app registered without a display name after its id, not "Bot"', async () => {
    const created = await graph(simulator, await graphToken(simulator, unnamed))(
      'POST',
      '/v1.0/communications/calls',
      peerToPeerCall({ callbackUri, to: john, media: serviceHosted() }),
    );
    expect(created.body?.['source']?.['identity']?.['application']?.['displayName']).toBe('Simulated app 7c0a8f1e');
  });

  it('answers Get participant with the participant, and 404 for one not in the call', async () => {
    const created = await call('POST', '/v1.0/communications/calls', peerToPeerCall({ callbackUri, to: john, media: serviceHosted() }));
    const id = created.body?.['id'] as string;
    const me = created.body?.['myParticipantId'] as string;
    const participant = await call('GET', `/v1.0/communications/calls/${id}/participants/${me}`);
    expect(participant.status).toBe(200);
    expect(participant.body).toMatchObject({
      '@odata.type': '#microsoft.graph.participant',
      id: me,
      info: { '@odata.type': '#microsoft.graph.participantInfo', identity: { application: { id: DEFAULT_APP.appId } } },
      isMuted: false,
    });
    const absent = await call('GET', `/v1.0/communications/calls/${id}/participants/00000000-0000-4000-8000-000000000000`);
    expect(absent.status).toBe(404);
    expect(absent.body?.['error']?.['code']).toBe('ItemNotFound');
  });
});

describe('POST /applications/{id}/calls (beta, deprecated)', () => {
  it("creates on the caller's own application id, manages the call under the same path, notifies the 2019 way", async () => {
    const path = `/beta/applications/${DEFAULT_APP.appId}/calls`;
    const created = await call('POST', path, peerToPeerCall({ callbackUri, to: john, media: serviceHosted() }));
    expect(created.status).toBe(201);
    const id = created.body?.['id'] as string;
    expect(created.headers.get('location')).toBe(`${simulator.url}${path}/${id}`);
    expect((await call('GET', `${path}/${id}`)).status).toBe(200);
    expect((await call('POST', `${path}/${id}/keepAlive`)).status).toBe(200);
    expect((await call('DELETE', `${path}/${id}`)).status).toBe(204);
    await simulator.control.settled();
    const resources = simulator.control
      .deliveries()
      .filter((d) => d.callId === id)
      .map((d) => (d.body as { value: Array<{ resource?: string }> }).value[0]?.resource);
    expect(resources[0]).toBe(`/app/calls/${id}`);
  });

  it("answers 403 Forbidden when the id is another app's (create, and managing someone's call), and 400 outside beta", async () => {
    const other = `/beta/applications/${unnamed.appId}/calls`;
    const refused = await call('POST', other, peerToPeerCall({ callbackUri, to: john, media: serviceHosted() }));
    expect(refused.status).toBe(403);
    expect(refused.body?.['error']).toMatchObject({ code: 'Forbidden', innerError: { 'request-id': refused.headers.get('request-id') } });
    const mine = await call('POST', '/beta/communications/calls', peerToPeerCall({ callbackUri, to: john, media: serviceHosted() }));
    expect((await call('GET', `${other}/${mine.body?.['id']}`)).status).toBe(403);
    expect((await call('POST', `/v1.0/applications/${DEFAULT_APP.appId}/calls`, {})).status).toBe(400);
  });
});
