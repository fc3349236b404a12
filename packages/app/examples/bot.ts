import { createCallingApp, handleSignals, type Call, type CallingAppOptions } from '@graph-calling/app';
import { joinFromLink, peerToPeerCall, phone, serviceHosted, user } from '@graph-calling/builders';
import { connectRedis, RedisCallLeases, RedisCallStore, RedisEventFeed } from '@graph-calling/store-redis';
import * as t from 'io-ts';

/** Where an IVR call stands, kept with the call: the instance that takes a call over resumes from here. */
const IvrState = t.type({ step: t.keyof({ welcome: null, key: null, record: null, transfer: null }), key: t.string });
type IvrState = t.TypeOf<typeof IvrState>;

const WELCOME = { uri: 'https://cdn.contoso.com/ivr/welcome.wav', resourceId: 'ivr-welcome' };

/** What the bot needs: Graph, how to verify its callbacks, where to transfer, and (several instances) Redis parts. */
export interface BotSettings extends Pick<
  CallingAppOptions,
  'graph' | 'callbacks' | 'store' | 'leases' | 'feed' | 'publicUrl' | 'ownership'
> {
  readonly transferTo: string;
  readonly port?: number;
}

/** The IVR: welcome prompt, one key, a recorded message, then a transfer — each step stored before the next. */
async function ivr(call: Call<IvrState>, transferTo: string): Promise<string | undefined> {
  let state = (await call.data.get()) ?? { step: 'welcome', key: '' };
  const reach = async (next: IvrState) => call.data.set((state = next));
  if (state.step === 'welcome') {
    await call.subscribeToTone();
    await call.playPrompt({ prompts: [WELCOME] });
    await reach({ step: 'key', key: '' });
  }
  if (state.step === 'key') {
    const { tone } = await call.next('tone.received', { timeoutMs: 30_000 });
    await reach({ step: 'record', key: tone });
  }
  let message: string | undefined;
  if (state.step === 'record') {
    const { recording } = await call.record({ playBeep: true, maxRecordDurationInSeconds: 10, stopTones: ['#'] });
    message = recording?.location;
    await reach({ ...state, step: 'transfer' });
  }
  await call.transfer({ to: phone(transferTo) });
  await call.ended();
  return message;
}

/** Starts the bot: answers phone calls with the IVR, resumes IVRs it takes over, and serves its callback. */
export async function startBot(settings: BotSettings) {
  const { transferTo, port, ...parts } = settings;
  const app = await createCallingApp({ ...parts, data: IvrState });
  const messages = new Map<string, string | undefined>();

  app.onIncoming(async (call, caller) => {
    if (caller.callerKind !== 'phone') return call.reject({ reason: 'forbidden' });
    await call.answer({ media: serviceHosted({ preFetch: [WELCOME] }) });
    await call.waitFor('established');
    messages.set(call.id, await ivr(call, transferTo));
  });
  // The instance that ran this call's IVR died or shut down: carry on from the stored step.
  app.onTakeover(async (call) => {
    if (call.direction === 'incoming' && (await call.data.get()) !== undefined) messages.set(call.id, await ivr(call, transferTo));
  });
  app.on('call.terminated', (event) => console.log(`call ${event.callId} ended: ${event.resultInfo?.message ?? 'no reason'}`));

  const url = await app.listen({ port: port ?? 0 });
  return { app, url, messages };
}

/** Calls a Teams user, says hello, and hangs up. */
export async function callUser(app: Awaited<ReturnType<typeof startBot>>['app'], userId: string) {
  const call = await app.place((callbackUri) => peerToPeerCall({ callbackUri, to: user(userId), media: serviceHosted() }), {
    until: 'established',
  });
  await call.playPrompt({ prompts: [WELCOME] });
  await call.hangUp();
  return call.ended();
}

/** Joins a Teams meeting from its join link, reads who is there, and leaves after `stayMs`. */
export async function joinMeeting(app: Awaited<ReturnType<typeof startBot>>['app'], link: string, stayMs: number) {
  const call = await app.place((callbackUri) => joinFromLink(link, { callbackUri, media: serviceHosted() }), { until: 'established' });
  const { participants } = await call.waitUntil((record) => Object.keys(record.participants).length > 1);
  await new Promise((resolve) => setTimeout(resolve, stayMs));
  await call.hangUp();
  return Object.keys(participants).length;
}

/** Several instances behind a load balancer share calls, leases and events through one Redis. */
export async function redisParts(url: string, leaseMs = 30_000) {
  const redis = await connectRedis(url);
  return {
    store: new RedisCallStore({ redis }),
    leases: new RedisCallLeases({ redis, leaseMs }),
    feed: new RedisEventFeed({ redis }),
    redis,
  };
}

/** SIGTERM/SIGINT close the bot: calls handed over to the other instances, or hung up by the last one. */
export function closeOnSignals(bot: Awaited<ReturnType<typeof startBot>>): () => void {
  return handleSignals(bot.app, { onClosed: () => process.exit(0) });
}
