import { isDeepStrictEqual } from 'node:util';
import {
  appHosted,
  applicationInstance,
  groupCall,
  guest,
  joinFromLink,
  joinMeeting,
  joinMeetingById,
  peerToPeerCall,
  phone,
  pstnCall,
  serviceHosted,
  user,
} from '@graph-calling/builders';
import type { CallRequest, IdentitySet } from '@graph-calling/models';
import type { CallRecord } from '@graph-calling/notifications';
import type { ActionTruth } from '@graph-calling/simulator';
import type { Bot } from './Bot';
import type { IncomingPolicy } from './incomingPolicy';

/** One scenario of the tour and what it must reach. */
interface Stop {
  readonly name: string;
  readonly request: (callbackUri: string, tenantId: string) => CallRequest;
  /** What the bot's view must show once the call is up. */
  readonly expect: (record: CallRecord) => boolean;
  /** Something the far side does first (a lobby admitting the bot). */
  readonly farSide?: (bot: Bot, callId: string) => Promise<void>;
}

/** The outcome of one scenario. */
export interface TourResult {
  readonly name: string;
  readonly ok: boolean;
  readonly ms: number;
  readonly callId?: string;
  readonly detail: string;
}

const john = user('112f7296-5fa4-42ca-bae8-6a692b15d4b8', 'John');
const alice = user('98da8a1a-1b87-452c-a713-65d3f10b5555', 'Alice');
const organizer = (tenantId: string) => user('5810cede-f3cc-42eb-b2c1-e9bd5d53ec96', { displayName: 'Bob', tenantId });
const meeting = { threadId: '19:meeting_Win6Ydo4wsMijFjZS00ZGVjLTk5MGUtOTRjNWY2NmNkYTFm@thread.v2', messageId: '0' };
const channel = { threadId: '19:cbee7c1c860e465f8258e3cebf7bee0d@thread.skype', messageId: '1533758867081' };
const pstnBot = applicationInstance('3d913abb-aec0-4964-8fa6-3c6850c4f278', 'Calling Bot');
const blob = { mpUri: 'net.tcp://bot.contoso.com:18732/MediaProcessor', supportedAudioFormat: 'Pcm16K' };
const established = (r: CallRecord) => r.state === 'established';
/** How long a scenario may wait for a state. */
const WAIT_MS = 10_000;
const withRoster = (n: number) => (r: CallRecord) => r.state === 'established' && Object.keys(r.participants).length >= n;

const STOPS: readonly Stop[] = [
  {
    name: 'peer-to-peer VoIP, service-hosted media',
    request: (cb) =>
      peerToPeerCall({
        callbackUri: cb,
        to: john,
        media: serviceHosted({ preFetch: [{ uri: 'https://cdn.contoso.com/beep.wav', resourceId: 'beep' }] }),
      }),
    expect: established,
  },
  {
    name: 'peer-to-peer VoIP, app-hosted media',
    request: (cb) => peerToPeerCall({ callbackUri: cb, to: john, media: appHosted({ blob }) }),
    expect: established,
  },
  {
    name: 'group call',
    request: (cb) => groupCall({ callbackUri: cb, subject: 'Tour group call', targets: [john, alice], media: serviceHosted() }),
    expect: withRoster(3),
  },
  {
    name: 'scheduled meeting join',
    request: (cb, t) =>
      joinMeeting({
        callbackUri: cb,
        chatInfo: meeting,
        organizer: organizer(t),
        allowConversationWithoutHost: true,
        media: serviceHosted(),
        tenantId: t,
      }),
    expect: withRoster(2),
  },
  {
    name: 'channel meeting join',
    request: (cb, t) => joinMeeting({ callbackUri: cb, chatInfo: channel, organizer: organizer(t), media: appHosted({ blob }) }),
    expect: withRoster(2),
  },
  {
    name: 'guest join through the lobby',
    request: (cb, t) =>
      joinMeeting({
        callbackUri: cb,
        chatInfo: channel,
        organizer: organizer(t),
        media: serviceHosted(),
        source: guest('tour-guest', 'Tour Guest'),
      }),
    farSide: async (bot, id) => {
      await bot.call(id).waitUntil((r) => Object.values(r.participants).some((p) => p.isInLobby === true), { timeoutMs: WAIT_MS });
      bot.simulator?.control.admit(id);
    },
    expect: (r) => established(r) && Object.values(r.participants).every((p) => p.isInLobby !== true),
  },
  {
    name: 'PSTN call, service-hosted media',
    request: (cb) => pstnCall({ callbackUri: cb, from: pstnBot, to: phone('+14255550123'), media: serviceHosted() }),
    expect: established,
  },
  {
    name: 'PSTN call, app-hosted media',
    request: (cb, t) => pstnCall({ callbackUri: cb, from: pstnBot, to: phone('+14255550123'), media: appHosted({ blob }), tenantId: t }),
    expect: established,
  },
  {
    name: 'join by meeting id and passcode',
    request: (cb) => joinMeetingById({ callbackUri: cb, meetingId: '234 567 890 123', passcode: 'AbCd12', media: serviceHosted() }),
    expect: withRoster(1),
  },
  {
    name: 'join from a Teams link',
    request: (cb, t) =>
      joinFromLink(
        `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(meeting.threadId)}/0?context=${encodeURIComponent(JSON.stringify({ Tid: t, Oid: '5810cede-f3cc-42eb-b2c1-e9bd5d53ec96' }))}`,
        { callbackUri: cb, media: serviceHosted() },
      ),
    expect: withRoster(2),
  },
];

