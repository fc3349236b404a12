import { createHash } from 'node:crypto';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { groupCall, guest, joinMeeting, peerToPeerCall, serviceHosted, user, appHosted } from '@graph-calling/builders';
import { createSimulator, DEFAULT_APP, type Simulator } from '@graph-calling/simulator';
import { generate } from 'selfsigned';
import { graph, graphToken, trustingNetworkClient } from './support';

const limited = {
  appId: '11111111-2222-4333-8444-555555555555',
  secret: 's3cret',
  tenantId: DEFAULT_APP.tenantId,
  roles: ['Calls.Initiate.All'],
  displayName: 'Limited',
};
const other = {
  appId: '99999999-2222-4333-8444-555555555555',
  secret: 'other',
  tenantId: '22222222-3333-4444-8555-666666666666',
  roles: ['Calls.Initiate.All'],
};
let simulator: Simulator;
const cb = 'http://127.0.0.1:9/callback';
const john = user('112f7296-5fa4-42ca-bae8-6a692b15d4b8', 'John');

beforeAll(async () => {
  simulator = await createSimulator({ apps: [DEFAULT_APP, limited, other], timing: { autoAnswerMs: false }, callbackAttempts: 1 });
});
afterAll(() => simulator.close());

function expectGraphError(response: { status: number; body: Record<string, unknown> | undefined }, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.body?.['error']).toMatchObject({
    code,
    message: expect.any(String),
    innerError: { date: expect.any(String), 'request-id': expect.any(String) },
  });
}

