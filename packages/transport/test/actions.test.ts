import Fastify, { type FastifyInstance } from 'fastify';
import { appHosted, groupCall, peerToPeerCall, phone, serviceHosted, user } from '@graph-calling/builders';
import {
  createCallbackReceiver,
  createOperationTracker,
  createTokenVerifier,
  type CallbackEvent,
  type OperationTracker,
} from '@graph-calling/notifications';
import { graphCallbacks } from '@graph-calling/notifications/fastify';
import { createSimulator, DEFAULT_APP, type Simulator } from '@graph-calling/simulator';
import { createCallsClient, GraphError, staticToken, trustedFetch, type CallsClient } from '@graph-calling/transport';
import { simulatorAuth } from '@graph-calling/test-support/simulatorAuth';

let simulator: Simulator;
let client: CallsClient;
let tracker: OperationTracker;
let callbacks: FastifyInstance;
let callbackUri: string;
const events: CallbackEvent[] = [];

const auth = (app = DEFAULT_APP) => simulatorAuth(simulator, app);

/** fetch that trusts the simulator's certificate, for the requests the test makes by hand. */
let tls: typeof fetch;
beforeAll(async () => {
  simulator = await createSimulator({
    timing: { stepMs: 5, autoAnswerMs: 5, promptMs: 20, recordMs: 2000, incomingTimeoutMs: 5000 },
    callbackAttempts: 1,
  });
  const receiver = createCallbackReceiver({
    verifier: createTokenVerifier({
      appIds: DEFAULT_APP.appId,
      openIdConfigurationUrl: simulator.openIdConfigurationUrl,
      fetch: trustedFetch(simulator.certificate.cert),
    }),
  });
  receiver.on('*', (event) => void events.push(event));
  tracker = createOperationTracker({ receiver, timeoutMs: 5000 });
  callbacks = Fastify();
  await callbacks.register(graphCallbacks, { receiver, path: '/callback' });
  callbackUri = `${(await callbacks.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1')}/callback`;
  client = createCallsClient({
    baseUrl: simulator.url,
    ca: simulator.certificate.cert,
    auth: auth(),
    retry: { baseDelayMs: 10 },
    operations: tracker,
  });
  tls = trustedFetch(simulator.certificate.cert);
});
afterAll(async () => {
  tracker.close();
  await simulator.close();
  await callbacks.close();
});

