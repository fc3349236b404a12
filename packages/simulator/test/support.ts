import { request as httpsRequest } from 'node:https';
import Fastify from 'fastify';
import { ConfidentialClientApplication, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from '@azure/msal-node';
import { createCallbackReceiver, createTokenVerifier, MemoryCallStore, type CallbackEvent } from '@graph-calling/notifications';
import { graphCallbacks } from '@graph-calling/notifications/fastify';
import type { Simulator, SimulatedApp } from '@graph-calling/simulator';
import { Agent, fetch as undiciFetch } from 'undici';

/** A fetch that trusts the simulator's certificate (its Graph API and callback keys are served over HTTPS). */
export function trustingFetch(simulator: Pick<Simulator, 'certificate'>): typeof fetch {
  const dispatcher = new Agent({ connect: { ca: simulator.certificate.cert } });
  return (input: Parameters<typeof fetch>[0], init?: RequestInit) =>
    undiciFetch(input as Parameters<typeof undiciFetch>[0], {
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher,
    });
}

/** msal-node's network module over node:https, trusting one extra CA (the simulator's certificate). */
export function trustingNetworkClient(ca: string): INetworkModule {
  const send = <T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> =>
    new Promise((resolve, reject) => {
      const req = httpsRequest(url, { method, ca, headers: options?.headers ?? {} }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            body = {};
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers as Record<string, string>, body: body as T });
        });
      });
      req.on('error', reject);
      if (options?.body) req.write(options.body);
      req.end();
    });
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}

/** A Graph token from the simulator's authority, acquired with the real msal-node. */
export async function graphToken(simulator: Simulator, app: SimulatedApp, tenantId = app.tenantId): Promise<string> {
  const client = new ConfidentialClientApplication({
    auth: {
      clientId: app.appId,
      clientSecret: app.secret ?? '',
      authority: simulator.authority(tenantId),
      knownAuthorities: [simulator.authorityHost],
    },
    system: { networkClient: trustingNetworkClient(simulator.certificate.cert) },
  });
  const result = await client.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
  if (!result?.accessToken) throw new Error('no token');
  return result.accessToken;
}

/** A bot's callback endpoint: the real receiver, verifying the simulator's signed callbacks. */
export async function startCallbackServer(simulator: Simulator, app: SimulatedApp, options: { failFirst?: number; status?: number } = {}) {
  const store = new MemoryCallStore();
  const receiver = createCallbackReceiver({
    verifier: createTokenVerifier({
      appIds: app.appId,
      openIdConfigurationUrl: simulator.openIdConfigurationUrl,
      fetch: trustingFetch(simulator),
    }),
    store,
  });
  const events: CallbackEvent[] = [];
  receiver.on('*', (event) => void events.push(event));
  let failures = options.failFirst ?? 0;
  let received = 0;
  const server = Fastify();
  server.addHook('onRequest', async (_request, reply) => {
    received += 1;
    if (failures > 0) {
      failures -= 1;
      return reply.code(options.status ?? 500).send();
    }
    return undefined;
  });
  await server.register(graphCallbacks, { receiver, path: '/callback' });
  const url = `${(await server.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1')}/callback`;
  return {
    url,
    store,
    events,
    received: () => received,
    types: (callId: string) =>
      events.filter((e) => e.callId === callId).map((e) => (e.type === 'call.stateChanged' ? `state:${e.state}` : e.type)),
    close: () => server.close(),
  };
}

export { eventually } from '@graph-calling/test-support/eventually';

/** What {@link graph} returns for each request. */
export interface GraphAnswer {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  readonly body: Record<string, any> | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Calls the simulated Graph with a bearer token. */
export function graph(simulator: Simulator, token: string | undefined) {
  const fetch = trustingFetch(simulator);
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<GraphAnswer> => {
    const response = await fetch(`${simulator.url}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, any>) : undefined }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
}
