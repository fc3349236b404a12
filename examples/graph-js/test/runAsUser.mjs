// What a Node team does with Microsoft's own clients, run in a process of its own so that the
// simulator's certificate is trusted the way theirs would be: NODE_EXTRA_CA_CERTS, read at start-up.
// The clients come from the guide's code blocks (written to GUIDE_DIR by the test); this script only
// drives them and reports what happened as JSON.
/* global fetch */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client, GraphError, ResponseType } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';

const [guideDir, planFile, outFile] = process.argv.slice(2);
const plan = JSON.parse(readFileSync(planFile, 'utf8'));
const guide = async (name) => import(pathToFileURL(join(guideDir, `${name}.mjs`)).href);
const { client, credential } = await guide('graph-client');
const { graphToken } = await guide('msal-node');
const { verifyCallback } = await guide('verify-callback');

/** What a caught error looked like to the caller. */
function describe(error) {
  if (error instanceof GraphError) {
    return {
      graphError: true,
      statusCode: error.statusCode,
      code: error.code,
      requestId: error.requestId,
      clientRequestId: error.headers?.get?.('client-request-id') ?? undefined,
      message: error.message,
    };
  }
  return { graphError: false, name: error?.name, message: String(error?.message ?? error) };
}

async function attempt(run) {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, error: describe(error) };
  }
}

// A callback endpoint that verifies every notification with jose, as the guide shows.
const callbacks = [];
const server = createServer((request, response) => {
  let text = '';
  request.on('data', (chunk) => (text += chunk));
  request.on('end', () => {
    let resource = '';
    try {
      const value = JSON.parse(text).value?.[0] ?? {};
      resource = value.resourceUrl ?? value.resource ?? '';
    } catch {
      resource = '(not JSON)';
    }
    verifyCallback(request.headers.authorization).then(
      (claims) => callbacks.push({ resource, verified: true, aud: claims.aud, tid: claims.tid }),
      (error) => callbacks.push({ resource, verified: false, error: error.code ?? error.message }),
    );
    response.writeHead(202).end();
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const callbackUri = `http://127.0.0.1:${server.address().port}/callback`;

const result = { token: undefined, creates: [], storm: undefined, throttledOut: undefined, errors: {}, callbacks };

// msal-node on its own: the claims of the token it gets.
{
  const token = await graphToken();
  result.token = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

// Every documented create-call body, then what a bot does with the call.
for (const create of plan.creates) {
  const body = { ...create.body, callbackUri };
  const entry = { key: create.key, path: create.path, version: create.version };
  result.creates.push(entry);
  const created = await attempt(async () => {
    const raw = await client.api(create.path).version(create.version).responseType(ResponseType.RAW).post(body);
    return {
      status: raw.status,
      location: raw.headers.get('location'),
      requestId: raw.headers.get('request-id'),
      clientRequestId: raw.headers.get('client-request-id'),
      body: await raw.json(),
    };
  });
  entry.create = created;
  if (!created.ok || created.value.status !== 201) continue;
  const id = created.value.body.id;
  const collection = create.path; // /communications/calls or /app/calls
  const call = client.api(`${collection}/${id}`).version(create.version);
  entry.getByLocation = await attempt(() => client.api(created.value.location).get());
  entry.get = await attempt(() => call.get());
  const participants = await attempt(() => client.api(`${collection}/${id}/participants`).version(create.version).get());
  entry.participants = participants;
  if (participants.ok && participants.value.value.length > 0) {
    const first = participants.value.value[0].id;
    entry.participant = await attempt(() => client.api(`${collection}/${id}/participants/${first}`).version(create.version).get());
  }
  // Microsoft's documented JavaScript snippet for keepAlive: post() with no content.
  entry.keepAlive = await attempt(() => client.api(`${collection}/${id}/keepAlive`).version(create.version).post());
  entry.delete = await attempt(() => client.api(`${collection}/${id}`).version(create.version).delete());
  // The hang-up takes a moment (terminating, then terminated): poll, bounded, until the call is gone.
  for (let i = 0; i < 100; i += 1) {
    entry.getAfterDelete = await attempt(() => call.get());
    if (!entry.getAfterDelete.ok) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

// Errors as graph-js surfaces them.
result.errors.notFound = await attempt(() => client.api('/communications/calls/00000000-0000-4000-8000-000000000000').get());
result.errors.badBody = await attempt(() => client.api('/communications/calls').post({ callbackUri: 42 }));
result.errors.withClientRequestId = await attempt(() =>
  client.api('/communications/calls/00000000-0000-4000-8000-000000000000').header('client-request-id', plan.clientRequestId).get(),
);

// What the guide says customHosts is for: without it graph-js sends no token to the simulator's host.
{
  const withoutCustomHosts = Client.initWithMiddleware({
    authProvider: new TokenCredentialAuthenticationProvider(credential, { scopes: ['https://graph.microsoft.com/.default'] }),
    baseUrl: plan.graphUrl,
  });
  result.errors.withoutCustomHosts = await attempt(() =>
    withoutCustomHosts.api('/communications/calls/00000000-0000-4000-8000-000000000000').get(),
  );
}

// A 429 storm: graph-js's RetryHandler must carry every request through.
const control = (path, init) => fetch(`${plan.graphUrl}/_sim${path}`, init);
const setFaults = (faults) =>
  control('/faults', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
{
  // The simulator draws a call's faults from a stream named after its callback URL, and the callback server's
  // port changes from run to run: the probe call is placed with a fixed URL (no port) so the storm is the same
  // in every run, and a load-balancer rule carries its notifications to the real callback server.
  const balanced = { loadBalance: { callbackTargets: [callbackUri] } };
  await setFaults(balanced);
  const probe = await client.api('/communications/calls').post({ ...plan.stormBody, callbackUri: plan.stormCallbackUri });
  // 20 % refuses some requests once or twice in a row: graph-js's default three retries must carry every
  // one through (the test counts the refusals the simulator made). With this seed and probe the sequence is
  // fixed, so the outcome never depends on the machine's load or the ports of the run.
  await setFaults({ ...balanced, seed: plan.stormSeed, requests: { throttlePercent: 20, retryAfterSeconds: 0 } });
  const answers = [];
  for (let i = 0; i < plan.stormRequests; i += 1) answers.push(await attempt(() => client.api(`/communications/calls/${probe.id}`).get()));
  await setFaults(balanced);
  result.storm = { requests: answers.length, succeeded: answers.filter((a) => a.ok).length, failures: answers.filter((a) => !a.ok) };
  // Every request refused: graph-js gives up after its retries and reports the 429.
  await setFaults({ ...balanced, seed: 1, requests: { throttlePercent: 100, retryAfterSeconds: 0 } });
  result.throttledOut = await attempt(() => client.api(`/communications/calls/${probe.id}`).get());
  await setFaults(balanced);
  await client.api(`/communications/calls/${probe.id}`).delete();
  await setFaults({});
}

// Callbacks are asynchronous: wait (bounded) until every delivery the simulator logged has arrived and
// nothing new has come for a quarter of a second.
for (let i = 0, quiet = 0, last = -1; i < 400 && quiet < 10; i += 1) {
  const delivered = (await (await control('/deliveries')).json()).value.length;
  quiet = delivered === callbacks.length && delivered === last ? quiet + 1 : 0;
  last = delivered;
  await new Promise((resolve) => setTimeout(resolve, 25));
}
server.close();
writeFileSync(outFile, JSON.stringify(result, null, 2));