async function eventually<T>(find: () => T | undefined, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`expected ${what} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
const eventOf = <N extends CallbackEvent['type']>(
  callId: string,
  type: N,
  match: (e: Extract<CallbackEvent, { type: N }>) => boolean = () => true,
) =>
  eventually(
    () => events.find((e): e is Extract<CallbackEvent, { type: N }> => e.callId === callId && e.type === type && match(e as never)),
    `${type} for ${callId}`,
  );

async function ring(from: Record<string, unknown>): Promise<string> {
  const call = simulator.actions.ring({ callbackUri, from, to: { applicationInstance: { id: 'aa2e14a5-5e0e-4ee5-b80e-d2e0b8c4d5a1' } } });
  await eventOf(call.id, 'call.incoming');
  return call.id;
}

describe('the IVR flow through transport, simulator and receiver', () => {
  it('answers a PSTN call, plays a prompt, reads keys, records a message, then transfers', async () => {
    const callId = await ring({ phone: { id: '+14255550100' } });
    const incoming = events.find((e) => e.type === 'call.incoming' && e.callId === callId);
    expect(incoming).toMatchObject({ incoming: { callerKind: 'phone', callerId: '+14255550100', requestedModalities: ['audio'] } });

    await client.calls.answer(callId, { media: serviceHosted(), callbackUri });
    await eventOf(callId, 'call.established');
    await client.calls.subscribeToTone(callId);

    const prompt = await client.calls.playPrompt(
      callId,
      { prompts: [{ uri: 'https://cdn.contoso.com/welcome.wav' }], clientContext: 'welcome' },
      { wait: true },
    );
    expect(prompt.operation).toMatchObject({ status: 'running', clientContext: 'welcome' });
    expect(prompt.completion).toMatchObject({ succeeded: true, operationType: 'playPromptOperation', operationId: prompt.operation.id });

    simulator.actions.pressKeys(callId, ['2']);
    expect(await eventOf(callId, 'tone.received')).toMatchObject({ tone: 'tone2', sequenceId: 1 });

    const recording = client.calls.record(callId, { maxRecordDurationInSeconds: 10, stopTones: ['#'], playBeep: true }, { wait: true });
    await eventually(() => (simulator.actions.truth(callId).recordingActive ? true : undefined), 'a recording listening');
    simulator.actions.pressKeys(callId, ['#']);
    const recorded = await recording;
    expect(recorded.completion).toMatchObject({ succeeded: true, operationType: 'recordOperation' });
    const completed = await eventOf(callId, 'operation.completed', (e) => e.operationType === 'recordOperation');
    expect(completed.completionReason).toBe('stopToneDetected');
    const download = await tls(completed.recording!.location, {
      headers: { authorization: `Bearer ${completed.recording!.accessToken}` },
    });
    expect(download.status).toBe(200);
    expect((await tls(completed.recording!.location)).status).toBe(401);

    await client.calls.transfer(callId, { to: phone('+14255550199') });
    await eventOf(callId, 'call.terminated');
    const truth = simulator.actions.truth(callId);
    expect(truth).toMatchObject({
      direction: 'incoming',
      answered: true,
      toneSubscribed: true,
      tonesPressed: ['tone2', 'pound'],
      tonesReported: ['tone2', 'pound'],
      transferredTo: { phone: { id: '+14255550199' } },
    });
    expect(truth.operations.map((o) => `${o.type}:${o.status}`)).toEqual([
      'subscribeToToneOperation:completed',
      'playPromptOperation:completed',
      'recordOperation:completed',
    ]);
  });

  it('rejects an incoming call from a user: the call ends with the reason', async () => {
    const callId = await ring({ user: { id: '8a34a46b-3d17-4adc-8dce-dc4e7d572698', displayName: 'Test User' } });
    await client.calls.reject(callId, { reason: 'busy' });
    expect(await eventOf(callId, 'call.terminated')).toMatchObject({ resultInfo: { code: 486 } });
    expect(simulator.actions.truth(callId)).toMatchObject({ answered: false, rejectedWith: 'busy' });
  });

  it('redirects an incoming call from an application to a phone number', async () => {
    const callId = await ring({ application: { id: '11111111-2222-3333-4444-555555555555', displayName: 'Other bot' } });
    await client.calls.redirect(callId, { targets: [phone('+14255550123')] });
    await eventOf(callId, 'call.terminated');
    expect(simulator.actions.truth(callId).redirectedTo).toEqual([
      { '@odata.type': '#microsoft.graph.identitySet', phone: { '@odata.type': '#microsoft.graph.identity', id: '+14255550123' } },
    ]);
  });
});

describe('group-call actions', () => {
  it('invites a participant: the operation completes, participant.invited names them and the roster grows', async () => {
    const created = await client.calls.create(
      groupCall({
        callbackUri,
        targets: [user('112f7296-5fa4-42ca-bae8-6a692b15d4b8'), user('98da8a1a-1b87-452c-a713-65d3f10b5555')],
        media: serviceHosted(),
      }),
    );
    await eventOf(created.id, 'call.established');
    const invited = await client.calls.participants.invite(
      created.id,
      { participants: [user('7e1b4346-85a6-4bdd-abe3-d11c5d420efe', 'Ann')] },
      { wait: true },
    );
    expect(invited.completion).toMatchObject({ succeeded: true, operationType: 'inviteParticipantsOperation' });
    expect(await eventOf(created.id, 'participant.invited')).toMatchObject({
      succeeded: true,
      participants: [{ identity: { user: { displayName: 'Ann' } } }],
    });
    const ann = await eventOf(created.id, 'participant.joined', (e) => JSON.stringify(e.participant.info).includes('Ann'));
    const muted = await client.calls.participants.mute(created.id, ann.participant.id as string, {}, { wait: true });
    expect(muted.completion?.succeeded).toBe(true);
    expect(simulator.control.call(created.id)?.participants.find((p) => p.id === ann.participant.id)?.isMuted).toBe(true);
    expect((await client.calls.participants.get(created.id, ann.participant.id as string)).isMuted).toBe(true);
    await client.calls.delete(created.id);
  });
});

describe('Graph-shaped errors', () => {
  it('refuses a prompt on an app-hosted call, and answering a call that is not ringing', async () => {
    const created = await client.calls.create(
      peerToPeerCall({ callbackUri, to: user('112f7296-5fa4-42ca-bae8-6a692b15d4b8'), media: appHosted({ blob: 'b' }) }),
    );
    await eventOf(created.id, 'call.established');
    const error = await client.calls
      .playPrompt(created.id, { prompts: [{ uri: 'https://cdn.contoso.com/a.wav' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({ status: 400, code: 'BadRequest', message: expect.stringContaining('serviceHostedMediaConfig') });
    await expect(client.calls.answer(created.id, { media: serviceHosted() })).rejects.toMatchObject({ status: 400, code: 'BadRequest' });
    await expect(client.calls.mute('no-such-call')).rejects.toMatchObject({ status: 404, code: 'ItemNotFound' });
    await client.calls.delete(created.id);
  });

  it('answers 403 with the action and the permission it needs when the app lacks it', async () => {
    const app = { ...DEFAULT_APP, appId: '2f7c3b8e-0c4d-4e1a-9b6f-3a5d7e9c1b20', roles: ['Calls.Initiate.All'] };
    simulator.control.registerApp(app);
    const limited = createCallsClient({ baseUrl: simulator.url, ca: simulator.certificate.cert, auth: auth(app) });
    const created = await limited.calls.create(
      peerToPeerCall({ callbackUri, to: user('112f7296-5fa4-42ca-bae8-6a692b15d4b8'), media: serviceHosted() }),
    );
    const error = await limited.calls.record(created.id).catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 403,
      code: '7504',
      hint: 'recordResponse needs Calls.AccessMedia.All (the token has Calls.Initiate.All); grant it as an application permission and give admin consent',
    });
    await limited.calls.delete(created.id);
  });

  it('reports a bad body at its JSON path', async () => {
    const created = await client.calls.create(
      peerToPeerCall({ callbackUri, to: user('112f7296-5fa4-42ca-bae8-6a692b15d4b8'), media: serviceHosted() }),
    );
    const token = await auth().getToken();
    const response = await tls(`${simulator.url}/v1.0/communications/calls/${created.id}/playPrompt`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ prompts: [{ mediaInfo: { uri: 7 } }] }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { code: 'BadRequest', message: 'Invalid playPrompt request: prompts[0].mediaInfo.uri: expected string, found 7' },
    });
    await client.calls.delete(created.id);
  });
});

describe('retry rules come from the actions table', () => {
  let flaky: FastifyInstance;
  let base: string;
  const seen = new Map<string, number>();
  beforeAll(async () => {
    flaky = Fastify();
    flaky.post('/v1.0/communications/calls/:id/:action', async (request, reply) => {
      const action = (request.params as { action: string }).action;
      const count = (seen.get(action) ?? 0) + 1;
      seen.set(action, count);
      if (count === 1) return reply.code(504).send({ error: { code: 'GatewayTimeout', message: 'upstream timed out' } });
      return reply.code(200).send({
        '@odata.type': `#microsoft.graph.${action === 'mute' ? 'muteParticipantOperation' : 'playPromptOperation'}`,
        id: 'op',
        status: 'completed',
      });
    });
    base = (await flaky.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
  });
  afterAll(() => flaky.close());

  it('retries an idempotent mute after a 504, but never repeats a prompt that may have played', async () => {
    const local = createCallsClient({ baseUrl: base, auth: staticToken('t'), retry: { baseDelayMs: 1 } });
    await expect(local.calls.mute('c1')).resolves.toMatchObject({ operation: { status: 'completed' } });
    expect(seen.get('mute')).toBe(2);
    await expect(local.calls.playPrompt('c1', { prompts: [{ uri: 'https://cdn.contoso.com/a.wav' }] })).rejects.toMatchObject({
      status: 504,
    });
    expect(seen.get('playPrompt')).toBe(1);
  });

  it('refuses a missing options object with a BuilderError naming the action, sending nothing', () => {
    const local = createCallsClient({ baseUrl: base, auth: staticToken('t') });
    const before = seen.get('playPrompt');
    // As a JavaScript caller (no type checker) may call it: no options.
    expect(() => void Reflect.apply(local.calls.playPrompt, undefined, ['c1'])).toThrow(
      expect.objectContaining({ name: 'BuilderError', code: 'invalid-value', field: 'playPrompt.options' }),
    );
    expect(seen.get('playPrompt')).toBe(before);
  });

  it('refuses to wait for a completion without an operation waiter', async () => {
    const local = createCallsClient({ baseUrl: base, auth: staticToken('t') });
    await expect(local.calls.subscribeToTone('c1', {}, { wait: true })).rejects.toThrow('wait needs an operation waiter');
  });
});
