import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSimulator, type Simulator } from '@graph-calling/simulator';
import { eventually } from '@graph-calling/test-support/eventually';
import { callUser, joinMeeting, startBot } from '../examples/bot';
import { simulatorSettings } from './simulatorSettings';

let simulator: Simulator;
let bot: Awaited<ReturnType<typeof startBot>>;

beforeAll(async () => {
  simulator = await createSimulator({ timing: { stepMs: 5, autoAnswerMs: 5, promptMs: 20, recordMs: 3000 } });
  bot = await startBot({ ...simulatorSettings(simulator), transferTo: '+14255550199' });
});
afterAll(async () => {
  await bot.app.close({ graceMs: 5000 });
  await simulator.close();
});

describe('the "Write your own bot" bot, against the simulator', () => {
  it('runs the IVR on a phone call: answer, prompt, one key, record until #, transfer', async () => {
    const call = simulator.actions.ring({ callbackUri: bot.app.callbackUri, from: { phone: { id: '+14255550100' } } });
    await eventually(() => {
      const truth = simulator.actions.truth(call.id);
      return truth.toneSubscribed && truth.operations.some((o) => o.type === 'playPromptOperation' && o.status === 'completed');
    }, 10_000);
    simulator.actions.pressKeys(call.id, ['1']);
    await eventually(() => simulator.actions.truth(call.id).recordingActive, 10_000);
    simulator.actions.pressKeys(call.id, ['#']);
    await eventually(() => bot.messages.has(call.id), 10_000);
    const truth = simulator.actions.truth(call.id);
    expect(truth).toMatchObject({ answered: true, tonesReported: ['tone1', 'pound'], transferredTo: { phone: { id: '+14255550199' } } });
    const recording = truth.operations.find((o) => o.type === 'recordOperation');
    expect(recording?.completionReason).toBe('stopToneDetected');
    expect(bot.messages.get(call.id)).toBe(recording?.recordingLocation);
    expect(await bot.app.call(call.id).data.get()).toEqual({ step: 'transfer', key: 'tone1' });
  });

  it('rejects a call that does not come from a phone, and never runs the IVR for it', async () => {
    const call = simulator.actions.ring({
      callbackUri: bot.app.callbackUri,
      from: { user: { id: '8a34a46b-3d17-4adc-8dce-dc4e7d572698' } },
    });
    const record = await bot.app.call(call.id).ended({ timeoutMs: 10_000 });
    expect(record.resultInfo).toMatchObject({ code: 603 });
    expect(simulator.actions.truth(call.id)).toMatchObject({ answered: false, rejectedWith: 'forbidden' });
  });

  it('places a call to a user (never seen by the incoming handler), plays a prompt and hangs up', async () => {
    const ended = await callUser(bot.app, '112f7296-5fa4-42ca-bae8-6a692b15d4b8');
    expect(ended.state).toBe('terminated');
    const truth = simulator.actions.truth(ended.callId);
    expect(truth.direction).toBe('outgoing');
    expect(truth.answered).toBe(false);
    expect(truth.operations.map((o) => `${o.type} ${o.status}`)).toEqual(['playPromptOperation completed']);
    expect(bot.app.call(ended.callId).direction).toBe('outgoing');
  });

  it('joins a meeting from its Teams link and sees its roster', async () => {
    const tenant = simulator.apps[0]?.tenantId ?? '';
    const context = encodeURIComponent(JSON.stringify({ Tid: tenant, Oid: '5810cede-f3cc-42eb-b2c1-e9bd5d53ec96' }));
    const link = `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent('19:meeting_abc@thread.v2')}/0?context=${context}`;
    expect(await joinMeeting(bot.app, link, 10)).toBeGreaterThanOrEqual(1);
  });

  it('is the bot the guide shows, line for line, and fits in 120 lines', () => {
    const source = readFileSync(join(__dirname, '../examples/bot.ts'), 'utf8');
    expect(source.trimEnd().split('\n').length).toBeLessThanOrEqual(120);
    expect(source).not.toMatch(/\bas\s+(?!const\b)[A-Z{[]/);
    for (const guide of ['../README.md', '../../../docs/guides/write-your-own-bot.md']) {
      const text = readFileSync(join(__dirname, guide), 'utf8');
      const block = /```ts bot\n([\s\S]*?)```/.exec(text)?.[1];
      expect(block).toBe(source);
    }
  });
});
