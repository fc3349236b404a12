import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDocPage } from '@graph-calling/doc-examples';
import { createSimulator, DEFAULT_APP, seededRandom, streamSeed, type Simulator } from '@graph-calling/simulator';
import { seedPages } from '@graph-calling/test-support/seeds';

const here = resolve(__dirname, '..');
const GUIDE = resolve(here, '../../docs/guides/testing-graph-js.md');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CLIENT_REQUEST_ID = 'b7a4b5d4-0c2e-4f0a-9d53-5b8f0a1e2c3d';

/** The guide's checked code blocks (`<!-- guide-check: NAME -->` before a ```mjs fence), by name. */
export function guideBlocks(markdown: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const match of markdown.matchAll(/<!-- guide-check: ([a-z-]+) -->\n```mjs\n([\s\S]*?)\n```/g)) {
    blocks.set(match[1] as string, `${match[2] as string}\n`);
  }
  return blocks;
}

/** Every create-call request of the seed pages, as documented: its path, version and JSON body. */
function documentedCreates(tenantId: string) {
  return seedPages().flatMap((page) =>
    parseDocPage(page.text)
      .blocks.filter((b) => b.kind === 'request' && b.http?.kind === 'request' && b.json !== undefined)
      .map((b) => {
        const target = new URL((b.http as { target: string }).target, 'https://graph.microsoft.com');
        const [, version, ...rest] = target.pathname.split('/');
        const body = structuredClone(b.json?.value) as Record<string, unknown>;
        // The docs' tenant is a placeholder or someone else's: the call is placed in the app's own tenant.
        if ('tenantId' in body) body['tenantId'] = tenantId;
        return { key: `${page.file}:${b.line}`, version: version as string, path: `/${rest.join('/')}`, body };
      }),
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
interface Attempt<T = any> {
  readonly ok: boolean;
  readonly value?: T;
  readonly error?: {
    graphError: boolean;
    statusCode?: number;
    code?: string;
    requestId?: string;
    clientRequestId?: string;
    message: string;
  };
}
interface Report {
  token: Record<string, unknown>;
  creates: Array<{
    key: string;
    path: string;
    version: string;
    create: Attempt<{ status: number; location: string; requestId: string; clientRequestId: string; body: Record<string, any> }>; // eslint-disable-line @typescript-eslint/no-explicit-any
    getByLocation?: Attempt;
    get?: Attempt;
    participants?: Attempt<{ value: Array<{ id: string }> }>;
    participant?: Attempt;
    keepAlive?: Attempt;
    delete?: Attempt;
    getAfterDelete?: Attempt;
  }>;
  storm: { requests: number; succeeded: number; failures: Attempt[] };
  throttledOut: Attempt;
  errors: Record<string, Attempt>;
  callbacks: Array<{ resource: string; verified: boolean; aud?: string; tid?: string; error?: string }>;
}

/**
 * The refusals the storm meets, worked out from the simulator's seeded generator: the probe is the first call
 * on its callback URL since the faults were set, each attempt draws one number, and graph-js's RetryHandler
 * makes at most three retries (a fourth refusal in a row would fail the request, which the plan must not hold).
 */
function plannedRefusals(): number {
  const random = seededRandom(streamSeed(STORM_SEED, `requests ${STORM_CALLBACK} #0`));
  let refused = 0;
  for (let request = 0; request < STORM; request += 1) {
    let attempts = 1;
    while (random() * 100 < 20) {
      refused += 1;
      attempts += 1;
      if (attempts > 4) throw new Error(`seed ${STORM_SEED} refuses request ${request} more often than graph-js retries`);
    }
  }
  return refused;
}

let simulator: Simulator;
let report: Report;
let creates: ReturnType<typeof documentedCreates>;
let refusedBeforeStorm = 0;
let refusedAfterStorm = 0;
const STORM = 30;
const STORM_SEED = 3;
/** The storm's call: a callback URL without a port, so its fault stream (named after it) is the same in every run. */
const STORM_CALLBACK = 'http://127.0.0.1/graph-js-storm';

beforeAll(async () => {
  simulator = await createSimulator({ timing: { stepMs: 5, autoAnswerMs: 10 }, callbackAttempts: 1 });
  const run = mkdtempSync(join(here, '.run-'));
  try {
    const caFile = join(run, 'ca.pem');
    writeFileSync(caFile, simulator.certificate.cert);
    // The guide's blocks, exactly as written, with only the ports of this run.
    const graphHost = new URL(simulator.url).host;
    for (const [name, code] of guideBlocks(readFileSync(GUIDE, 'utf8'))) {
      writeFileSync(
        join(run, `${name}.mjs`),
        code.replaceAll('127.0.0.1:4000', graphHost).replaceAll('127.0.0.1:4001', simulator.authorityHost),
      );
    }
    creates = documentedCreates(DEFAULT_APP.tenantId);
    const plan = {
      creates,
      graphUrl: simulator.url,
      clientRequestId: CLIENT_REQUEST_ID,
      stormRequests: STORM,
      stormSeed: STORM_SEED,
      stormCallbackUri: STORM_CALLBACK,
      stormBody: creates.find((c) => c.path === '/communications/calls' && c.version === 'v1.0')?.body,
    };
    writeFileSync(join(run, 'plan.json'), JSON.stringify(plan));
    refusedBeforeStorm = simulator.control.requestsRefused();
    const code = await new Promise<number | null>((done, fail) => {
      const child = spawn(process.execPath, [join(here, 'test/runAsUser.mjs'), run, join(run, 'plan.json'), join(run, 'report.json')], {
        cwd: here,
        // Only what a user sets: the CA, for a process that starts after the simulator wrote it.
        env: { PATH: process.env['PATH'], NODE_EXTRA_CA_CERTS: caFile },
        stdio: ['ignore', 'inherit', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('error', fail);
      child.on('close', (exit) => (exit === 0 ? done(exit) : fail(new Error(`runAsUser exited ${exit}: ${stderr}`))));
    });
    expect(code).toBe(0);
    refusedAfterStorm = simulator.control.requestsRefused();
    report = JSON.parse(readFileSync(join(run, 'report.json'), 'utf8')) as Report;
  } finally {
    rmSync(run, { recursive: true, force: true });
  }
}, 120_000);
afterAll(() => simulator?.stop());

describe('the guide', () => {
  it('has the three checked blocks the run uses, each naming the simulator defaults', () => {
    const blocks = guideBlocks(readFileSync(GUIDE, 'utf8'));
    expect([...blocks.keys()]).toEqual(['graph-client', 'msal-node', 'verify-callback']);
    expect(blocks.get('graph-client')).toContain(DEFAULT_APP.appId);
    expect(blocks.get('graph-client')).toContain(DEFAULT_APP.tenantId);
    expect(blocks.get('graph-client')).toContain('Client.initWithMiddleware({');
    expect(blocks.get('graph-client')).not.toMatch(/middleware:|fetchOptions|NODE_TLS_REJECT_UNAUTHORIZED/);
  });
});

describe('graph-js 3 + @azure/identity + msal-node against the simulator, as their users write them', () => {
  it('msal-node gets a Graph token for the default app (real token endpoint over HTTPS)', () => {
    expect(report.token).toMatchObject({ aud: 'https://graph.microsoft.com', appid: DEFAULT_APP.appId, tid: DEFAULT_APP.tenantId });
    expect(report.token['roles']).toEqual(expect.arrayContaining(['Calls.Initiate.All']));
  });

  it('runs every documented create-call request of the seed pages', () => {
    expect(creates.length).toBe(36);
    expect(report.creates.map((c) => c.key)).toEqual(creates.map((c) => c.key));
  });

  it('each documented body is created: 201, an absolute https Location on the host called, GUID request ids', () => {
    for (const c of report.creates) {
      expect({ key: c.key, ok: c.create.ok, error: c.create.error }).toEqual({ key: c.key, ok: true, error: undefined });
      const created = c.create.value!;
      expect(created.status).toBe(201);
      expect(created.location).toBe(`${simulator.url}/${c.version}${c.path}/${created.body['id']}`);
      expect(created.requestId).toMatch(GUID);
      expect(created.clientRequestId).toMatch(GUID);
    }
  });

  it.each(['getByLocation', 'get', 'participants', 'participant', 'keepAlive', 'delete'] as const)('%s succeeds for every call', (step) => {
    for (const c of report.creates) expect({ key: c.key, step, ...c[step] }).toMatchObject({ key: c.key, step, ok: true });
  });

  it('GET by Location and GET by id return the call; participants include the bot, Get participant returns it', () => {
    for (const c of report.creates) {
      const id = c.create.value?.body['id'];
      expect(c.getByLocation?.value).toMatchObject({ id, '@odata.type': '#microsoft.graph.call' });
      expect(c.get?.value).toMatchObject({ id });
      const myParticipantId = c.create.value?.body['myParticipantId'];
      expect(c.participants?.value?.value.map((p) => p.id)).toContain(myParticipantId);
      expect(c.participant?.value).toMatchObject({
        '@odata.type': '#microsoft.graph.participant',
        id: c.participants?.value?.value[0]?.id,
      });
    }
  });

  it('after DELETE the call is gone: a graph-js GraphError 404 ItemNotFound', () => {
    for (const c of report.creates) {
      expect(c.getAfterDelete).toMatchObject({ ok: false, error: { graphError: true, statusCode: 404, code: 'ItemNotFound' } });
    }
  });

  it('errors are graph-js GraphErrors with Graph code and the request GUID; client-request-id is echoed', () => {
    expect(report.errors['notFound']).toMatchObject({ ok: false, error: { graphError: true, statusCode: 404, code: 'ItemNotFound' } });
    expect(report.errors['notFound']?.error?.requestId).toMatch(GUID);
    expect(report.errors['badBody']).toMatchObject({ ok: false, error: { graphError: true, statusCode: 400, code: 'BadRequest' } });
    expect(report.errors['withClientRequestId']).toMatchObject({
      ok: false,
      error: { statusCode: 404, clientRequestId: CLIENT_REQUEST_ID },
    });
    // graph-js sends a client-request-id of its own on every request; the simulator answers with it.
    expect(report.errors['notFound']?.error?.clientRequestId).toMatch(GUID);
  });

  it('without customHosts graph-js sends no token to the simulator, as the guide warns (401 "Access token is empty.")', () => {
    expect(report.errors['withoutCustomHosts']).toMatchObject({
      ok: false,
      error: { graphError: true, statusCode: 401, code: 'InvalidAuthenticationToken', message: 'Access token is empty.' },
    });
  });

  it("a 429 storm is carried through by graph-js's RetryHandler; with every request refused, the 429 surfaces", () => {
    expect(report.storm).toEqual({ requests: STORM, succeeded: STORM, failures: [] });
    // The storm met refusals graph-js carried through (exactly those its call's seeded stream decides), then
    // one request was refused on every attempt (1 + 3 retries).
    const planned = plannedRefusals();
    expect(planned).toBeGreaterThan(0);
    expect(refusedAfterStorm - refusedBeforeStorm).toBe(planned + 4);
    expect(report.throttledOut).toMatchObject({ ok: false, error: { graphError: true, statusCode: 429, code: 'TooManyRequests' } });
  });

  it('every callback is verified with jose against the OpenID configuration the simulator serves over HTTPS', () => {
    expect(report.callbacks.length).toBeGreaterThanOrEqual(creates.length * 2);
    expect(report.callbacks.filter((c) => !c.verified)).toEqual([]);
    for (const c of report.callbacks) expect(c).toMatchObject({ aud: DEFAULT_APP.appId, tid: DEFAULT_APP.tenantId });
    for (const c of report.creates) {
      const id = c.create.value?.body['id'] as string;
      expect(report.callbacks.some((cb) => cb.resource.endsWith(`/calls/${id}`))).toBe(true);
    }
  });
});
