// The root README's in-call example (below the marker), type-checked with the package; a test keeps the two equal.
import type { TokenProvider } from '@graph-calling/transport';

declare const auth: TokenProvider;
declare const clientId: string;
declare const publicUrl: string;

// README:
import { createCallingApp } from '@graph-calling/app';
import { phone, serviceHosted } from '@graph-calling/builders';

const app = await createCallingApp({ graph: { auth }, callbacks: { appIds: clientId }, publicUrl });
app.onIncoming(async (call, caller) => {
  if (caller.callerKind !== 'phone') return call.reject({ reason: 'busy' }); // outbound calls never get here
  await call.answer({ media: serviceHosted() });
  await call.waitFor('established');
  await call.subscribeToTone(); // keys arrive as tone.received
  await call.playPrompt({ prompts: [{ uri: 'https://cdn.contoso.com/welcome.wav' }] }); // resolves once played
  const { tone } = await call.next('tone.received');
  const { recording } = await call.record({ stopTones: ['#'] });
  console.log(tone, recording?.location); // with recording.accessToken — download it promptly
  await call.transfer({ to: phone('+14255550199') });
});
await app.listen({ port: 3978 });
