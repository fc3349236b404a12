// The admin bench's callback client, in a process of its own so that the bot's thread runs only the
// bot: each line on stdin, `{"n": N, "tag": "T"}`, posts N callbacks one after the other (fresh call
// ids), each answered 202 once stored, and writes one line `{"ms": [...]}` — each callback's latency.
// The callback URL and the bearer token come in BENCH_CALLBACK_URL and BENCH_CALLBACK_TOKEN.
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';

/* global fetch */

const url = process.env.BENCH_CALLBACK_URL;
const token = process.env.BENCH_CALLBACK_TOKEN;

const notification = (callId) =>
  JSON.stringify({
    '@odata.type': '#microsoft.graph.commsNotifications',
    value: [
      {
        '@odata.type': '#microsoft.graph.commsNotification',
        changeType: 'updated',
        resourceUrl: `/communications/calls/${callId}`,
        resourceData: { '@odata.type': '#microsoft.graph.call', state: 'established', id: callId },
      },
    ],
  });

for await (const line of createInterface({ input: process.stdin })) {
  const { n, tag } = JSON.parse(line);
  const ms = [];
  for (let i = 0; i < n; i += 1) {
    const started = performance.now();
    const answer = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: notification(`bench-${tag}-${i}`),
    });
    const text = await answer.text();
    if (answer.status !== 202) {
      process.stdout.write(`${JSON.stringify({ error: `callback: expected 202, found ${answer.status} ${text}` })}\n`);
      process.exit(1);
    }
    ms.push(performance.now() - started);
  }
  process.stdout.write(`${JSON.stringify({ ms })}\n`);
}