describe('Graph-shaped refusals, never a 500', () => {
  it.each([
    ['a call id with a tab', '/v1.0/communications/calls/a%09b/keepAlive', 'call id', 'control character'],
    ['a call id with a control character', '/v1.0/communications/calls/a%0Ab', 'call id', 'control character'],
    ['a call id with an encoded slash', '/v1.0/communications/calls/a%2Fb/participants', 'call id', 'path separator'],
    ['a participant id with an encoded backslash', '/v1.0/communications/calls/abc/participants/a%5Cb', 'participant id', 'path separator'],
  ])('answers 400 BadRequest naming the field for %s', async (_what, path, field, why) => {
    const answer = await graph(simulator, await graphToken(simulator, DEFAULT_APP))(path.endsWith('keepAlive') ? 'POST' : 'GET', path);
    expectGraphError(answer, 400, 'BadRequest');
    expect(answer.body?.['error']?.['message']).toContain(`${field}: expected an id of 1–256`);
    expect(answer.body?.['error']?.['message']).toContain(why);
  });

  it('refuses a request without a token, or with a forged one (401 InvalidAuthenticationToken)', async () => {
    expectGraphError(await graph(simulator, undefined)('POST', '/v1.0/communications/calls', {}), 401, 'InvalidAuthenticationToken');
    expectGraphError(await graph(simulator, 'e30.e30.c2ln')('GET', '/v1.0/communications/calls/x'), 401, 'InvalidAuthenticationToken');
  });

  it('answers 7504 when the token lacks the permission the request needs', async () => {
    const call = graph(simulator, await graphToken(simulator, limited));
    expect(
      (await call('POST', '/v1.0/communications/calls', peerToPeerCall({ callbackUri: cb, to: john, media: serviceHosted() }))).status,
    ).toBe(201);
    const group = await call(
      'POST',
      '/v1.0/communications/calls',
      groupCall({ callbackUri: cb, targets: [john, user('98da8a1a-1b87-452c-a713-65d3f10b5555')], media: serviceHosted() }),
    );
    expectGraphError(group, 403, '7504');
    expect(group.body?.['error']?.['message']).toBe('Insufficient enterprise tenant permissions, cannot access this API.');
    expectGraphError(
      await call('POST', '/v1.0/communications/calls', peerToPeerCall({ callbackUri: cb, to: john, media: appHosted({ blob: 'b' }) })),
      403,
      '7504',
    );
  });

  it('answers 7505 when the request names another tenant than the token', async () => {
    const call = graph(simulator, await graphToken(simulator, DEFAULT_APP));
    const response = await call(
      'POST',
      '/v1.0/communications/calls',
      joinMeeting({
        callbackUri: cb,
        media: serviceHosted(),
        tenantId: other.tenantId,
        chatInfo: { threadId: '19:meeting_x@thread.v2', messageId: '0' },
        organizer: john,
      }),
    );
    expectGraphError(response, 403, '7505');
    expect(response.body?.['error']?.['message']).toBe('Request authorization tenant mismatch.');
  });

  it("with meetingTenants 'any', joins another tenant's meeting (as a guest too), and still refuses other calls naming it", async () => {
    const demo = await createSimulator({ meetingTenants: 'any', timing: { autoAnswerMs: false }, callbackAttempts: 1 });
    try {
      const call = graph(demo, await graphToken(demo, DEFAULT_APP));
      const organizer = user('5810cede-f3cc-42eb-b2c1-e9bd5d53ec96', { tenantId: other.tenantId });
      const join = await call(
        'POST',
        '/v1.0/communications/calls',
        joinMeeting({
          callbackUri: cb,
          media: serviceHosted(),
          tenantId: other.tenantId,
          chatInfo: { threadId: '19:meeting_x@thread.v2', messageId: '0' },
          organizer,
          source: guest('demo-guest', 'Demo Guest'),
        }),
      );
      expect(join.status).toBe(201);
      expect(demo.control.call(String(join.body?.['id']))?.state).toBe('establishing');
      const peer = await call(
        'POST',
        '/v1.0/communications/calls',
        peerToPeerCall({ callbackUri: cb, to: john, media: serviceHosted(), tenantId: other.tenantId }),
      );
      expectGraphError(peer, 403, '7505');
    } finally {
      await demo.close();
    }
  });

  it('refuses a token for a tenant where the app is not registered', async () => {
    await expect(graphToken(simulator, DEFAULT_APP, other.tenantId)).rejects.toThrow(/AADSTS700016/);
    await expect(graphToken(simulator, { ...DEFAULT_APP, secret: 'wrong' })).rejects.toThrow(/AADSTS7000215/);
  });

  it('issues tokens for certificate credentials (client assertion)', async () => {
    const pems = await generate([{ name: 'commonName', value: 'bot' }], { keySize: 2048 });
    const certApp = {
      appId: '33333333-2222-4333-8444-555555555555',
      certificate: pems.cert,
      tenantId: DEFAULT_APP.tenantId,
      roles: ['Calls.Initiate.All'],
    };
    simulator.control.registerApp(certApp);
    const msal = new ConfidentialClientApplication({
      auth: {
        clientId: certApp.appId,
        authority: simulator.authority(certApp.tenantId),
        knownAuthorities: [simulator.authorityHost],
        clientCertificate: { thumbprintSha256: thumbprint(pems.cert), privateKey: pems.private },
      },
      system: { networkClient: trustingNetworkClient(simulator.certificate.cert) },
    });
    const result = await msal.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
    const created = await graph(simulator, result?.accessToken)(
      'POST',
      '/v1.0/communications/calls',
      peerToPeerCall({ callbackUri: cb, to: john, media: serviceHosted() }),
    );
    expect(created.status).toBe(201);
  });

  it.each<[string, () => Promise<{ status: number; body: Record<string, unknown> | undefined }>, number, string]>([
    [
      'invalid JSON',
      async () => graph(simulator, await graphToken(simulator, DEFAULT_APP))('POST', '/v1.0/communications/calls', '{"callbackUri": '),
      400,
      'BadRequest',
    ],
    [
      'a body that is not a call',
      async () => graph(simulator, await graphToken(simulator, DEFAULT_APP))('POST', '/v1.0/communications/calls', { callbackUri: 5 }),
      400,
      'BadRequest',
    ],
    [
      'a wrong content type',
      async () =>
        graph(simulator, await graphToken(simulator, DEFAULT_APP))('POST', '/v1.0/communications/calls', 'x', {
          'content-type': 'text/xml',
        }),
      415,
      'UnsupportedMediaType',
    ],
    [
      'a giant body',
      async () =>
        graph(simulator, await graphToken(simulator, DEFAULT_APP))(
          'POST',
          '/v1.0/communications/calls',
          `{"x":"${'a'.repeat(2 * 1024 * 1024)}"}`,
        ),
      413,
      'RequestEntityTooLarge',
    ],
    [
      'an unknown Graph path',
      async () => graph(simulator, await graphToken(simulator, DEFAULT_APP))('GET', '/v1.0/communications/meetings'),
      400,
      'BadRequest',
    ],
    ['a path outside Graph', async () => graph(simulator, undefined)('GET', '/nothing/here'), 404, 'NotFound'],
    [
      'an unknown call id',
      async () =>
        graph(simulator, await graphToken(simulator, DEFAULT_APP))(
          'GET',
          '/v1.0/communications/calls/00000000-0000-0000-0000-000000000000',
        ),
      404,
      'ItemNotFound',
    ],
    [
      'a callback off this machine',
      async () =>
        graph(simulator, await graphToken(simulator, DEFAULT_APP))(
          'POST',
          '/v1.0/communications/calls',
          peerToPeerCall({ callbackUri: 'https://bot.contoso.com/callback', to: john, media: serviceHosted() }),
        ),
      400,
      'BadRequest',
    ],
  ])('answers %s with a Graph error (%d)', async (_name, send, status, code) => {
    expectGraphError(await send(), status, code);
  });

  it('echoes client-request-id and sends a request-id', async () => {
    const response = await graph(simulator, undefined)('GET', '/v1.0/communications/calls/x', undefined, {
      'client-request-id': 'abc-123',
    });
    expect(response.headers.get('client-request-id')).toBe('abc-123');
    expect(response.body?.['error']?.['innerError']?.['client-request-id']).toBe('abc-123');
    expect(response.headers.get('request-id')).toBeTruthy();
  });
});

function thumbprint(pem: string): string {
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  return createHash('sha256').update(der).digest('hex');
}
