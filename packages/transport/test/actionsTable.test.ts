import Fastify, { type FastifyInstance } from 'fastify';
import { groupCall, serviceHosted, user } from '@graph-calling/builders';
import {
  CALL_ACTIONS,
  callAction,
  callActionPath,
  matchCallAction,
  type CallAction,
  type CallActionName,
  type CallsCollection,
} from '@graph-calling/models';
import { createSimulator, DEFAULT_APP, type Simulator } from '@graph-calling/simulator';
import { createCallsClient, GraphError, trustedFetch, type CallsClient } from '@graph-calling/transport';
import { simulatorAuth } from '@graph-calling/test-support/simulatorAuth';

// One table, no action outside it: every CALL_ACTIONS entry has a route in the simulator under every calls
// collection its version has, and every client method sends exactly the table entry it is named for.

let simulator: Simulator;
let callbacks: FastifyInstance;
let callbackUri: string;
let tls: typeof fetch;

/** The simulator's own settings for our transport: no copy of its app's credentials here. */
const auth = () => simulatorAuth(simulator);

beforeAll(async () => {
  simulator = await createSimulator({ timing: { stepMs: 5, autoAnswerMs: 5, promptMs: 20 }, callbackAttempts: 1 });
  callbacks = Fastify();
  callbacks.post('/callback', async (_request, reply) => reply.code(202).send());
  callbackUri = `${(await callbacks.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1')}/callback`;
  tls = trustedFetch(simulator.certificate.cert);
});
afterAll(async () => {
  await simulator.close();
  await callbacks.close();
});

/** The simulator's answer to a path it has no route for (Graph's own words). */
const UNROUTED = /Resource not found for the segment/;
/** The simulator's answer to an action it routes but does not run. */
const NOT_IMPLEMENTED = /The simulator does not implement/;
const COLLECTIONS: Record<'v1.0' | 'beta', readonly CallsCollection[]> = {
  'v1.0': ['communications'],
  beta: ['communications', 'app', 'applications'],
};

describe('the simulator serves every action of the table', () => {
  it('answers each action at its path under each calls collection with a Graph answer, never "no such route"', async () => {
    const token = await auth().getToken();
    const missing = '0b7a1c2e-1111-4222-8333-444455556666';
    const checked: string[] = [];
    for (const version of ['v1.0', 'beta'] as const) {
      const live = createCallsClient({ baseUrl: simulator.url, ca: simulator.certificate.cert, version, auth: auth() });
      for (const action of Object.values<CallAction>(CALL_ACTIONS)) {
        if (!action.versions.includes(version)) continue;
        // A fresh live call: the action on it is run (or refused by its rules), not stopped at "no such call".
        const { id: callId } = await live.calls.create(
          groupCall({ callbackUri, targets: [user('112f7296-5fa4-42ca-bae8-6a692b15d4b8')], media: serviceHosted() }),
        );
        for (const collection of COLLECTIONS[version]) {
          const template = callActionPath(action, collection);
          if (template === undefined) continue;
          const path = template
            .replace('{applicationId}', DEFAULT_APP.appId)
            .replace('{callId}', callId)
            .replace(/\{\w+\}/g, missing);
          const response = await tls(`${simulator.url}/${version}${path}`, {
            method: action.method,
            headers: { authorization: `Bearer ${token}`, ...(action.method === 'POST' ? { 'content-type': 'application/json' } : {}) },
            ...(action.method === 'POST' ? { body: '{}' } : {}),
          });
          const text = await response.text();
          checked.push(`${version} ${action.name} ${collection}`);
          // Routed, and run: every action the client sends is run by the simulator.
          expect({
            action: action.name,
            version,
            collection,
            unrouted: UNROUTED.test(text),
            implemented: !NOT_IMPLEMENTED.test(text),
          }).toEqual({
            action: action.name,
            version,
            collection,
            unrouted: false,
            // Those without a client method (audio routing groups, content sharing, mixer, device quality) may answer
            // "does not implement" once their body passes.
            implemented: CLIENT_CALLS[action.name] === null ? (expect.any(Boolean) as boolean) : true,
          });
          expect(response.status).toBeLessThan(500);
        }
      }
    }
    // Every action was tried at least once.
    expect(new Set(checked.map((c) => c.split(' ')[1]))).toEqual(new Set(Object.keys(CALL_ACTIONS)));
  });
});

type Ids = { readonly callId: string; readonly participantId: string };
/**
 * How the client sends each action. The record is complete by type: an action added to the table fails to compile
 * here until it is given a client method, or `null` when the client has none yet (its resources are not modelled).
 */
