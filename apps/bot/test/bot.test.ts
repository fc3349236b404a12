import { peerToPeerCall, serviceHosted, user } from '@graph-calling/builders';
import { Bot, ConfigError, createLogger, loadConfig, runTour } from '../src';

// Each test starts bots (the embedded simulator, the admin worker compiling its sources under jest): a loaded
// 2-core machine can take longer than the default 30 s. A guard against hangs, not an assertion on time.
jest.setTimeout(90_000);

const quiet = createLogger({ level: 'silent' });

describe('the bot on the embedded simulator', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await Bot.start({ ...loadConfig({}), port: 0 }, { logger: quiet, simulator: { timing: { stepMs: 5, autoAnswerMs: 5 } } });
  }, 120_000);
  afterAll(() => bot.close());

  it('runs the tour: every documented scenario reaches its expected states', async () => {
    const results = await runTour(bot);
    expect(results.map((r) => [r.name, r.ok, r.detail])).toEqual([
      ['peer-to-peer VoIP, service-hosted media', true, 'established, hung up'],
      ['peer-to-peer VoIP, app-hosted media', true, 'established, hung up'],
      ['group call', true, 'established with 3 participants, hung up'],
      ['scheduled meeting join', true, 'established with 2 participants, hung up'],
      ['channel meeting join', true, 'established with 2 participants, hung up'],
      ['guest join through the lobby', true, 'established with 2 participants, hung up'],
      ['PSTN call, service-hosted media', true, 'established, hung up'],
      ['PSTN call, app-hosted media', true, 'established, hung up'],
      ['join by meeting id and passcode', true, 'established with 1 participant, hung up'],
      ['join from a Teams link', true, 'established with 2 participants, hung up'],
      [
        'IVR: incoming PSTN call, prompt, key, recording, transfer',
        true,
        'answered, prompt played, key tone1, recorded until stopToneDetected, transferred; terminated',
      ],
      ['incoming call from a user, rejected busy', true, 'rejected (486), never answered'],
      ['incoming call from an application, redirected', true, 'redirected to a phone number; terminated'],
    ]);
  }, 30_000);

  it('reports its calls and its health on the admin listener', async () => {
    const created = await bot.place((cb) =>
      peerToPeerCall({ callbackUri: cb, to: user('112f7296-5fa4-42ca-bae8-6a692b15d4b8', 'John'), media: serviceHosted() }),
    );
    await created.waitFor('established');
    const status = (await (await fetch(`${bot.adminUrl}/status`)).json()) as {
      calls: Array<{ id: string; state: string; placedOrAnswered: boolean }>;
    };
    expect(status.calls).toContainEqual(expect.objectContaining({ id: created.id, state: 'established', placedOrAnswered: true }));
    const one = (await (await fetch(`${bot.adminUrl}/status/${created.id}`)).json()) as { id: string; state: string };
    expect(one).toMatchObject({ id: created.id, state: 'established' });
    expect(await (await fetch(`${bot.adminUrl}/health`)).json()).toMatchObject({ status: 'ok', embedded: true });
  });

  it('refuses forged callbacks with 401 and changes no state', async () => {
    // The calls' state, without the durations: a live call's grows by itself between two reads on a loaded machine.
    const state = async () => JSON.stringify(await bot.status(), (key, value: unknown) => (key === 'durationSeconds' ? undefined : value));
    const before = await state();
    const forged = {
      value: [{ changeType: 'updated', resourceUrl: '/communications/calls/forged', resourceData: { state: 'established' } }],
    };
    const noToken = await fetch(bot.callbackUri, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(forged),
    });
    const badToken = await fetch(bot.callbackUri, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJ0aWQiOiJ4In0.c2ln' },
      body: JSON.stringify(forged),
    });
    expect([noToken.status, badToken.status]).toEqual([401, 401]);
    expect(await state()).toBe(before);
  });
});

describe('call tracking', () => {
  it('reports a call it placed as its own after the end, from the shared record (the bot keeps no list of calls)', async () => {
    const bot = await Bot.start({ ...loadConfig({}), port: 0 }, { logger: quiet, simulator: { timing: { stepMs: 5, autoAnswerMs: 5 } } });
    try {
      const call = await bot.place((cb) =>
        peerToPeerCall({ callbackUri: cb, to: user('112f7296-5fa4-42ca-bae8-6a692b15d4b8'), media: serviceHosted() }),
      );
      await call.waitFor('established');
      expect(await bot.status()).toContainEqual(
        expect.objectContaining({ id: call.id, state: 'established', placedOrAnswered: true, owner: true }),
      );
      const ended = new Promise<void>((resolve) => bot.app.on('call.terminated', () => resolve()));
      await call.hangUp();
      await ended;
      expect(await bot.status()).toContainEqual(expect.objectContaining({ id: call.id, state: 'terminated', placedOrAnswered: true }));
    } finally {
      await bot.close();
    }
  });
});