/** A call that rings the bot: who calls, what the bot's policy does, and how the result is checked. */
interface IncomingStop {
  readonly name: string;
  readonly from: IdentitySet;
  readonly policy: IncomingPolicy;
  /** The caller's side while the call is up (pressing keys). */
  readonly farSide?: (bot: Bot, callId: string) => Promise<void>;
  /** Compares the bot's view with the simulator's truth; returns the result's detail. */
  readonly check: (bot: Bot, callId: string, record: CallRecord, truth: ActionTruth) => string | Promise<string>;
}

const transferDesk = phone('+14255550199');
const voicemail = phone('+14255550123');

/** Polls until `holds` (the caller's side of the tour reads the simulator's truth, which sends no events). */
async function until<T>(read: () => T | Promise<T>, holds: (value: T) => boolean, what: string, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (holds(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The bot's embedded simulator; the tour runs against nothing else. */
function simulatorOf(bot: Bot): NonNullable<Bot['simulator']> {
  if (!bot.simulator) throw new Error('the tour runs against the embedded simulator: unset the Graph variables to use it');
  return bot.simulator;
}

/** Polls the simulator's truth of a call's actions. */
async function untilTruth(bot: Bot, callId: string, holds: (truth: ActionTruth) => boolean, what: string): Promise<void> {
  const simulator = simulatorOf(bot);
  await until(() => simulator.actions.truth(callId), holds, `the simulator did not see ${what}`);
}

function expectEqual(what: string, seen: unknown, truth: unknown): void {
  if (!isDeepStrictEqual(seen, truth))
    throw new Error(`${what}: the bot saw ${JSON.stringify(seen)}, the simulator ${JSON.stringify(truth)}`);
}

const INCOMING: readonly IncomingStop[] = [
  {
    name: 'IVR: incoming PSTN call, prompt, key, recording, transfer',
    from: { phone: { id: '+14255550100' } },
    policy: { kind: 'ivr', transferTo: transferDesk },
    farSide: async (bot, id) => {
      await untilTruth(
        bot,
        id,
        (t) => t.toneSubscribed && t.operations.some((o) => o.type === 'playPromptOperation' && o.status === 'completed'),
        'the welcome prompt played',
      );
      bot.simulator?.actions.pressKeys(id, ['1']);
      await untilTruth(bot, id, (t) => t.recordingActive, 'a recording listening');
      bot.simulator?.actions.pressKeys(id, ['#']);
    },
    check: async (bot, id, record, truth) => {
      // The IVR keeps its outcome with the call, for whichever instance reads it (stored once the transfer is accepted).
      const data = await until(
        () => bot.call(id).data.get(),
        (d) => d?.ivr?.step === 'done',
        'the IVR did not finish',
      );
      const outcome = data?.ivr;
      if (outcome === undefined) throw new Error('the IVR did not run');
      const recording = truth.operations.find((o) => o.type === 'recordOperation');
      expectEqual('answered', true, truth.answered);
      expectEqual('the first key', outcome.key, truth.tonesReported[0]);
      expectEqual('the keys', ['tone1', 'pound'], truth.tonesReported);
      expectEqual('the recording', outcome.recordingLocation, recording?.recordingLocation);
      expectEqual('why the recording stopped', outcome.completionReason, recording?.completionReason);
      expectEqual('the transfer target', transferDesk.id, truth.transferredTo?.phone?.id);
      return `answered, prompt played, key ${outcome.key}, recorded until ${outcome.completionReason}, transferred; ${record.state}`;
    },
  },
  {
    name: 'incoming call from a user, rejected busy',
    from: { user: { id: '8a34a46b-3d17-4adc-8dce-dc4e7d572698', displayName: 'Caller' } },
    policy: { kind: 'reject', reason: 'busy' },
    check: (bot, id, record, truth) => {
      expectEqual('the reject reason', 'busy', truth.rejectedWith);
      expectEqual('the end', record.resultInfo?.code, bot.simulator?.control.call(id)?.resultInfo?.code);
      return `rejected (${record.resultInfo?.code ?? '?'}), never answered`;
    },
  },
  {
    name: 'incoming call from an application, redirected',
    from: { application: { id: '11111111-2222-3333-4444-555555555555', displayName: 'Other bot' } },
    policy: { kind: 'redirect', to: voicemail },
    check: (_bot, _id, record, truth) => {
      expectEqual('the redirect target', voicemail.id, truth.redirectedTo?.[0]?.phone?.id);
      return `redirected to a phone number; ${record.state}`;
    },
  },
];

/**
 * Runs one stop of the tour: its outcome (a detail line) or its failure, with its time and, once
 * known, its call id.
 */
async function runStop(name: string, body: (seen: (callId: string) => void) => Promise<string>): Promise<TourResult> {
  const started = Date.now();
  let callId: string | undefined;
  try {
    const detail = await body((id) => (callId = id));
    return { name, ok: true, ms: Date.now() - started, ...(callId ? { callId } : {}), detail };
  } catch (error) {
    return {
      name,
      ok: false,
      ms: Date.now() - started,
      ...(callId ? { callId } : {}),
      detail: error instanceof Error ? error.message : String(error),
    };
  }
}

/** Rings the bot once per incoming scenario, with the scenario's policy, and checks the outcome against the truth. */
async function runIncoming(bot: Bot, report: (result: TourResult) => void): Promise<TourResult[]> {
  const simulator = simulatorOf(bot);
  const results: TourResult[] = [];
  const previous = bot.incoming;
  try {
    for (const stop of INCOMING) {
      const result = await runStop(stop.name, async (seen) => {
        bot.incoming = stop.policy;
        const call = simulator.actions.ring({
          callbackUri: bot.callbackUri,
          from: stop.from,
          to: { applicationInstance: { id: '3d913abb-aec0-4964-8fa6-3c6850c4f278', displayName: 'Calling Bot' } },
        });
        seen(call.id);
        if (stop.farSide) await stop.farSide(bot, call.id);
        const record = await bot.call(call.id).ended({ timeoutMs: WAIT_MS });
        expectEqual('the final state', record.state, simulator.control.call(call.id)?.state);
        return stop.check(bot, call.id, record, simulator.actions.truth(call.id));
      });
      results.push(result);
      report(result);
    }
  } finally {
    bot.incoming = previous;
  }
  return results;
}

/**
 * Runs every documented scenario against the embedded simulator: each call must reach its
 * expected state in the bot's own view (built from signed notifications) and agree with the
 * simulator's truth, then is hung up and must end as terminated with Graph's "ended by bot".
 */
export async function runTour(bot: Bot, report: (result: TourResult) => void = () => undefined): Promise<TourResult[]> {
  const simulator = simulatorOf(bot);
  const tenantId = simulator.apps[0]?.tenantId ?? '';
  const results: TourResult[] = [];
  for (const stop of STOPS) {
    const result = await runStop(stop.name, async (seen) => {
      const call = await bot.place((cb) => stop.request(cb, tenantId));
      seen(call.id);
      if (stop.farSide) await stop.farSide(bot, call.id);
      const record = await call.waitUntil(stop.expect, { timeoutMs: WAIT_MS });
      const truth = simulator.control.call(call.id);
      const roster = Object.keys(record.participants).sort().join();
      const real = (truth?.participants ?? [])
        .map((p) => p.id)
        .sort()
        .join();
      if (truth?.state !== record.state) throw new Error(`the bot sees ${record.state}, the simulator ${truth?.state}`);
      if (roster !== '' && roster !== real) throw new Error('the bot\u2019s roster differs from the simulator\u2019s');
      await call.hangUp();
      const ended = await call.ended({ timeoutMs: WAIT_MS });
      if (ended.resultInfo?.subcode !== 7000) throw new Error(`ended with ${JSON.stringify(ended.resultInfo)}, expected 200/7000`);
      const count = Object.keys(record.participants).length;
      return `established${roster ? ` with ${count} participant${count === 1 ? '' : 's'}` : ''}, hung up`;
    });
    results.push(result);
    report(result);
  }
  results.push(...(await runIncoming(bot, report)));
  return results;
}
