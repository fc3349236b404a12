import { createSimulator, DEFAULT_APP, type Simulator } from '@graph-calling/simulator';
import { eventually, graph, graphToken, startCallbackServer } from './support';

let simulator: Simulator;
let callbacks: Awaited<ReturnType<typeof startCallbackServer>>;
let call: ReturnType<typeof graph>;

beforeAll(async () => {
  // Rung calls wait the default 15 s for an answer: however loaded the machine, the tests answer well before.
  simulator = await createSimulator({ timing: { stepMs: 5, autoAnswerMs: 5, promptMs: 2000, recordMs: 2000 } });
  callbacks = await startCallbackServer(simulator, DEFAULT_APP);
  call = graph(simulator, await graphToken(simulator, DEFAULT_APP));
});
afterAll(async () => {
  await simulator.close();
  await callbacks.close();
});

const control = (method: string, path: string, body?: unknown) => graph(simulator, undefined)(method, path, body);
const SERVICE_HOSTED = { '@odata.type': '#microsoft.graph.serviceHostedMediaConfig' };

async function answeredIncoming(): Promise<string> {
  const rung = await control('POST', '/_sim/incoming', { callbackUri: callbacks.url, from: { phone: { id: '+14255550100' } } });
  expect(rung.status).toBe(201);
  const id = rung.body?.['id'] as string;
  await eventually(() => expect(callbacks.types(id)).toContain('call.incoming'));
  expect(
    (await call('POST', `/v1.0/communications/calls/${id}/answer`, { acceptedModalities: ['audio'], mediaConfig: SERVICE_HOSTED })).status,
  ).toBe(202);
  await eventually(() => expect(callbacks.types(id)).toContain('call.established'));
  return id;
}

describe('incoming calls over the control API', () => {
  it('ring, and end unanswered after the timeout with 408', async () => {
    // A simulator of its own, whose rung calls time out at once: the one the other tests answer on waits longer.
    const impatient = await createSimulator({ timing: { stepMs: 5, autoAnswerMs: 5, incomingTimeoutMs: 300 } });
    const heard = await startCallbackServer(impatient, DEFAULT_APP);
    try {
      const rung = await graph(impatient, undefined)('POST', '/_sim/incoming', {
        callbackUri: heard.url,
        from: { user: { id: '8a34a46b-3d17-4adc-8dce-dc4e7d572698' } },
      });
      const id = rung.body?.['id'] as string;
      await eventually(() => expect(heard.types(id)).toEqual(['call.incoming', 'state:incoming', 'state:terminated', 'call.terminated']));
      expect(impatient.control.call(id)).toMatchObject({ state: 'terminated', resultInfo: { code: 408 } });
    } finally {
      await impatient.close();
      await heard.close();
    }
  });

  it('refuse a ring without a valid caller or modalities, and keys on a call not established', async () => {
    expect(await control('POST', '/_sim/incoming', { callbackUri: callbacks.url })).toMatchObject({
      status: 400,
      body: { error: { code: 'BadRequest' } },
    });
    const notAnIdentity = await control('POST', '/_sim/incoming', { callbackUri: callbacks.url, from: { phone: 'not an identity' } });
    expect(notAnIdentity).toMatchObject({ status: 400, body: { error: { code: 'BadRequest' } } });
    expect(JSON.stringify(notAnIdentity.body)).toMatch(/Invalid \\"from\\".*phone/);
    const badModality = await control('POST', '/_sim/incoming', {
      callbackUri: callbacks.url,
      from: { phone: { id: '+14255550100' } },
      modalities: ['audio', 7],
    });
    expect(badModality).toMatchObject({ status: 400, body: { error: { code: 'BadRequest' } } });
    expect(JSON.stringify(badModality.body)).toMatch(/Invalid \\"modalities\[1\]\\"/);
    const rung = await control('POST', '/_sim/incoming', { callbackUri: callbacks.url, from: { phone: { id: '+14255550100' } } });
    const keys = await control('POST', `/_sim/calls/${rung.body?.['id'] as string}/keys`, { keys: '1' });
    expect(keys).toMatchObject({ status: 409, body: { error: { code: 'Conflict' } } });
  });
});

describe('media operations', () => {
  it('cancelMediaProcessing fails the prompt still playing, reported by an operation notification', async () => {
    const id = await answeredIncoming();
    const played = await call('POST', `/v1.0/communications/calls/${id}/playPrompt`, {
      prompts: [{ mediaInfo: { uri: 'https://cdn.contoso.com/long.wav' } }],
      clientContext: 'long',
    });
    expect(played).toMatchObject({
      status: 200,
      body: { '@odata.type': '#microsoft.graph.playPromptOperation', status: 'running', clientContext: 'long' },
    });
    expect(played.headers.get('location')).toBe(
      `${simulator.url}/v1.0/communications/calls/${id}/operations/${played.body?.['id'] as string}`,
    );
    const cancelled = await call('POST', `/v1.0/communications/calls/${id}/cancelMediaProcessing`, { clientContext: 'stop' });
    expect(cancelled.body).toMatchObject({ '@odata.type': '#microsoft.graph.cancelMediaProcessingOperation', status: 'completed' });
    await eventually(() => expect(callbacks.types(id)).toContain('operation.failed'));
    const failed = callbacks.events.find((e) => e.callId === id && e.type === 'operation.failed');
    expect(failed).toMatchObject({
      operationType: 'playPromptOperation',
      completionReason: 'mediaOperationCanceled',
      resultInfo: { code: 400, subcode: 8508 },
    });
  });

  it('keys are reported only after subscribeToTone, and the truth keeps both lists', async () => {
    const id = await answeredIncoming();
    await control('POST', `/_sim/calls/${id}/keys`, { keys: '1' });
    expect((await call('POST', `/v1.0/communications/calls/${id}/subscribeToTone`, {})).status).toBe(200);
    const truth = await control('POST', `/_sim/calls/${id}/keys`, { keys: ['2', 'pound'] });
    expect(truth.body).toMatchObject({
      tonesPressed: ['tone1', 'tone2', 'pound'],
      tonesReported: ['tone2', 'pound'],
      toneSubscribed: true,
    });
    await eventually(() => expect(callbacks.events.filter((e) => e.callId === id && e.type === 'tone.received')).toHaveLength(2));
    expect((await control('GET', `/_sim/calls/${id}/actions`)).body).toMatchObject({ direction: 'incoming', answered: true });
  });
});

describe('paths and versions', () => {
  it('serves the deprecated /app/calls action paths in beta, and muteAll only in beta', async () => {
    const id = await answeredIncoming();
    expect((await call('POST', `/beta/app/calls/${id}/mute`, { clientContext: 'c' })).body).toMatchObject({
      '@odata.type': '#microsoft.graph.muteParticipantOperation',
      status: 'completed',
    });
    expect(simulator.control.call(id)?.participants.find((p) => p.self)?.isMuted).toBe(true);
    expect((await call('POST', `/v1.0/communications/calls/${id}/participants/muteAll`, {})).status).toBe(400);
    // A peer-to-peer call is not a group call: muteAll is refused with a Graph error, not a crash.
    expect((await call('POST', `/beta/communications/calls/${id}/participants/muteAll`, {})).body).toMatchObject({
      error: { code: 'BadRequest', message: 'muteAllParticipants is supported only for group calls and meetings.' },
    });
  });
});