describe('shutdown', () => {
  it('hangs up the calls it owns, then stops', async () => {
    const bot = await Bot.start({ ...loadConfig({}), port: 0 }, { logger: quiet, simulator: { timing: { stepMs: 5, autoAnswerMs: 5 } } });
    const created = await bot.place((cb) =>
      peerToPeerCall({ callbackUri: cb, to: user('112f7296-5fa4-42ca-bae8-6a692b15d4b8'), media: serviceHosted() }),
    );
    await created.waitFor('established');
    const simulator = bot.simulator;
    const stopping = bot.close();
    await simulator?.control.waitFor(created.id, (c) => c.state === 'terminated');
    expect(simulator?.control.call(created.id)?.resultInfo?.subcode).toBe(7000);
    await stopping;
    expect((await bot.app.store.get(created.id))?.state).toBe('terminated');
  });
});

describe('configuration', () => {
  it('uses the embedded simulator when no Graph variable is set', () => {
    expect(loadConfig({})).toMatchObject({ embedded: true, port: 3978, host: '127.0.0.1', version: 'v1.0' });
  });

  it.each<[string, Record<string, string>, string]>([
    [
      'a missing tenant',
      { GRAPH_APP_ID: '2891555a-92ff-42e6-80fa-6e1300c6b5c6' },
      'GRAPH_TENANT_ID: expected the tenant id of the app registration (a GUID), found nothing',
    ],
    [
      'a tenant that is not a GUID',
      { GRAPH_TENANT_ID: 'contoso', GRAPH_APP_ID: '2891555a-92ff-42e6-80fa-6e1300c6b5c6' },
      'GRAPH_TENANT_ID: expected a GUID, found "contoso"',
    ],
    [
      'no credential',
      { GRAPH_TENANT_ID: 'aa67bd4c-8475-432d-bd41-39f255720e0a', GRAPH_APP_ID: '2891555a-92ff-42e6-80fa-6e1300c6b5c6' },
      'GRAPH_CLIENT_SECRET or GRAPH_CERTIFICATE_KEY_FILE',
    ],
    [
      'no public URL for real Graph',
      {
        GRAPH_TENANT_ID: 'aa67bd4c-8475-432d-bd41-39f255720e0a',
        GRAPH_APP_ID: '2891555a-92ff-42e6-80fa-6e1300c6b5c6',
        GRAPH_CLIENT_SECRET: 's',
      },
      'BOT_PUBLIC_URL: expected the public https base URL',
    ],
    [
      'a plain-http public URL',
      {
        GRAPH_TENANT_ID: 'aa67bd4c-8475-432d-bd41-39f255720e0a',
        GRAPH_APP_ID: '2891555a-92ff-42e6-80fa-6e1300c6b5c6',
        GRAPH_CLIENT_SECRET: 's',
        BOT_PUBLIC_URL: 'http://bot.contoso.com',
      },
      'BOT_PUBLIC_URL: expected https',
    ],
    ['a bad port', { BOT_PORT: 'eighty' }, 'BOT_PORT: expected a port number 0–65535, found "eighty"'],
    ['an unknown cloud', { GRAPH_CLOUD: 'mars' }, 'GRAPH_CLOUD: expected global, usGov, usGovDoD or china, found "mars"'],
  ])('explains %s in one line', (_name, env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('accepts a complete configuration for real Graph', () => {
    const config = loadConfig({
      GRAPH_TENANT_ID: 'aa67bd4c-8475-432d-bd41-39f255720e0a',
      GRAPH_APP_ID: '2891555a-92ff-42e6-80fa-6e1300c6b5c6',
      GRAPH_CLIENT_SECRET: 's',
      BOT_PUBLIC_URL: 'https://bot.contoso.com/',
      GRAPH_VERSION: 'beta',
      GRAPH_CLOUD: 'usGov',
    });
    expect(config).toMatchObject({
      embedded: false,
      publicUrl: 'https://bot.contoso.com',
      version: 'beta',
      cloud: 'usGov',
      allowedTenants: ['aa67bd4c-8475-432d-bd41-39f255720e0a'],
    });
  });
});
