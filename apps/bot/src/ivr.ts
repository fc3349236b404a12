import * as t from 'io-ts';
import { phone, serviceHosted, user, type IdentityRef } from '@graph-calling/builders';
import type { Call, WaitOptions } from '@graph-calling/app';
import type { BotCallData } from './botCallData';

/** The prompt the IVR plays (pre-fetched when the call is answered). */
export const WELCOME_PROMPT = { uri: 'https://cdn.contoso.com/ivr/welcome.wav', resourceId: 'ivr-welcome' } as const;

/** Where the IVR sends the caller: a phone number or a Teams user. */
const IvrTarget = t.type({ kind: t.keyof({ phone: null, user: null }), id: t.string }, 'IvrTarget');

/**
 * Where one call's IVR is, kept with the call (`call.data`): the instance that takes the call over
 * after its owner died resumes from `step`. `key`, `recordingLocation` and `completionReason` are
 * what the finished steps found.
 */
export const IvrState = t.intersection(
  [
    t.type({ step: t.keyof({ answer: null, prompt: null, record: null, transfer: null, done: null }), transferTo: IvrTarget }),
    t.partial({ key: t.string, recordingLocation: t.string, completionReason: t.string }),
  ],
  'IvrState',
);
/** See {@link IvrState}. */
export type IvrState = t.TypeOf<typeof IvrState>;

/** Options of {@link runIvr}. */
export interface IvrOptions {
  /** The callback URL the answered call keeps. */
  readonly callbackUri: string;
  /** Who takes the call once the message is recorded (a resumed IVR keeps the target it started with). */
  readonly transferTo: IdentityRef<'user' | 'phone'>;
  /** How long each step may wait for Graph (default 30 s). */
  readonly stepTimeoutMs?: number;
}

/**
 * The IVR: answer with service-hosted media, subscribe to keys, play the welcome prompt, take the
 * caller's key (one pressed during the prompt counts), record a message (ended by # or after
 * 10 s), then transfer. Each step is stored with the call before the next begins, so it runs from
 * where the call is — the first time, or on the instance that took the call over.
 */
export async function runIvr(call: Call<BotCallData>, options: IvrOptions): Promise<IvrState> {
  const wait: WaitOptions = { timeoutMs: options.stepTimeoutMs ?? 30_000 };
  const save = async (ivr: IvrState) => {
    await call.data.update((data) => ({ ...data, ivr }));
    return ivr;
  };
  const target = { kind: options.transferTo.kind, id: options.transferTo.id };
  let ivr = (await call.data.get())?.ivr ?? (await save({ step: 'answer', transferTo: target }));
  for (;;) {
    switch (ivr.step) {
      case 'answer':
        // A call taken over may have been answered already by the instance that died.
        if ((await call.state()) === 'incoming')
          await call.answer({ media: serviceHosted({ preFetch: [WELCOME_PROMPT] }), callbackUri: options.callbackUri });
        await call.waitFor('established', wait);
        ivr = await save({ ...ivr, step: 'prompt' });
        break;
      case 'prompt': {
        await call.subscribeToTone({ clientContext: 'ivr-keys' }, wait);
        await call.playPrompt({ prompts: [WELCOME_PROMPT], clientContext: 'ivr-welcome' }, wait);
        // The call keeps the keys it heard: one pressed while the prompt played is taken here.
        const pressed = await call.next('tone.received', wait);
        ivr = await save({ ...ivr, step: 'record', key: pressed.tone });
        break;
      }
      case 'record': {
        const recorded = await call.record(
          { playBeep: true, maxRecordDurationInSeconds: 10, maxSilenceTimeoutInSeconds: 3, stopTones: ['#'], clientContext: 'ivr-message' },
          wait,
        );
        ivr = await save({
          ...ivr,
          step: 'transfer',
          ...(recorded.recording ? { recordingLocation: recorded.recording.location } : {}),
          ...(recorded.completionReason ? { completionReason: recorded.completionReason } : {}),
        });
        break;
      }
      case 'transfer': {
        const to = ivr.transferTo.kind === 'phone' ? phone(ivr.transferTo.id) : user(ivr.transferTo.id);
        await call.transfer({ to, clientContext: 'ivr-transfer' });
        ivr = await save({ ...ivr, step: 'done' });
        break;
      }
      case 'done':
        return ivr;
    }
  }
}