const CLIENT_CALLS: Record<CallActionName, ((client: CallsClient, ids: Ids) => Promise<unknown>) | null> = {
  create: (c) =>
    c.calls.create(groupCall({ callbackUri, targets: [user('112f7296-5fa4-42ca-bae8-6a692b15d4b8')], media: serviceHosted() })),
  get: (c, { callId }) => c.calls.get(callId),
  delete: (c, { callId }) => c.calls.delete(callId),
  keepAlive: (c, { callId }) => c.calls.keepAlive(callId),
  answer: (c, { callId }) => c.calls.answer(callId, { media: serviceHosted(), callbackUri }),
  reject: (c, { callId }) => c.calls.reject(callId),
  redirect: (c, { callId }) => c.calls.redirect(callId, { targets: [user('98da8a1a-1b87-452c-a713-65d3f10b5555')] }),
  transfer: (c, { callId }) => c.calls.transfer(callId, { to: user('98da8a1a-1b87-452c-a713-65d3f10b5555') }),
  playPrompt: (c, { callId }) => c.calls.playPrompt(callId, { prompts: [{ uri: 'https://cdn.contoso.com/a.wav' }] }),
  recordResponse: (c, { callId }) => c.calls.record(callId),
  subscribeToTone: (c, { callId }) => c.calls.subscribeToTone(callId),
  sendDtmfTones: (c, { callId }) => c.calls.sendDtmfTones(callId, { tones: ['tone1'] }),
  cancelMediaProcessing: (c, { callId }) => c.calls.cancelMediaProcessing(callId),
  mute: (c, { callId }) => c.calls.mute(callId),
  unmute: (c, { callId }) => c.calls.unmute(callId),
  changeScreenSharingRole: (c, { callId }) => c.calls.changeScreenSharingRole(callId, 'viewer'),
  updateRecordingStatus: (c, { callId }) => c.calls.updateRecordingStatus(callId, { status: 'recording' }),
  addLargeGalleryView: (c, { callId }) => c.calls.addLargeGalleryView(callId),
  listParticipants: (c, { callId }) => c.calls.participants.list(callId),
  getParticipant: (c, { callId, participantId }) => c.calls.participants.get(callId, participantId),
  deleteParticipant: (c, { callId, participantId }) => c.calls.participants.remove(callId, participantId),
  inviteParticipants: (c, { callId }) =>
    c.calls.participants.invite(callId, { participants: [user('98da8a1a-1b87-452c-a713-65d3f10b5555')] }),
  muteParticipant: (c, { callId, participantId }) => c.calls.participants.mute(callId, participantId),
  muteAllParticipants: (c, { callId }) => c.calls.participants.muteAll(callId),
  startHoldMusic: (c, { callId, participantId }) => c.calls.participants.startHoldMusic(callId, participantId),
  stopHoldMusic: (c, { callId, participantId }) => c.calls.participants.stopHoldMusic(callId, participantId),
  configureMixer: null,
  listAudioRoutingGroups: null,
  createAudioRoutingGroup: null,
  getAudioRoutingGroup: null,
  deleteAudioRoutingGroup: null,
  listContentSharingSessions: null,
  getContentSharingSession: null,
  logTeleconferenceDeviceQuality: null,
};

describe.each([
  ['communications', {}],
  ['app', { useAppCallsPath: true }],
  ['applications', { useApplicationCallsPath: DEFAULT_APP.appId }],
] as const)('every client method goes through its table entry (%s)', (collection, pathOption) => {
  it('sends each action once, at the table path, and the simulator serves it', async () => {
    const sent: { method: string; url: string }[] = [];
    const client = createCallsClient({
      baseUrl: simulator.url,
      ca: simulator.certificate.cert,
      version: 'beta',
      auth: auth(),
      retry: { maxRetries: 0 },
      middleware: [
        async (request, next) => {
          sent.push({ method: request.method, url: request.url });
          return next(request);
        },
      ],
      ...pathOption,
    });
    const created = await client.calls.create(
      groupCall({ callbackUri, targets: [user('112f7296-5fa4-42ca-bae8-6a692b15d4b8')], media: serviceHosted() }),
    );
    const [participant] = await client.calls.participants.list(created.id);
    const ids: Ids = { callId: created.id, participantId: participant?.id ?? 'none' };
    // The call ends last: every other action runs on a live call first.
    const names = (Object.keys(CLIENT_CALLS) as CallActionName[]).filter((n) => n !== 'delete');
    for (const name of [...names, 'delete' as const]) {
      const send = CLIENT_CALLS[name];
      if (send === null) continue;
      sent.length = 0;
      const error = await send(client, ids).then(
        () => undefined,
        (e: unknown) => e,
      );
      // A refusal (a call that is not ringing cannot be answered) is fine; a refusal for want of a route is not.
      if (error !== undefined) {
        expect(error).toBeInstanceOf(GraphError);
        expect({ name, message: (error as GraphError).message }).not.toEqual({ name, message: expect.stringMatching(UNROUTED) });
      }
      expect(sent).toHaveLength(1);
      const matched = matchCallAction(sent[0]?.method ?? '', sent[0]?.url ?? '');
      expect({ name, sent: matched?.action.name, legacy: matched?.legacy }).toEqual({
        name,
        sent: name,
        legacy: collection !== 'communications' && callActionPath(callAction(name), collection) !== undefined,
      });
      if (collection === 'applications' && matched?.legacy) expect(sent[0]?.url).toContain(`/applications/${DEFAULT_APP.appId}/calls`);
    }
  });
});
