import { serviceHosted, type IdentityRef } from '@graph-calling/builders';
import type { CallbackEvent, CallbackReceiver, EventMap } from '@graph-calling/notifications';
import type { CallsClient } from '@graph-calling/transport';

/** The prompt the IVR plays (pre-fetched when the call is answered). */
export const WELCOME_PROMPT = { uri: 'https://cdn.contoso.com/ivr/welcome.wav', resourceId: 'ivr-welcome' } as const;

/** What one IVR run did, as the bot saw it. */
export interface IvrOutcome {
  readonly callId: string;
  readonly key: string;
  readonly recordingLocation: string | undefined;
  readonly completionReason: string | undefined;
}

/** Resolves with the next event of one type for one call (or rejects after `timeoutMs`). */
export function nextEvent<N extends keyof EventMap>(
  receiver: Pick<CallbackReceiver, 'on'>,
  callId: string,
  type: N,
  timeoutMs: number,
): Promise<EventMap[N]> {
  return new Promise((resolve, reject) => {
    const off = receiver.on('*', (event: CallbackEvent) => {
      if (event.callId !== callId || event.type !== type) return;
      done();
      resolve(event as EventMap[N]);
    });
    const timer = setTimeout(() => {
      done();
      reject(new Error(`expected ${type} for call ${callId} within ${timeoutMs} ms, found none`));
    }, timeoutMs);
    const done = () => {
      off();
      clearTimeout(timer);
    };
  });
}

/**
 * The IVR: answer with service-hosted media, subscribe to keys, play the welcome prompt and wait
 * for it to finish, wait for the caller's key, record a short message (ended by # or after 10 s),
 * then transfer the call. Every step waits for Graph's notification before the next.
 */
export async function runIvr(
  client: CallsClient,
  receiver: Pick<CallbackReceiver, 'on'>,
  callId: string,
  options: { readonly callbackUri: string; readonly transferTo: IdentityRef<'user' | 'phone'>; readonly stepTimeoutMs?: number },
): Promise<IvrOutcome> {
  const timeout = options.stepTimeoutMs ?? 30_000;
  const established = nextEvent(receiver, callId, 'call.established', timeout);
  await client.calls.answer(callId, { media: serviceHosted({ preFetch: [WELCOME_PROMPT] }), callbackUri: options.callbackUri });
  await established;
  // Subscribe before the prompt: a caller who presses a key during it is still heard.
  const key = nextEvent(receiver, callId, 'tone.received', timeout);
  await client.calls.subscribeToTone(callId, { clientContext: 'ivr-keys' });
  const played = await client.calls.playPrompt(
    callId,
    { prompts: [WELCOME_PROMPT], clientContext: 'ivr-welcome' },
    { wait: true, waitTimeoutMs: timeout },
  );
  if (!played.completion?.succeeded) throw new Error(`the welcome prompt did not play: ${JSON.stringify(played.completion)}`);
  const pressed = await key;
  const recorded = await client.calls.record(
    callId,
    { playBeep: true, maxRecordDurationInSeconds: 10, maxSilenceTimeoutInSeconds: 3, stopTones: ['#'], clientContext: 'ivr-message' },
    { wait: true, waitTimeoutMs: timeout },
  );
  const completion = recorded.completion as
    (typeof recorded.completion & { recording?: { location: string }; completionReason?: string }) | undefined;
  if (!completion?.succeeded) throw new Error(`the recording failed: ${JSON.stringify(completion)}`);
  await client.calls.transfer(callId, { to: options.transferTo, clientContext: 'ivr-transfer' });
  return {
    callId,
    key: pressed.tone,
    recordingLocation: completion.recording?.location,
    completionReason: completion.completionReason ?? undefined,
  };
}
