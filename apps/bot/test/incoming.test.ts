import { Bot, createLogger, loadConfig } from '../src';
import { IncomingPolicyError, parseIncomingPolicy } from '../src/incomingPolicy';

// Each test starts bots (the embedded simulator, the admin worker compiling its sources under jest): a loaded
// 2-core machine can take longer than the default 30 s. A guard against hangs, not an assertion on time.
jest.setTimeout(90_000);

const quiet = createLogger({ level: 'silent' });

describe('parseIncomingPolicy', () => {
  it.each([
    ['answer', { kind: 'answer' }],
    ['reject', { kind: 'reject', reason: 'busy' }],
    ['reject:forbidden', { kind: 'reject', reason: 'forbidden' }],
    ['redirect:+14255550123', { kind: 'redirect', to: { kind: 'phone', id: '+14255550123' } }],
    ['ivr:98da8a1a-1b87-452c-a713-65d3f10b5555', { kind: 'ivr', transferTo: { kind: 'user', id: '98da8a1a-1b87-452c-a713-65d3f10b5555' } }],
    ['ignore', { kind: 'ignore' }],
  ])('reads %s', (text, policy) => expect(parseIncomingPolicy(text)).toEqual(policy));

  it.each([
    ['hold', 'expected answer, reject[:reason], redirect:<+number|user id>, ivr:<+number|user id> or ignore, found "hold"'],
    ['reject:later', 'reject: expected none, busy or forbidden, found "later"'],
    ['redirect', 'redirect: expected a target after ":" (an E.164 number such as +14255550123, or a user\'s object id)'],
    ['redirect:bob', 'redirect: expected an E.164 number or a user\'s object id, found "bob"'],
  ])('refuses %s, saying what it expected', (text, message) => {
    expect(() => parseIncomingPolicy(text)).toThrow(IncomingPolicyError);
    expect(() => parseIncomingPolicy(text)).toThrow(message);
  });
});

describe('bot serve answers incoming calls by its policy', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await Bot.start({ ...loadConfig({}), port: 0 }, { logger: quiet, simulator: { timing: { stepMs: 5, incomingTimeoutMs: 3000 } } });
  }, 120_000);
  afterAll(() => bot.close());

  it('answer: the call is established and the simulator knows it was answered', async () => {
    bot.incoming = { kind: 'answer' };
    const call = bot.simulator!.actions.ring({ callbackUri: bot.callbackUri, from: { phone: { id: '+14255550100' } } });
    const record = await bot.call(call.id).waitFor('established');
    expect(record.state).toBe(bot.simulator!.control.call(call.id)?.state);
    expect(bot.simulator!.actions.truth(call.id)).toMatchObject({ direction: 'incoming', answered: true });
    expect((await bot.status()).find((c) => c.id === call.id)).toMatchObject({ state: 'established', placedOrAnswered: true });
  });

  it('ignore: Graph gives up after its timeout and the call ends unanswered', async () => {
    bot.incoming = { kind: 'ignore' };
    const call = bot.simulator!.actions.ring({
      callbackUri: bot.callbackUri,
      from: { user: { id: '8a34a46b-3d17-4adc-8dce-dc4e7d572698' } },
    });
    const record = await bot.call(call.id).ended({ timeoutMs: 10_000 });
    expect(record.resultInfo).toMatchObject({ code: 408 });
    expect(bot.simulator!.actions.truth(call.id).answered).toBe(false);
  });
});
