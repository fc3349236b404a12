import {
  appHosted,
  application,
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
import { createSimulator, DEFAULT_APP, type Simulator } from '@graph-calling/simulator';
import { eventually, graph, graphToken, startCallbackServer } from './support';

let simulator: Simulator;
let callbacks: Awaited<ReturnType<typeof startCallbackServer>>;
let call: ReturnType<typeof graph>;

beforeAll(async () => {
  simulator = await createSimulator({ timing: { stepMs: 5, autoAnswerMs: 10 } });
  callbacks = await startCallbackServer(simulator, DEFAULT_APP);
  call = graph(simulator, await graphToken(simulator, DEFAULT_APP));
});
afterAll(async () => {
  await simulator.close();
  await callbacks.close();
});

const TENANT = DEFAULT_APP.tenantId;
const organizer = user('5810cede-f3cc-42eb-b2c1-e9bd5d53ec96', { displayName: 'Bob', tenantId: TENANT });
const meeting = { threadId: '19:meeting_Win6Ydo4wsMijFjZS00ZGVjLTk5MGUtOTRjNWY2NmNkYTFm@thread.v2', messageId: '0' };
const channel = { threadId: '19:cbee7c1c860e465f8258e3cebf7bee0d@thread.skype', messageId: '1533758867081' };
const john = user('112f7296-5fa4-42ca-bae8-6a692b15d4b8', 'John');

describe('every documented scenario, end to end through the simulator', () => {
  const cases: Array<[string, (callbackUri: string) => CallRequest, string[], string]> = [
    [
      'peer-to-peer VoIP, service-hosted media',
      (cb) => peerToPeerCall({ callbackUri: cb, to: john, media: serviceHosted() }),
      ['state:establishing', 'state:established', 'call.established'],
      'v1.0',
    ],
    [
      'peer-to-peer VoIP, app-hosted media',
      (cb) =>
        peerToPeerCall({
          callbackUri: cb,
          source: application(DEFAULT_APP.appId, 'Bot'),
          to: john,
          media: appHosted({ blob: '{"mpUri":"net.tcp://x"}' }),
        }),
      ['state:establishing', 'state:established', 'call.established'],
      'v1.0',
    ],
    [
      'group call',
      (cb) =>
        groupCall({ callbackUri: cb, targets: [john, user('98da8a1a-1b87-452c-a713-65d3f10b5555', 'user1')], media: serviceHosted() }),
      [
        'state:establishing',
        'state:established',
        'call.established',
        'participant.joined',
        'participant.joined',
        'participant.joined',
        'roster.updated',
      ],
      'v1.0',
    ],
    [
      'scheduled meeting join',
      (cb) =>
        joinMeeting({
          callbackUri: cb,
          chatInfo: meeting,
          organizer,
          allowConversationWithoutHost: true,
          media: serviceHosted(),
          tenantId: TENANT,
        }),
      ['state:establishing', 'state:established', 'call.established', 'participant.joined', 'participant.joined', 'roster.updated'],
      'beta',
    ],
    [
      'channel meeting join, app-hosted media',
      (cb) => joinMeeting({ callbackUri: cb, chatInfo: channel, organizer, media: appHosted({ blob: 'b' }) }),
      ['state:establishing', 'state:established', 'call.established', 'participant.joined', 'participant.joined', 'roster.updated'],
      'v1.0',
    ],
    [
      'PSTN call, service-hosted',
      (cb) =>
        pstnCall({
          callbackUri: cb,
          from: applicationInstance('3d913abb-aec0-4964-8fa6-3c6850c4f278', 'Calling Bot'),
          to: phone('+12345678901'),
          media: serviceHosted(),
        }),
      ['state:establishing', 'state:established', 'call.established'],
      'v1.0',
    ],
    [
      'PSTN call, app-hosted',
      (cb) =>
        pstnCall({
          callbackUri: cb,
          from: applicationInstance('3d913abb-aec0-4964-8fa6-3c6850c4f278'),
          to: phone('+12345678901'),
          media: appHosted({ blob: 'b' }),
          tenantId: TENANT,
        }),
      ['state:establishing', 'state:established', 'call.established'],
      'beta',
    ],
    [
      'join by meeting id and passcode',
      (cb) => joinMeetingById({ callbackUri: cb, meetingId: '2345678901234', passcode: 'AbCd12', media: serviceHosted() }),
      ['state:establishing', 'state:established', 'call.established', 'participant.joined', 'roster.updated'],
      'v1.0',
    ],
  ];

  it.each(cases)('%s', async (_name, build, expected, version) => {
    const created = await call('POST', `/${version}/communications/calls`, build(callbacks.url));
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`${simulator.url}/${version}/communications/calls/${created.body?.['id']}`);
    expect(created.body).toMatchObject({
      '@odata.context': `https://graph.microsoft.com/${version}/$metadata#communications/calls/$entity`,
      state: 'establishing',
      direction: 'outgoing',
      tenantId: TENANT,
    });
    const id = created.body?.['id'] as string;
    await eventually(() => expect(callbacks.types(id)).toEqual(expected));
    expect(callbacks.store.get(id)?.state).toBe('established');
    expect(Object.keys(callbacks.store.get(id)?.participants ?? {}).sort()).toEqual(
      simulator.control
        .call(id)
        ?.participants.map((p) => p.id)
        .sort()
        .filter(() => expected.includes('roster.updated')),
    );

    const fetched = await call('GET', `/${version}/communications/calls/${id}`);
    expect(fetched.body).toMatchObject({ id, state: 'established' });
    expect((await call('POST', `/${version}/communications/calls/${id}/keepAlive`)).status).toBe(200);

    expect((await call('DELETE', `/${version}/communications/calls/${id}`)).status).toBe(204);
    await eventually(() => expect(callbacks.types(id).slice(-3)).toEqual(['state:terminating', 'state:terminated', 'call.terminated']));
    expect(callbacks.store.get(id)?.resultInfo).toEqual({
      '@odata.type': '#microsoft.graph.resultInfo',
      code: 200,
      subcode: 7000,
      message: 'The conversation has ended by bot.',
    });
    expect((await call('GET', `/${version}/communications/calls/${id}`)).status).toBe(404);
  });

  it('joins as a guest through the lobby: roster with the bot in the lobby, then admitted', async () => {
    const request = joinMeeting({
      callbackUri: callbacks.url,
      chatInfo: channel,
      organizer,
      media: serviceHosted(),
      source: guest('d7a3b999-17ac-4bca-9e77-e6a730d2ec2e', 'Guest User'),
    });
    const id = (await call('POST', '/beta/communications/calls', request)).body?.['id'] as string;
    await eventually(() =>
      expect(callbacks.types(id)).toEqual(['state:establishing', 'participant.joined', 'participant.inLobby', 'roster.updated']),
    );
    expect(simulator.control.call(id)?.participants.find((p) => p.self)?.isInLobby).toBe(true);
    simulator.control.admit(id);
    await eventually(() =>
      expect(callbacks.types(id).slice(4)).toEqual([
        'state:established',
        'call.established',
        'participant.joined',
        'participant.updated',
        'roster.updated',
      ]),
    );
  });

  it('admits a guest by itself after timing.autoAdmitMs', async () => {
    const admitting = await createSimulator({ timing: { stepMs: 5, autoAdmitMs: 30 } });
    const received = await startCallbackServer(admitting, DEFAULT_APP);
    try {
      const request = joinMeeting({
        callbackUri: received.url,
        chatInfo: channel,
        organizer,
        media: serviceHosted(),
        source: guest('d7a3b999-17ac-4bca-9e77-e6a730d2ec2e', 'Guest User'),
      });
      const post = graph(admitting, await graphToken(admitting, DEFAULT_APP));
      const id = (await post('POST', '/v1.0/communications/calls', request)).body?.['id'] as string;
      await eventually(() => expect(received.types(id)).toContain('call.established'));
      const types = received.types(id);
      expect(types.indexOf('participant.inLobby')).toBeLessThan(types.indexOf('call.established'));
      expect(admitting.control.call(id)?.participants.find((p) => p.self)?.isInLobby).toBe(false);
    } finally {
      await admitting.close();
      await received.close();
    }
  });

  it('uses the deprecated /app/calls path (beta) with the 2019 `resource` field', async () => {
    const created = await call(
      'POST',
      '/beta/app/calls',
      peerToPeerCall({ callbackUri: callbacks.url, to: john, media: serviceHosted(), annotate: 'polymorphic' }),
    );
    expect(created.status).toBe(201);
    const id = created.body?.['id'] as string;
    await eventually(() => expect(callbacks.types(id)).toContain('call.established'));
    const delivered = simulator.control.deliveries().find((d) => d.callId === id)?.body as { value: Array<Record<string, unknown>> };
    expect(delivered.value[0]?.['resource']).toBe(`/app/calls/${id}`);
    expect((await call('POST', '/v1.0/app/calls', {})).status).toBe(400);
  });

  it('lets the far side decline, not answer, join, leave, mute and hang up', async () => {
    const sim = await createSimulator({ timing: { stepMs: 5, autoAnswerMs: false, ringTimeoutMs: 150 } });
    const cb = await startCallbackServer(sim, DEFAULT_APP);
    try {
      const c = graph(sim, await graphToken(sim, DEFAULT_APP));
      const declined = (
        await c('POST', '/v1.0/communications/calls', peerToPeerCall({ callbackUri: cb.url, to: john, media: serviceHosted() }))
      ).body?.['id'] as string;
      await sim.control.waitFor(declined, (t) => t.state === 'establishing');
      sim.control.decline(declined);
      await eventually(() => expect(cb.store.get(declined)?.resultInfo?.code).toBe(603));

      const unanswered = (
        await c('POST', '/v1.0/communications/calls', peerToPeerCall({ callbackUri: cb.url, to: john, media: serviceHosted() }))
      ).body?.['id'] as string;
      await eventually(() => expect(cb.store.get(unanswered)?.resultInfo).toMatchObject({ code: 408, subcode: 10057 }));

      const group = (
        await c(
          'POST',
          '/v1.0/communications/calls',
          groupCall({
            callbackUri: cb.url,
            targets: [john, user('98da8a1a-1b87-452c-a713-65d3f10b5555', 'user1')],
            media: serviceHosted(),
            callOptions: { isDeltaRosterEnabled: true },
          }),
        )
      ).body?.['id'] as string;
      sim.control.answer(group);
      await eventually(() => expect(cb.types(group)).toContain('roster.updated'));
      const alice = sim.control.join(group, { user: { id: '0d7664b6-6432-43ed-8d27-d9e7adec188c', displayName: 'Alice' } });
      await eventually(() => expect(cb.store.get(group)?.participants[alice]).toBeDefined());
      sim.control.mute(group, alice);
      await eventually(() => expect(cb.store.get(group)?.participants[alice]?.isMuted).toBe(true));
      sim.control.leave(group, alice);
      await eventually(() => expect(cb.store.get(group)?.participants[alice]).toBeUndefined());
      sim.control.hangup(group);
      await eventually(() => expect(cb.store.get(group)).toMatchObject({ state: 'terminated', resultInfo: { subcode: 5001 } }));
    } finally {
      await sim.close();
      await cb.close();
    }
  }, 30_000);

  it('ends a call that gets no keep-alive within the window', async () => {
    const sim = await createSimulator({ timing: { stepMs: 5, autoAnswerMs: 5, keepAliveWindowMs: 1000 } });
    const cb = await startCallbackServer(sim, DEFAULT_APP);
    try {
      const c = graph(sim, await graphToken(sim, DEFAULT_APP));
      const kept = (
        await c('POST', '/v1.0/communications/calls', peerToPeerCall({ callbackUri: cb.url, to: john, media: serviceHosted() }))
      ).body?.['id'] as string;
      const idle = (
        await c('POST', '/v1.0/communications/calls', peerToPeerCall({ callbackUri: cb.url, to: john, media: serviceHosted() }))
      ).body?.['id'] as string;
      // The kept call gets a keep-alive after every answer (no timer of ours to fall behind on a loaded machine)
      // until the idle one has been ended for missing the window.
      while (cb.store.get(idle)?.resultInfo === undefined) {
        expect((await c('POST', `/v1.0/communications/calls/${kept}/keepAlive`)).status).toBe(200);
      }
      expect(cb.store.get(idle)?.resultInfo).toMatchObject({ code: 408, subcode: 8537 });
      expect(sim.control.call(kept)?.state).toBe('established');
      expect((await c('POST', `/v1.0/communications/calls/${idle}/keepAlive`)).status).toBe(404);
    } finally {
      await sim.close();
      await cb.close();
    }
  });
});
